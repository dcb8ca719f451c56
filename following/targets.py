"""What can be followed: each kind of target read from what a form sends, checked against the
public registry, named for people and linked.

``resolve(kind, key)`` answers a ``Target`` for a public target and None for anything else (an
unknown code, a draft, a view-restricted page, a theme no practice has, a query the listing
would refuse), so the views answer junk with a plain message and the digests never name what
the public may not see.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from core.countries import country_name, lookup
from frameworks.models import FrameworkPage, Provision
from search.facets import FACETS
from search.query import BadParameter, PracticeQuery

from .models import TargetKind

MAX_KEY_LENGTH = 1000  # the model's key; a longer query string is refused, never cut


@dataclass(frozen=True)
class Target:
    kind: str
    key: str
    label: str
    url: str  # a path on this site

    @property
    def kind_label(self):
        return TargetKind(self.kind).label

    @property
    def absolute_url(self):
        return absolute(self.url)


def absolute(url):
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def listing_url():
    index = apps.get_model("practices", "PracticeIndexPage").objects.live().public().first()
    return index.url if index else "/"


def normalise_search(query_string):
    """The listing's query string as one canonical string: read by the listing's own parser
    (junk parameters dropped), each facet's values sorted, without page, page size or sort, so
    that equivalent addresses are one follow. None when the listing would refuse it."""
    if len(query_string) > MAX_KEY_LENGTH * 4:
        return None
    try:
        query = PracticeQuery.from_params(QueryDict(query_string))
    except (BadParameter, ValueError):
        return None
    filters = {name: tuple(sorted(values)) for name, values in query.filters.items()}
    query = replace(query, q=" ".join(query.q.split()), filters=filters, sort="", page=1)
    normalised = urlencode(query.to_params())
    return normalised if len(normalised) <= MAX_KEY_LENGTH else None


def search_label(key):
    """The saved search named by its filters' vocabulary labels only: the free text ``q`` is
    whatever a visitor typed, so it is never repeated in a label (the label goes into e-mails,
    the confirmation included, sent before an address is confirmed)."""
    query = PracticeQuery.from_params(QueryDict(key))
    parts = []
    if query.q:
        parts.append(_("your search words"))
    for name, values in query.filters.items():
        facet = FACETS[name]
        values = ", ".join(value_label(facet, v) for v in values)
        parts.append(_("%(facet)s: %(value)s") % {"facet": facet.label, "value": values})
    if query.year_from or query.year_to:
        parts.append(
            _("years %(start)s–%(end)s")
            % {"start": query.year_from or "…", "end": query.year_to or "…"}
        )
    # Translators: a saved search, e.g. "Practices: Country: Kenya; years 2015–…".
    return _("Practices: %(filters)s") % {"filters": "; ".join(parts) if parts else _("all")}


def value_label(facet, value):
    """A filter's value for people: a closed vocabulary's label, a known country's name or a
    public theme; any other value (free text a visitor typed) is not repeated."""
    if facet.vocabulary.codes is not None:
        return facet.value_label(value) if value in facet.vocabulary.codes else "another value"
    if facet.name == "country":
        return country_name(value) if lookup(value) else "another value"
    if facet.name == "theme":
        return value if resolve(TargetKind.THEME, value) else "another value"
    return "another value"


def page_id(key):
    return int(key) if key.isdigit() and len(key) < 12 else None


def resolve(kind, key):
    """The public ``Target`` of ``kind`` and ``key``, or None."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH * 4:
        return None
    if kind == TargetKind.COUNTRY:
        info = lookup(key)
        if info is None:
            return None
        return Target(
            kind, info.code, country_name(info.code), reverse("country_profile", args=[info.code])
        )
    if kind == TargetKind.FRAMEWORK:
        pk = page_id(key)
        framework = pk and FrameworkPage.objects.live().public().filter(pk=pk).first()
        return Target(kind, str(pk), framework.title, framework.url) if framework else None
    if kind == TargetKind.PROVISION:
        pk = page_id(key)
        public = FrameworkPage.objects.live().public()
        provision = pk and (
            Provision.objects.filter(pk=pk, framework__in=public)
            .select_related("framework")
            .first()
        )
        if not provision:
            return None
        label = f"{provision.framework.title}, {provision.code}"
        return Target(kind, str(pk), label, provision.framework.provision_url(provision))
    if kind == TargetKind.THEME:
        name = " ".join(key.split())[:100]
        # Only a theme of a published, public practice (the listing's facet values): a name
        # only drafts, practices in review or withdrawn ones use is as unknown as a made-up one.
        public = apps.get_model("practices", "PracticePage").objects.live().public()
        tag = (
            apps.get_model("practices", "PracticeTag")
            .objects.filter(tag__name=name, content_object__in=public)
            .select_related("tag")
            .first()
        )
        if tag is None:
            return None
        return Target(
            kind,
            tag.tag.name,
            tag.tag.name,
            listing_url() + "?" + urlencode({"theme": tag.tag.name}),
        )
    if kind == TargetKind.ACTION:
        pk = page_id(key)
        action_model = apps.get_model("actions", "JointActionPage")
        action = pk and action_model.objects.live().public().filter(pk=pk).first()
        return Target(kind, str(pk), action.title, action.url) if action else None
    if kind == TargetKind.SEARCH:
        normalised = normalise_search(key)
        if normalised is None:
            return None
        url = listing_url() + ("?" + normalised if normalised else "")
        return Target(kind, normalised, search_label(normalised), url)
    return None
