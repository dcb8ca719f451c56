"""What pages of one content version share, for visitors who are not signed in
(core.pagecache.remember): the navigation's sections, breadcrumbs, a page's addresses in each
language, and where an address leads (core.serving). Kept per version, so that nothing is
served from before a change; never used for anyone signed in."""

from types import SimpleNamespace

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

import pytest

from core import pagecache, serving
from tests.factories import OrganisationFactory, PracticePageFactory, UserFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    pagecache.cache().clear()
    pagecache.memo.clear()
    yield
    cache.clear()
    pagecache.cache().clear()
    pagecache.memo.clear()


def computed(log, value):
    def compute():
        log.append(value)
        return value

    return compute


def test_a_value_is_computed_once_per_version_and_key():
    log = []
    first = SimpleNamespace(content_version="v1")
    assert pagecache.remember(first, ("k",), computed(log, "a")) == "a"
    assert pagecache.remember(first, ("k",), computed(log, "b")) == "a"
    assert pagecache.remember(first, ("other",), computed(log, "c")) == "c"
    # A new version: nothing of the old one is read.
    later = SimpleNamespace(content_version="v2")
    assert pagecache.remember(later, ("k",), computed(log, "d")) == "d"
    assert log == ["a", "c", "d"]


def test_without_a_version_the_value_is_computed_every_time():
    log = []
    signed_in = SimpleNamespace()  # the middleware gives no version to such a request
    for value in ("a", "b"):
        assert pagecache.remember(signed_in, ("k",), computed(log, value)) == value
    assert pagecache.remember(None, ("k",), computed(log, "c")) == "c"
    assert log == ["a", "b", "c"]


def test_none_is_not_kept_and_the_oldest_values_go_first(monkeypatch):
    monkeypatch.setattr(pagecache.memo, "limit", 2)
    log = []
    request = SimpleNamespace(content_version="v1")
    assert pagecache.remember(request, ("none",), computed(log, None)) is None
    assert pagecache.remember(request, ("none",), computed(log, None)) is None
    for key in ("a", "b", "c"):
        pagecache.remember(request, ("kind", key), computed(log, key))
    pagecache.remember(request, ("kind", "a"), computed(log, "a again"))  # pushed out by "c"
    pagecache.remember(request, ("kind", "c"), computed(log, "c again"))  # still kept
    assert log == [None, None, "a", "b", "c", "a again"]


def test_pages_are_served_through_the_remembering_view(practice_index):
    assert resolve("/practices/").func is serving.serve
    assert resolve("/fr/practices/").func is serving.serve
    assert resolve("/_util/login/").url_name == "wagtailcore_login"


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_a_remembered_route_spares_the_lookups_and_serves_the_same_page(client, practice_index):
    practice = PracticePageFactory(title="Beekeeping cooperative of women in Kitgum")
    # Distinct query strings: each a page of its own for the page cache, the same route.
    first, cold = queries(client, practice.url + "?from=1")
    second, warm = queries(client, practice.url + "?from=2")
    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") == "miss"
    for response in (first, second):
        assert "Beekeeping cooperative of women in Kitgum</h1>" in response.content.decode()
    assert warm <= cold - 4, (cold, warm)


def test_an_unpublished_page_is_not_served_from_a_remembered_route(
    client, practice_index, committing
):
    practice = committing(PracticePageFactory, title="Women's radio in Bossaso")
    url = practice.url
    assert client.get(url + "?visit=1").status_code == 200
    committing(draft, practice)
    assert client.get(url + "?visit=2").status_code == 404


def test_a_moved_address_is_followed_at_once(client, practice_index, committing):
    practice = committing(PracticePageFactory, title="Peace huts of Wajir", slug="peace-huts")
    old = practice.url
    assert client.get(old + "?visit=1").status_code == 200

    def rename():
        practice.slug = "peace-huts-of-wajir"
        practice.save_revision().publish()

    committing(rename)
    practice.refresh_from_db()
    assert practice.url == "/practices/peace-huts-of-wajir/"
    moved = client.get(old + "?visit=2")
    # Wagtail's redirect from the old address, not the page served there from memory.
    assert moved.status_code == 301
    assert moved["Location"].startswith(practice.url)
    assert client.get(practice.url + "?visit=2").status_code == 200


def test_breadcrumbs_follow_a_renamed_section(client, practice_index, committing):
    practice = committing(PracticePageFactory, title="Market women for peace")
    crumb = '<li><a href="/practices/">{}</a></li>'
    page = client.get(practice.url + "?visit=1").content.decode()
    assert crumb.format(practice_index.title) in page

    def retitle():
        index = practice_index.specific_class.objects.get(pk=practice_index.pk)
        index.title = "Practices of peace"
        index.save_revision().publish()

    committing(retitle)
    page = client.get(practice.url + "?visit=2").content.decode()
    assert crumb.format("Practices of peace") in page


def test_a_signed_in_visitor_is_not_served_from_remembered_values(client, practice_index):
    practice = PracticePageFactory(title="Women mediators of Garissa")
    client.get(practice.url + "?visit=1")
    client.force_login(UserFactory())
    response, signed_in = queries(client, practice.url + "?visit=2")
    assert response.status_code == 200
    client.logout()
    _, anonymous = queries(client, practice.url + "?visit=3")
    assert signed_in > anonymous + 4, (signed_in, anonymous)


def test_a_practices_card_follows_a_change_at_once(client, practice_index, committing):
    organisation = committing(OrganisationFactory, name="Wajir Peace Mothers")
    practice = committing(
        PracticePageFactory, title="Peace mothers of Wajir", organisations=[organisation]
    )
    listing = client.get("/practices/?q=wajir").content.decode()
    assert "Peace mothers of Wajir" in listing and "By Wajir Peace Mothers" in listing

    def withhold():
        practice.refresh_from_db()
        practice.title = "Mothers for peace in Wajir"
        practice.withhold_organisation = True
        practice.save_revision().publish()

    committing(withhold)
    listing = client.get("/practices/?q=wajir&visit=2").content.decode()
    assert "Mothers for peace in Wajir" in listing
    # The organisation asked not to be named: gone from the card at once.
    assert "Wajir Peace Mothers" not in listing


def test_a_card_holds_the_query_s_highlight_and_escapes_the_practice_s_text(client, practice_index):
    PracticePageFactory(
        title="<script>alert(1)</script> Beekeepers", summary="Women <b>keep</b> bees for peace."
    )
    for visit in (1, 2):  # computed, then kept
        page = client.get(f"/practices/?q=bees&visit={visit}").content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Beekeepers" in page
        assert "<mark>bees</mark>" in page
        assert "<b>keep</b>" not in page
    summary = client.get("/practices/?visit=3").content.decode()
    assert "<p>Women &lt;b&gt;keep&lt;/b&gt; bees for peace.</p>" in summary


def test_a_remembered_route_never_serves_a_page_that_is_no_longer_live(client, practice_index):
    # Unpublished without a new version (the cache unreachable at that moment): the route
    # remembered leads nowhere, and Wagtail's own routing answers.
    practice = PracticePageFactory(title="Women's radio in Garowe")
    assert client.get(practice.url + "?visit=1").status_code == 200
    type(practice).objects.filter(pk=practice.pk).update(live=False)
    assert client.get(practice.url + "?visit=2").status_code == 404


def test_a_remembered_value_is_forgotten_after_the_page_cache_timeout(settings, monkeypatch):
    settings.PAGE_CACHE_TIMEOUT = 300
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    log = []
    request = SimpleNamespace(content_version="v1")
    pagecache.remember(request, ("k",), computed(log, "a"))
    clock[0] += 299
    assert pagecache.remember(request, ("k",), computed(log, "b")) == "a"
    clock[0] += 2
    assert pagecache.remember(request, ("k",), computed(log, "c")) == "c"
    assert log == ["a", "c"]


def test_each_kind_of_value_has_its_own_space(monkeypatch):
    monkeypatch.setattr(pagecache.memo, "limit", 2)
    monkeypatch.setattr(pagecache.VersionMemo, "LIMITS", {"card": 3})
    log = []
    request = SimpleNamespace(content_version="v1")
    pagecache.remember(request, ("route", "/"), computed(log, "route"))
    for n in range(10):  # many cards: they push out older cards, never the route
        pagecache.remember(request, ("card", n), computed(log, f"card {n}"))
    assert pagecache.remember(request, ("route", "/"), computed(log, "again")) == "route"
    assert pagecache.remember(request, ("card", 9), computed(log, "again")) == "card 9"
    assert pagecache.remember(request, ("card", 0), computed(log, "card 0 again")) == (
        "card 0 again"
    )


def test_the_remembered_site_is_a_copy_holding_nothing_another_request_loaded(rf, home_page):
    first = rf.get("/")
    first.content_version = "v1"
    site = pagecache.request_site(first)
    site.root_page  # noqa: B018  # loaded on this request's copy
    second = rf.get("/")
    second.content_version = "v1"
    other = pagecache.request_site(second)
    assert other is not site and other.pk == site.pk
    assert not other._state.fields_cache
