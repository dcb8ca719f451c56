"""Atom feeds: newly published practices, for any listing filter (/practices/feed/?<params>),
and the plans to watch (/frameworks/watch/feed/).

Newest first, through the practice search service. Each entry links to the practice page and
carries its summary only: no contact, no organisation name.
"""

from dataclasses import replace

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import condition

from core.sites import tag_uri
from core.text import strip_control_characters
from frameworks.lifecycle import plans_to_watch
from frameworks.models import FrameworkIndexPage, FrameworkPage
from practices.models import PracticeIndexPage
from search.facets import FACETS
from search.query import BadParameter
from search.service import search_practices

from .params import practice_query
from .views import CACHE_CONTROL

FEED_ITEMS = 50
FEED_TITLE = gettext_lazy("Good practices of local women peacebuilders")


def describe(query):
    """The filters of ``query`` in words, for the feed's title."""
    parts = []
    if query.q:
        parts.append(gettext("words: %(words)s") % {"words": query.q})
    for name, facet in FACETS.items():
        values = query.filters.get(name, ())
        if values:
            names = gettext(" or ").join(facet.value_label(value) for value in values)
            # Translators: a filter of the feed's title, e.g. "country: Kenya or Mali".
            parts.append(
                gettext("%(facet)s: %(values)s") % {"facet": facet.label.lower(), "values": names}
            )
    if query.year_from:
        parts.append(gettext("from %(year)s") % {"year": query.year_from})
    if query.year_to:
        parts.append(gettext("to %(year)s") % {"year": query.year_to})
    return "; ".join(parts)


def _querystring(query):
    params = [pair for pair in query.to_params() if pair[0] != "sort"]
    return "?" + urlencode(params) if params else ""


class XmlSafeAtomFeed(Atom1Feed):
    """Atom that drops the control characters XML 1.0 cannot hold, so that one stored before
    they were refused cannot turn the whole feed into a server error."""

    def add_item(self, **kwargs):
        super().add_item(
            **{name: strip_control_characters(value) for name, value in kwargs.items()}
        )


class LicensedFeed(Feed):
    """A feed whose <rights> state the content's licence."""

    def feed_copyright(self):
        licence = settings.CONTENT_LICENCE
        return f"{licence['name']}: {licence['url']}"


class NewPracticesFeed(LicensedFeed):
    feed_type = XmlSafeAtomFeed
    author_name = gettext_lazy("Local women peacebuilders' practice registry")

    def get_object(self, request, *args, **kwargs):
        query = practice_query(request.GET)
        # Newly published first, whatever the listing was sorted or paged by.
        return replace(query, sort="newest", page=1, page_size=FEED_ITEMS)

    def title(self, query):
        filters = describe(query)
        if filters:
            # Translators: the feed's title and, in brackets, the filters of the listing it follows.
            return gettext("%(title)s (%(filters)s)") % {"title": FEED_TITLE, "filters": filters}
        return str(FEED_TITLE)

    def subtitle(self, query):
        return gettext("Newly published good practices, newest first.")

    def link(self, query):
        return PracticeIndexPage.live_url() + _querystring(query)

    def feed_url(self, query):
        return reverse("practices_feed") + _querystring(query)

    def items(self, query):
        return [hit.practice for hit in search_practices(query).hits]

    def item_title(self, practice):
        return practice.title

    def item_description(self, practice):
        # Atom marks the summary as HTML: escaped, the plain text shows as it was written.
        return escape(practice.summary)

    def item_link(self, practice):
        return practice.url

    def item_guid(self, practice):
        return entry_id(practice, "practice")

    item_guid_is_permalink = False

    def item_pubdate(self, practice):
        return practice.first_published_at

    def item_updateddate(self, practice):
        return practice.last_published_at


new_practices = NewPracticesFeed()


def entry_id(page, kind, suffix=""):
    """A permanent Atom id (a ``tag:`` URI, RFC 4151): the kind and primary key, dated by the
    first publication, which never changes; a rename, a new slug or a move keeps it."""
    moment = page.first_published_at or page.last_published_at or timezone.now()
    return tag_uri(moment, f"{kind}/{page.pk}{suffix}")


# What changes the public set of practices: a publication, a withdrawal of any kind, a move.
PUBLIC_CHANGES = (
    "wagtail.publish",
    "wagtail.unpublish",
    "wagtail.delete",
    "wagtail.move",
    "practices.withdraw",
)


def practices_changed_at(request, *args, **kwargs):
    """The last time any practice's public version changed: the feed's Last-Modified, whatever
    its filters (a filtered feed may have changed then, and none of them changed since). Not the
    newest entry's date: a withdrawal removes an entry without adding a newer one."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import PageLogEntry

    from practices.models import PracticePage

    logged = PageLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PracticePage),
        action__in=PUBLIC_CHANGES,
    ).aggregate(latest=Max("timestamp"))["latest"]
    published = PracticePage.objects.aggregate(latest=Max("last_published_at"))["latest"]
    moments = [moment for moment in (logged, published) if moment is not None]
    return max(moments) if moments else None


@condition(last_modified_func=practices_changed_at)
def conditional_practices_feed(request):
    response = new_practices(request)
    # The syndication view dates the feed by its newest entry; the condition sets ours.
    del response["Last-Modified"]
    return response


def practices_feed(request):
    try:
        practice_query(request.GET)
    except BadParameter as error:
        return HttpResponseBadRequest(f"{error.name}: {error.message}", content_type="text/plain")
    response = conditional_practices_feed(request)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return response


class PlansToWatchFeed(LicensedFeed):
    """Atom feed of the plans to watch (``frameworks.lifecycle``): published national and local
    plans ending within twelve months, expired without a successor, or in development. An
    entry's id holds its reason, so a plan that moves from one reason to another is new."""

    feed_type = XmlSafeAtomFeed
    author_name = NewPracticesFeed.author_name
    title = gettext_lazy("Plans to watch: women, peace and security action plans")
    subtitle = gettext_lazy(
        "National and local plans ending within twelve months, expired with no later plan in "
        "the registry, or in development."
    )

    def link(self):
        listing = FrameworkIndexPage.live_url()
        return f"{listing}?watch=1" if listing else "/"

    def feed_url(self):
        return reverse("plans_to_watch_feed")

    def items(self):
        return plans_to_watch(FrameworkPage.objects.live().public())

    def item_title(self, framework):
        return f"{framework.country_name}: {framework.title}"

    def item_description(self, framework):
        text = framework.watch_reason_words
        if framework.next_plan_expected:
            text += " " + gettext("Next plan expected: %(plan)s") % {
                "plan": framework.next_plan_expected
            }
        return escape(text)

    def item_link(self, framework):
        return framework.url

    def item_guid(self, framework):
        return entry_id(framework, "framework", f"/watch/{framework.watch_reason}")

    item_guid_is_permalink = False

    def item_categories(self, framework):
        return [framework.watch_reason_label]

    def item_pubdate(self, framework):
        return framework.first_published_at

    def item_updateddate(self, framework):
        # Atom requires an entry's date; a page made live without being published (by code)
        # has none, and then today's start stands in, the same all day.
        return framework.last_published_at or timezone.now().replace(
            hour=0, minute=0, second=0, microsecond=0
        )


plans_to_watch_feed_view = PlansToWatchFeed()


def plans_to_watch_feed(request):
    response = plans_to_watch_feed_view(request)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE_CONTROL
    return response
