"""A country profile lists its plans to watch, with the next plan expected when known."""

import datetime
import re

import pytest

from tests.factories import FrameworkPageFactory, draft

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_profile_lists_plans_to_watch_with_the_next_plan_expected(client, home_page):
    FrameworkPageFactory(
        title="Nepal first plan",
        country="NP",
        generation=1,
        start_year=YEAR - 12,
        end_year=YEAR - 8,
    )
    FrameworkPageFactory(
        title="Nepal second plan",
        country="NP",
        generation=2,
        start_year=YEAR - 6,
        end_year=YEAR - 2,
        next_plan_expected="A third plan is being drafted",
    )
    draft(FrameworkPageFactory(title="Nepal draft third", country="NP", generation=3))
    FrameworkPageFactory(title="Kenya plan", country="KE", start_year=YEAR + 1)
    html = client.get("/countries/NP/").content.decode()
    text = text_of(html)
    section = text[text.index("Plans to watch") : text.index("Regional frameworks covering Nepal")]
    assert "Nepal second plan" in section
    assert f"Expired in {YEAR - 2}; no later plan of Nepal is in the registry." in section
    assert "Next plan expected: A third plan is being drafted" in section
    # The first plan has a successor; the draft is not in the registry; Kenya is elsewhere.
    assert "Nepal first plan" not in section
    assert "draft" not in section.replace("being drafted", "")
    assert "Kenya plan" not in section
    kenya = text_of(client.get("/countries/KE/").content.decode())
    assert "In development: starts in" in kenya
    assert "Nothing is known yet of the next plan." in kenya


def test_profile_without_plans_to_watch_has_no_such_section(client, home_page):
    FrameworkPageFactory(title="Uganda plan", country="UG", start_year=YEAR - 1, end_year=2100)
    html = client.get("/countries/UG/").content.decode()
    assert "Plans to watch" not in html
