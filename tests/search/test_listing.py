"""The practice listing at /practices/: search, facets, active filters, paging, bad input."""

import re

import pytest

from tests.factories import PracticePageFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(practice_index):
    PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market women mediate between clans.",
        countries=["KE"],
        agendas=["WPS"],
        themes=["mediation"],
    )
    PracticePageFactory(
        title="Youth radio in Yemen",
        summary="Young women host a radio show on peace.",
        description="Guests call in every week.",
        countries=["YE"],
        agendas=["YPS"],
        themes=["media"],
    )


def get(client, query=""):
    response = client.get("/practices/" + query)
    assert response.status_code == 200
    return response.content.decode()


def card_titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_search_highlights_and_counts(client, practices):
    html = get(client, "?q=mediators")
    assert card_titles(html) == ["Women mediators of Wajir"]
    assert "1 practice." in html
    assert "<mark>mediate</mark>" in html
    assert 'value="mediators"' in html  # the box keeps what was typed


def test_facets_show_counts_over_the_result_and_keep_selection(client, practices):
    html = get(client, "?agenda=YPS")
    assert card_titles(html) == ["Youth radio in Yemen"]
    assert re.search(r'name="agenda" value="YPS"[^>]*checked', html)
    assert 'Youth, Peace and Security <span class="facet-count">(1)</span>' in html
    assert 'Yemen <span class="facet-count">(1)</span>' in html
    assert "Kenya" not in html.split('class="facets"')[1].split("</details>")[0]


def test_active_filters_can_each_be_removed(client, practices):
    html = get(client, "?q=women&agenda=WPS&country=KE")
    assert 'href="?q=women&amp;agenda=WPS" aria-label="Remove Country: Kenya"' in html
    assert 'href="?agenda=WPS&amp;country=KE" aria-label="Remove Words: women"' in html
    assert "Clear all" in html


def test_every_state_is_a_shareable_url_with_paging(client, practice_index, settings):
    settings.PRACTICES_PER_PAGE = 1
    for n in range(3):
        PracticePageFactory(title=f"Peace circle {n}", agendas=["WPS"])
    html = get(client, "?agenda=WPS&sort=title")
    assert card_titles(html) == ["Peace circle 0"]
    assert 'href="?agenda=WPS&amp;sort=title&amp;page=2" rel="next"' in html
    assert card_titles(get(client, "?agenda=WPS&sort=title&page=3")) == ["Peace circle 2"]


def test_helpful_empty_result(client, practices):
    html = get(client, "?q=nonexistentword&agenda=WPS")
    assert "No published practice matches this search." in html
    assert "Check the spelling" in html and "clear them all" in html


def test_bad_parameter_is_explained_not_a_server_error(client, practices):
    html = get(client, "?year_from=abc")
    assert "This search could not be run" in html and "year_from" in html
    assert "Start a new search" in html


def test_drafts_are_not_listed_counted_or_faceted(client, practices):
    from practices.models import PracticePage

    draft(PracticePage.objects.get(title="Youth radio in Yemen"))
    html = get(client)
    assert card_titles(html) == ["Women mediators of Wajir"]
    assert "Yemen" not in html and "YPS" not in html


def checked_sort(html):
    radio = r'<input type="radio" form="practice-search" name="sort" value="([^"]*)"[^>]*checked'
    return re.findall(radio, html)


def test_the_sort_default_follows_the_query_and_is_not_submitted(client, practices):
    # Nothing chosen: the checked radio is the empty default, so submitting the form with words
    # ranks by relevance instead of pinning "newest".
    for query in ("", "?q=women", "?agenda=WPS"):
        assert checked_sort(get(client, query)) == [""]
    assert checked_sort(get(client, "?q=women&sort=newest")) == ["newest"]
    response = client.get("/practices/", {"q": "women", "sort": ""})
    assert response.context["search"]["query"].effective_sort == "relevance"
    assert response.context["search"]["querystring"] == "q=women"


def test_the_filter_panel_stays_closed_and_counts_active_filters(client, practices):
    html = get(client, "?q=women&agenda=WPS&country=KE&year_from=2000")
    closed = r'<details class="filters-panel">\s*<summary>Filter and sort \(3 active\)</summary>'
    assert re.search(closed, html)
    assert "<summary>Filter and sort</summary>" in get(client, "?q=women")
    # the panel's controls belong to the search form though they stand outside it
    assert 'type="checkbox" form="practice-search" name="agenda" value="WPS"' in html
