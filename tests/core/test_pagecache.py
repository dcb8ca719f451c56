"""The page cache for visitors who are not signed in (core.pagecache) and conditional GET."""

import io
import json

from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.http import http_date

import pytest

from core import pagecache
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    UserFactory,
    draft,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    pagecache.cache().clear()
    yield
    cache.clear()
    pagecache.cache().clear()


def served(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Page-Cache")


def body(response):
    """The whole body, streamed (as a CSV export is) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_second_anonymous_visit_is_served_from_the_cache(client, home_page):
    first, state = served(client, "/")
    assert (first.status_code, state) == (200, "miss")
    second, state = served(client, "/")
    assert (second.status_code, state) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/practices/",
        "/practices/?q=mediation",
        "/api/v1/practices/",
        "/practices/export.csv",
        "/practices/feed/",
        "/countries/",
    ],
)
def test_listing_api_csv_feed_and_map_are_cached(client, practice_index, url):
    PracticePageFactory(title="Mediation by women of Wajir", countries=["KE"])
    first, state = served(client, url)
    assert (first.status_code, state) == (200, "miss"), url
    first_body = body(first)
    second, state = served(client, url)
    assert state == "hit"
    assert second.content == first_body
    assert second["Content-Type"] == first["Content-Type"]


def test_equivalent_query_strings_share_one_entry(client, practice_index):
    served(client, "/practices/?q=land&country=KE")
    _, state = served(client, "/practices/?country=KE&q=land&theme=")
    assert state == "hit"
    _, state = served(client, "/practices/?country=UG&q=land")
    assert state == "miss"


def test_a_url_too_long_is_not_stored(client, practice_index, settings):
    settings.PAGE_CACHE_MAX_KEY = 200
    url = "/practices/?q=" + "x" * 300
    for _ in range(2):
        response, state = served(client, url)
        assert response.status_code == 200
        assert state is None


def test_signed_in_visitors_bypass_the_cache_and_are_never_stored(client, home_page):
    client.force_login(UserFactory(username="amina"))
    response, state = served(client, "/")
    assert (response.status_code, state) == (200, None)
    client.logout()
    client.cookies.clear()
    _, state = served(client, "/")
    assert state == "miss"  # the signed-in page was not stored


def test_a_session_or_messages_cookie_bypasses_the_cache(client, home_page):
    served(client, "/")
    assert served(client, "/")[1] == "hit"
    client.cookies["sessionid"] = "anything"
    assert served(client, "/")[1] is None
    client.cookies.clear()
    client.cookies["messages"] = "anything"
    assert served(client, "/")[1] is None


def test_a_page_with_a_csrf_token_or_a_cookie_is_not_stored(client, site):
    for _ in range(2):
        response, state = served(client, reverse("account_login"))
        assert response.status_code == 200
        assert state is None


def test_errors_are_not_stored(client, home_page):
    for _ in range(2):
        response, state = served(client, "/no-such-page/")
        assert response.status_code == 404
        assert state is None


def test_private_and_no_store_responses_are_not_stored(rf):
    from django.http import HttpResponse

    request = rf.get("/")
    for control in ("private", "no-store", "no-cache, max-age=0"):
        response = HttpResponse("x")
        response["Cache-Control"] = control
        assert not pagecache.storable(request, response)
    response = HttpResponse("x")
    response["Vary"] = "Accept-Language"
    assert not pagecache.storable(request, response)
    response = HttpResponse("x")
    response.set_cookie("c", "1")
    assert not pagecache.storable(request, response)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not pagecache.storable(request, HttpResponse("x"))
    assert pagecache.storable(rf.get("/"), HttpResponse("x"))


def test_switched_off(client, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        assert served(client, "/")[1] is None


def test_publish_shows_at_once_and_unpublish_removes_at_once(client, practice_index, committing):
    served(client, "/practices/")
    served(client, "/api/v1/practices/")
    assert served(client, "/practices/")[1] == "hit"
    practice = committing(PracticePageFactory, title="Zanzibar seaweed cooperative")
    listing, state = served(client, "/practices/")
    assert state == "miss"
    assert "Zanzibar seaweed cooperative" in listing.content.decode()
    api = json.loads(served(client, "/api/v1/practices/")[0].content)
    assert "Zanzibar seaweed cooperative" in json.dumps(api)
    assert served(client, practice.url)[0].status_code == 200
    assert served(client, practice.url)[1] == "hit"

    committing(draft, practice)
    assert served(client, practice.url)[0].status_code == 404
    listing, _ = served(client, "/practices/")
    assert "Zanzibar seaweed cooperative" not in listing.content.decode()
    api = json.loads(served(client, "/api/v1/practices/")[0].content)
    assert "Zanzibar seaweed cooperative" not in json.dumps(api)


def test_editing_a_published_page_shows_at_once(client, practice_index, committing):
    practice = committing(PracticePageFactory, title="Old title of the practice")
    assert "Old title" in served(client, practice.url)[0].content.decode()
    assert served(client, practice.url)[1] == "hit"

    def retitle():
        practice.title = "New title of the practice"
        practice.save_revision().publish()

    committing(retitle)
    response, state = served(client, practice.url)
    assert state == "miss"
    assert "New title" in response.content.decode()


def test_deleting_a_page_removes_it_at_once(client, practice_index, committing):
    practice = committing(PracticePageFactory, title="Soon deleted practice")
    url = practice.url
    served(client, url)
    assert served(client, url)[1] == "hit"
    committing(practice.delete)
    assert served(client, url)[0].status_code == 404


def test_organisation_and_framework_changes_make_pages_stale(client, practice_index, committing):
    organisation = committing(OrganisationFactory, name="Wajir Peace Mothers")
    practice = committing(PracticePageFactory, organisations=[organisation])
    assert "Wajir Peace Mothers" in served(client, practice.url)[0].content.decode()
    assert served(client, practice.url)[1] == "hit"

    def rename():
        organisation.name = "Wajir Women for Peace"
        organisation.save()

    committing(rename)
    assert "Wajir Women for Peace" in served(client, practice.url)[0].content.decode()

    before = pagecache.cache().get(pagecache.VERSION_KEY)
    committing(FrameworkPageFactory)
    assert pagecache.cache().get(pagecache.VERSION_KEY) != before


def test_a_change_stays_invisible_until_its_commit(
    practice_index, django_capture_on_commit_callbacks
):
    pagecache.bump_now()
    before = pagecache.cache().get(pagecache.VERSION_KEY)
    with django_capture_on_commit_callbacks() as callbacks:
        OrganisationFactory(name="Not yet committed")
        assert pagecache.cache().get(pagecache.VERSION_KEY) == before
    assert callbacks
    for callback in callbacks:
        callback()
    assert pagecache.cache().get(pagecache.VERSION_KEY) != before


def test_a_page_rendered_before_a_change_is_never_served_after_it(client, home_page):
    """A request reads the version, renders; the change commits; it stores: a stale entry."""
    served(client, "/")
    key = pagecache.cache_key(client.get("/").wsgi_request)
    entry = pagecache.cache().get(key)
    pagecache.bump_now()
    pagecache.cache().set(key, entry)  # stored late, under the version it read before the bump
    assert served(client, "/")[1] == "miss"


def test_sessions_and_last_login_do_not_empty_the_cache(client, committing, home_page):
    user = UserFactory(username="reader")
    pagecache.bump_now()
    before = pagecache.cache().get(pagecache.VERSION_KEY)
    committing(client.force_login, user)
    assert pagecache.cache().get(pagecache.VERSION_KEY) == before


def test_imports_make_pages_stale(tmp_path):
    pagecache.bump_now()
    before = pagecache.cache().get(pagecache.VERSION_KEY)
    path = tmp_path / "organisations.json"
    path.write_text(json.dumps({"organisations": []}))
    call_command("import_organisations", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert pagecache.cache().get(pagecache.VERSION_KEY) != before


@pytest.mark.parametrize("backend", ["db", "file"])
def test_every_cache_backend(client, home_page, backend, tmp_path):
    from kb.settings.base import cache_settings

    if backend == "file":
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("CACHE_DIR", str(tmp_path / "cache"))
            caches_setting = cache_settings("file")
    else:
        caches_setting = cache_settings("db")
    with override_settings(CACHES=caches_setting):
        call_command("createcachetable", verbosity=0)
        caches["default"].clear()
        pagecache.cache().clear()
        assert served(client, "/")[1] == "miss"
        assert served(client, "/")[1] == "hit"
        pagecache.bump_now()
        assert served(client, "/")[1] == "miss"
        caches["default"].clear()
        pagecache.cache().clear()


@pytest.mark.parametrize("backend", ["db", "locmem"])
def test_a_flood_of_urls_never_evicts_a_rate_limit_count(rf, settings, backend):
    """Backends that cull by number (the database cache deletes the keys that sort first, where
    allauth's and the site's counters are) must not let stored pages push a count out."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from core.ratelimit import hit
    from kb.settings.base import cache_settings

    caches_setting = cache_settings(backend)
    for alias in caches_setting.values():
        alias["OPTIONS"] = {"MAX_ENTRIES": 20}
    settings.KB_RATE_LIMITS = {"contact": "3/h"}
    with override_settings(CACHES=caches_setting):
        call_command("createcachetable", verbosity=0)
        caches["default"].clear()
        pagecache.cache().clear()
        try:
            attempt = rf.post("/contact/", REMOTE_ADDR="192.0.2.7")
            attempt.user = AnonymousUser()
            assert [hit(attempt, "contact") for _ in range(3)] == [True, True, True]
            middleware = pagecache.AnonymousPageCacheMiddleware(lambda r: HttpResponse("page"))
            for number in range(100):
                assert middleware(rf.get(f"/practices/?page={number}"))["X-Page-Cache"] == "miss"
            assert middleware(rf.get("/practices/?page=99"))["X-Page-Cache"] == "hit"
            assert hit(attempt, "contact") is False
        finally:
            caches["default"].clear()
            pagecache.cache().clear()


# --- conditional GET ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/practices/", "/api/v1/practices/", "/practices/feed/", "/countries/"]
)
@pytest.mark.parametrize("cached", [True, False])
def test_etag_answers_304(client, practice_index, url, cached, settings):
    settings.PAGE_CACHE_ENABLED = cached
    PracticePageFactory(title="Mediation by women of Wajir", countries=["KE"])
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.parametrize("cached", [True, False])
def test_feed_honours_if_modified_since(client, practice_index, cached, settings):
    settings.PAGE_CACHE_ENABLED = cached
    practice = PracticePageFactory(title="Mediation by women of Wajir")
    practice.refresh_from_db()
    first = client.get("/practices/feed/")
    assert first.status_code == 200
    last_modified = first["Last-Modified"]
    assert last_modified
    response = client.get("/practices/feed/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
    earlier = http_date(practice.last_published_at.timestamp() - 3600)
    assert client.get("/practices/feed/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_streamed_csv_export_gets_an_etag_from_its_stored_copy(client, practice_index):
    PracticePageFactory(title="Mediation by women of Wajir", countries=["KE"])
    first = client.get("/practices/export.csv")
    assert first.streaming
    first_body = body(first)
    second = client.get("/practices/export.csv")
    assert second.content == first_body
    assert "Mediation by women of Wajir" in first_body.decode("utf-8-sig")
    again = client.get("/practices/export.csv", HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304


def test_a_streamed_export_larger_than_the_bound_is_not_stored(client, practice_index, settings):
    settings.PAGE_CACHE_MAX_STREAMED = 100
    PracticePageFactory(title="Mediation by women of Wajir", countries=["KE"])
    body(client.get("/practices/export.csv"))
    assert client.get("/practices/export.csv").streaming


def test_a_restricted_page_is_never_stored_nor_served_to_another_visitor(
    client, practice_index, committing
):
    from wagtail.models import PageViewRestriction

    practice = committing(PracticePageFactory, title="Shelter for survivors in Goma")
    committing(
        PageViewRestriction.objects.create,
        page=practice,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret-word",
    )
    for _ in range(2):
        response, state = served(client, practice.url)
        assert state is None
        assert "Shelter for survivors" not in response.content.decode()
    client.post(
        f"/_util/authenticate_with_password/{practice.get_view_restrictions()[0].pk}/{practice.pk}/",
        {"password": "secret-word", "return_url": practice.url},
    )
    response, state = served(client, practice.url)
    assert "Shelter for survivors" in response.content.decode()
    assert state is None  # the visitor now has a session: never stored
    client.cookies.clear()
    response, state = served(client, practice.url)
    assert state is None
    assert "Shelter for survivors" not in response.content.decode()
