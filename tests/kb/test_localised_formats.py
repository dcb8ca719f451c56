"""Dates and months in the language being shown, by Django's localisation; English keeps
day-month-year."""

import datetime
import re

from django.utils import timezone, translation

import pytest

from monitoring.models import MONTHS
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(practice_index):
    page = PracticePageFactory(parent=practice_index)
    published = timezone.make_aware(datetime.datetime(2025, 3, 14, 12, 0))
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    return page


@pytest.mark.parametrize(
    ("prefix", "date"),
    [("", "14 March 2025"), ("/fr", "14 mars 2025"), ("/es", "14 de marzo de 2025")],
)
def test_a_practices_date_is_written_the_languages_way(client, practice, prefix, date):
    html = client.get(f"{prefix}/practices/{practice.slug}/").content.decode()
    assert date in html


def test_arabic_dates_use_arabic_month_names(client, practice):
    html = client.get(f"/ar/practices/{practice.slug}/").content.decode()
    # The publication line (the page's first "meta" line may be the not-translated notice).
    meta = next(m for m in re.findall(r'<p class="meta">(.*?)</p>', html, re.S) if "2025" in m)
    assert "مارس" in meta and "2025" in meta
    assert "March" not in meta


def test_month_choices_follow_the_language():
    with translation.override("fr"):
        assert str(dict(MONTHS)[3]) == "mars"
    assert str(dict(MONTHS)[3]) == "March"
