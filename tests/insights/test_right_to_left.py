"""The map and charts in Arabic: the same drawing, labels that read right to left and keep their
places, country names in Arabic; one stylesheet that mirrors through logical properties."""

import re
from pathlib import Path

import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory

pytestmark = pytest.mark.django_db
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


@pytest.fixture
def data(home_page):
    FrameworkPageFactory(country="YE", generation=1, start_year=2020, adopted_year=2020)
    FrameworkPageFactory(country="IQ", generation=1, start_year=2014, adopted_year=2014)
    PracticePageFactory(countries=["YE"], agendas=["WPS"], level="local")
    PracticePageFactory(countries=["IQ", "YE"], agendas=["YPS"], level="national")


def svgs(html):
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def geometry(svg):
    """Everything that draws: shapes and the places of labels, not how the labels read."""
    drawn = r"<(?:path|rect|line|polyline|circle)\b[^>]*?\b(?:d|x|points|cx)=\"[^\"]*\""
    shapes = re.findall(drawn, svg)
    places = re.findall(r'<text\b[^>]*?\bx="([^"]*)"[^>]*?\by="([^"]*)"', svg)
    return shapes, places


def anchors(svg):
    return [
        (re.search(r'text-anchor="(\w+)"', tag) or [None, "start"])[1]
        for tag in re.findall(r"<text\b[^>]*>", svg)
    ]


def test_charts_keep_their_drawing_and_their_labels_read_right_to_left(client, data):
    english = svgs(client.get("/countries/").content.decode())
    arabic = svgs(client.get("/ar/countries/").content.decode())
    assert len(english) == len(arabic) > 1
    flipped = {"start": "end", "end": "start", "middle": "middle"}
    labelled = 0
    for en, ar in zip(english, arabic, strict=True):
        assert geometry(en) == geometry(ar)
        texts = re.findall(r"<text\b[^>]*>", ar)
        assert all('direction="rtl"' in tag for tag in texts)
        assert not any("direction=" in tag for tag in re.findall(r"<text\b[^>]*>", en))
        # An rtl text's start is its right end: swapped anchors keep each label in its place.
        assert anchors(ar) == [flipped[a] for a in anchors(en)]
        labelled += len(texts)
    assert labelled > 0


def test_the_map_names_countries_in_arabic_and_keeps_digits_readable(client, data):
    html = client.get("/ar/countries/").content.decode()
    assert "اليمن" in html and "العراق" in html
    # Western digits, as Arabic-language UN documents print them on maps and tables.
    table = re.search(r'<details class="map-table">.*?</details>', html, re.S).group(0)
    assert re.search(r"<td>2</td>", table)


def test_the_stylesheet_uses_logical_properties_only():
    css = STYLESHEET.read_text(encoding="utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    physical = re.findall(
        r"(?:^|[\s;{])((?:margin|padding|border)-(?:left|right)|left|right|float|clear)\s*:"
        r"|text-align:\s*(left|right)",
        rules,
    )
    assert physical == []
    assert "inset-inline-start" in rules and "padding-inline-start" in rules
