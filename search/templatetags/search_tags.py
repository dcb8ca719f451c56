"""The labels and links of the practice listing (search.views.practice_listing) and of the feed's
title (api.feeds)."""

from urllib.parse import urlencode

from django import template

from core.countries import country_name
from core.vocabulary import label

from ..service import FACET_VOCABULARIES

register = template.Library()

FACET_NAMES = {
    "agenda": "Agenda",
    "level": "Level",
    "region": "Region",
    "country": "Country",
    "pillar": "Pillar",
    "theme": "Theme",
}
SORT_NAMES = {"relevance": "Best match", "newest": "Newest", "title": "Title (A–Z)"}
THEMES_SHOWN = 20


def value_label(facet, value):
    if facet in FACET_VOCABULARIES:
        return label(FACET_VOCABULARIES[facet], value)
    if facet == "country":
        return country_name(value)
    return value


def url_for(pairs):
    return "?" + urlencode(pairs) if pairs else "?"
