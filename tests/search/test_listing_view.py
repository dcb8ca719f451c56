"""The practice listing is a view (search.views.practice_listing) that the PracticeIndexPage's
context gets through a hook, not a search run from inside the template; a page the visitor may
not see is never searched, and the admin's preview shows the listing as the page does."""

from django.test import RequestFactory

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def test_the_index_page_is_served_with_the_listing(client, practice_index):
    PracticePageFactory(title="Women mediators of Wajir", countries=["KE"])
    response = client.get("/practices/?country=KE")
    listing = response.context["search"]
    assert listing["results"].count == 1
    assert listing["query"].filters == {"country": ("KE",)}
    assert "Women mediators of Wajir" in response.content.decode()


def test_a_restricted_listing_asks_to_sign_in_before_searching(client, practice_index, monkeypatch):
    PageViewRestriction.objects.create(page=practice_index, restriction_type="login")
    searched = []
    monkeypatch.setattr("search.views.search_practices", lambda query: searched.append(query))
    response = client.get("/practices/")
    assert response.status_code == 302
    assert searched == []


def test_the_page_context_has_the_listing_so_the_preview_shows_it(practice_index):
    PracticePageFactory(title="Women mediators of Wajir", countries=["KE"])
    request = RequestFactory().get("/practices/", {"country": "KE"})
    listing = practice_index.get_context(request)["search"]
    assert [hit.practice.title for hit in listing["results"].hits] == ["Women mediators of Wajir"]
