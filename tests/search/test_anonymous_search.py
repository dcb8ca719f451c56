"""Searching sets no cookie on a visitor who must stay anonymous, and two visitors searching at
once each get their own answer."""

from concurrent.futures import ThreadPoolExecutor

from django.test import Client

import pytest

from tests.factories import PracticePageFactory
from tests.utils import rebuild_site_tree

pytestmark = pytest.mark.django_db

SEARCHES = [
    "/practices/?q=women+mediators",
    '/practices/?q="early+warning"+-military&country=KE&country=LR&agenda=WPS',
    "/practices/?q=how+women+keep+young+men+out+of+armed+groups+in+Kenya&sort=newest",
    "/api/v1/practices/?q=mediators&country=KE",
    "/practices/feed/?q=mediators",
    "/practices/export.csv?q=mediators",
    "/search/?q=mediators",
]


def make_practices():
    PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market women mediate between clans; an early warning network.",
        countries=["KE"],
        agendas=["WPS"],
    )
    PracticePageFactory(
        title="Young women's radio in Monrovia",
        summary="Broadcasts on peace and reintegration.",
        countries=["LR"],
        agendas=["YPS"],
    )


@pytest.fixture
def practices(practice_index):
    make_practices()


@pytest.mark.parametrize("url", SEARCHES)
def test_a_search_sets_no_cookie_and_is_not_stored_for_others(practices, url):
    response = Client().get(url)
    assert response.status_code == 200, url
    # No session, no CSRF token: nothing ties a search to the device that made it.
    assert response.cookies == {}, f"{url} set {list(response.cookies)}"


@pytest.fixture
def committed_practices(transactional_db):
    """Other threads see only committed data: the page tree is rebuilt as the migration builds
    it (a transactional test empties the database)."""
    rebuild_site_tree()
    make_practices()


@pytest.mark.django_db(transaction=True)
def test_two_visitors_searching_at_once_each_get_their_own_results(committed_practices):
    def search(query):
        client = Client()
        return [client.get("/api/v1/practices/", {"q": query}).json()["count"] for _ in range(5)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        kenya, liberia, nothing = pool.map(search, ["wajir", "monrovia", "zzzunknownword"])
    assert kenya == [1] * 5 and liberia == [1] * 5 and nothing == [0] * 5
