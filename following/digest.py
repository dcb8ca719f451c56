"""What a subscriber's digest says: for each of their follows, what is new or changed since
their last digest, from public data only.

- practices published (first published, or published again) in the followed country or theme,
  matching the saved search, or linked to the followed provision or framework;
- joint actions updated (published again) or joined by an organisation, for the followed action,
  or linked to the followed country, provision or framework;
- plans of the followed country (or the followed framework) added to the registry, or whose
  life changed: now ending within twelve months, expired without successor, in development
  (``frameworks.lifecycle``, read on the day of the last digest and today);
- monitoring notes published on the followed provision, or the framework's or country's plans.

Only live pages that no view restriction hides are read; a practice's organisations are the
ones it names in public (``public_organisations``), its place below country level never
appears, and monitoring notes are told by provision and status, never by organisation or place.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frameworks.lifecycle import WatchReason, with_watch_reason
from frameworks.models import FrameworkPage
from monitoring.models import MonitoringNote
from search.query import MAX_PAGE_SIZE, PracticeQuery
from search.service import search_practices

from .models import TargetKind
from .targets import absolute, resolve


@dataclass
class Item:
    what: str  # _("New practice"), _("Joint action updated"), ...
    title: str
    url: str  # absolute
    text: str = ""


@dataclass
class Section:
    follow: object
    target: object
    items: list = field(default_factory=list)


def practices_for(follow, since, until):
    model = apps.get_model("practices", "PracticePage")
    practices = (
        model.objects.live()
        .public()
        .filter(last_published_at__gt=since, last_published_at__lte=until)
        .prefetch_related("countries", "practice_organisations__organisation", "themes")
        .order_by("-last_published_at", "pk")
    )
    kind, key = follow.kind, follow.key
    if kind == TargetKind.COUNTRY:
        practices = practices.filter(countries__country=key)
    elif kind == TargetKind.THEME:
        practices = practices.filter(themes__name=key)
    elif kind == TargetKind.PROVISION:
        practices = practices.filter(provision_links__provision_id=key)
    elif kind == TargetKind.FRAMEWORK:
        practices = practices.filter(
            Q(framework_links__framework_id=key) | Q(provision_links__provision__framework_id=key)
        )
    elif kind == TargetKind.SEARCH:
        # The listing's own search, newest first: what it finds among the recent practices.
        query = PracticeQuery.from_params(QueryDict(key))
        query = PracticeQuery(
            query.q, query.filters, query.year_from, query.year_to, "newest", 1, MAX_PAGE_SIZE
        )
        found = [hit.practice.pk for hit in search_practices(query).hits]
        practices = practices.filter(pk__in=found)
    else:
        return []
    items = []
    for practice in practices.distinct():
        details = [practice.country_names(translation.get_language())]
        organisations = practice.public_organisation_names()
        if organisations:
            details.append(organisations)
        details.append(practice.summary)
        new = practice.first_published_at and practice.first_published_at > since
        items.append(
            Item(
                _("New practice") if new else _("Practice updated"),
                practice.title,
                absolute(practice.url),
                " · ".join(d for d in details if d),
            )
        )
    return items


def actions_for(follow, since, until):
    model = apps.get_model("actions", "JointActionPage")
    actions = model.objects.live().public()
    kind, key = follow.kind, follow.key
    if kind == TargetKind.ACTION:
        actions = actions.filter(pk=key)
    elif kind == TargetKind.COUNTRY:
        actions = actions.filter(countries__country=key)
    elif kind == TargetKind.PROVISION:
        actions = actions.filter(provision_links__provision_id=key)
    elif kind == TargetKind.FRAMEWORK:
        actions = actions.filter(provision_links__provision__framework_id=key)
    else:
        return []
    changed = actions.filter(
        Q(last_published_at__gt=since, last_published_at__lte=until)
        | Q(participations__joined_at__gt=since, participations__joined_at__lte=until)
    ).distinct()
    items = []
    for action in changed.order_by("title", "pk"):
        joined = action.participations.filter(joined_at__gt=since, joined_at__lte=until)
        named = joined.filter(
            organisation__in=apps.get_model("practices", "Organisation").objects.publicly_named()
        ).values_list("organisation__name", flat=True)
        count = joined.count()
        if count:
            if named:
                text = ngettext(
                    "%(count)d organisation joined: %(names)s",
                    "%(count)d organisations joined: %(names)s",
                    count,
                ) % {"count": count, "names": ", ".join(sorted(named))}
            else:
                text = ngettext(
                    "%(count)d organisation joined.", "%(count)d organisations joined.", count
                ) % {"count": count}
            what = _("Joint action joined")
        else:
            text, what = "", _("Joint action updated")
        if count and action.last_published_at and since < action.last_published_at <= until:
            what = _("Joint action updated and joined")
        items.append(Item(what, action.title, absolute(action.url), text))
    return items


def plans_for(follow, since, until):
    kind, key = follow.kind, follow.key
    plans = FrameworkPage.objects.live().public()
    if kind == TargetKind.COUNTRY:
        plans = plans.filter(country=key)
    elif kind == TargetKind.FRAMEWORK:
        plans = plans.filter(pk=key)
    else:
        return []
    items = []
    before = dict(with_watch_reason(plans, since.date()).values_list("pk", "watch_reason"))
    for plan in with_watch_reason(plans, until.date()).order_by("title", "pk"):
        if plan.first_published_at and since < plan.first_published_at <= until:
            items.append(Item(_("Plan added to the registry"), plan.title, absolute(plan.url)))
        elif plan.watch_reason and before.get(plan.pk) != plan.watch_reason:
            items.append(
                Item(
                    _("Plan to watch"),
                    plan.title,
                    absolute(plan.url),
                    WatchReason(plan.watch_reason).label,
                )
            )
    return items


def notes_for(follow, since, until):
    kind, key = follow.kind, follow.key
    notes = MonitoringNote.objects.published().filter(
        last_published_at__gt=since, last_published_at__lte=until
    )
    if kind == TargetKind.PROVISION:
        notes = notes.filter(provision_id=key)
    elif kind == TargetKind.FRAMEWORK:
        notes = notes.filter(provision__framework_id=key)
    elif kind == TargetKind.COUNTRY:
        notes = notes.filter(provision__framework__country=key)
    else:
        return []
    items = []
    for note in notes.select_related("provision__framework").order_by("pk"):
        provision = note.provision
        items.append(
            Item(
                _("Monitoring note"),
                f"{provision.framework.title}, {provision.code}",
                absolute(provision.framework.provision_url(provision)),
                f"{note.status_label}, {note.period_label}",
            )
        )
    return items


def sections(follows, until):
    """[Section] of the follows that have something new between their last digest and
    ``until``; empty when nothing changed."""
    found = []
    for follow in follows:
        target = resolve(follow.kind, follow.key)
        if target is None:  # unpublished or withdrawn since it was followed: nothing to tell
            continue
        since = follow.since
        items = []
        for collect in (practices_for, actions_for, plans_for, notes_for):
            items += collect(follow, since, until)
        if items:
            found.append(Section(follow, target, items))
    return found
