"""The practice listing is a view (search.views.practice_listing) that Wagtail's page serving
hands to the PracticeIndexPage's template, not a search run from inside the template; a page the
visitor may not see is never searched."""

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
