"""Dates read by people follow the language's own formats: templates name one of Django's
formats (``date:"DATE_FORMAT"``), never a fixed English pattern, and a monitoring note's period
is written in the language of the page."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

import pytest

from monitoring.models import MONTHS, period_text

TEMPLATES = Path(settings.BASE_DIR) / "templates"
_DATE_FILTER = re.compile(r"""\|\s*date\s*:\s*(["'])(.*?)\1""")
# Patterns for machines (the datetime attribute, an offset, a zone's abbreviation) or with no
# word in them: the same in every language.
NOT_FOR_READING = {"c", "Y-m-d", "O", "T", "H:i", "Y"}


def fixed_date_patterns(source):
    return [
        pattern
        for _quote, pattern in _DATE_FILTER.findall(source)
        if not pattern.endswith("_FORMAT") and pattern not in NOT_FOR_READING
    ]


def test_the_scan_finds_a_fixed_pattern():
    source = (
        """{{ a|date:"j F Y" }} {{ b|date:'DATE_FORMAT' }} <time datetime="{{ c|date:'c' }}">"""
    )
    assert fixed_date_patterns(source) == ["j F Y"]


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_name_a_format_rather_than_a_pattern(path):
    assert fixed_date_patterns(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("language", "date", "datetime_"),
    [
        ("en", "1 December 2026", "1 December 2026, 08:05"),
        ("fr", "1 décembre 2026", "1 décembre 2026 08:05"),
        ("es", "1 de diciembre de 2026", "1 de diciembre de 2026 a las 08:05"),
    ],
)
def test_dates_read_in_the_language_of_the_page(language, date, datetime_):
    template = Template('{{ d|date:"DATE_FORMAT" }}|{{ d|date:"DATETIME_FORMAT" }}')
    with translation.override(language):
        shown = template.render(Context({"d": datetime.datetime(2026, 12, 1, 8, 5)}))
    assert shown == f"{date}|{datetime_}"


def test_a_notes_period_and_the_month_choices_follow_the_language():
    with translation.override("en"):
        assert period_text(2024, 5) == "May 2024"
        assert str(dict(MONTHS)[5]) == "May"
    with translation.override("es"):
        assert period_text(2024, 5) == "mayo de 2024"
        assert str(dict(MONTHS)[5]) == "mayo"
    with translation.override("ar"):
        assert "مايو" in period_text(2024, 5)
    assert period_text(2024, None) == "2024"
