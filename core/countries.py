"""ISO 3166-1 countries and the UN Women region of each, read from ``data/countries.csv``.

The table is data, not code: editors who disagree with a region assignment change the CSV.
Its names are the English ones; in the other interface languages a country's name is CLDR's
(through Babel), so that no list of names is kept by hand. The API and the data stay English
and code-based: they are served outside the language prefixes, where English is active.
"""

import csv
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils import translation

from babel import Locale, UnknownLocaleError

from .textsearch import words

DATA_FILE = Path(__file__).parent / "data" / "countries.csv"


class CountryInfo(NamedTuple):
    code: str
    alpha3: str
    name: str
    region: str


@cache
def all_countries():
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = [
            CountryInfo(r["alpha2"], r["alpha3"], r["name"], r["region"])
            for r in csv.DictReader(handle)
        ]
    return {row.code: row for row in rows}


@cache
def _by_alpha3():
    return {row.alpha3: row for row in all_countries().values()}


def lookup(code):
    """The country for an alpha-2 or alpha-3 code (any case), or None."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    if len(code) == 2:
        return all_countries().get(code)
    if len(code) == 3:
        return _by_alpha3().get(code)
    return None


@cache
def _cldr_names(language):
    try:
        return dict(Locale.parse(language.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(code, language=None):
    """The country's name in ``language``, by default the active one: the table's own name in
    English, CLDR's in the other languages (the table's if CLDR has none); the code itself for
    an unknown code."""
    info = all_countries().get(code)
    if info is None:
        return code
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == "en":
        return info.name
    return _cldr_names(language).get(code, info.name)


def sort_key(name):
    """Names in alphabetical order whatever their accents: "Égypte" sorts with the E's."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def region_of(code):
    info = all_countries().get(code)
    return info.region if info else None


def country_choices():
    """(code, name) of every country, in the active language and in its alphabetical order."""
    pairs = ((code, country_name(code)) for code in all_countries())
    return sorted(pairs, key=lambda pair: sort_key(pair[1]))


# Names people use for a place besides the table's (lower-case words, as ``textsearch.words``
# splits them). Countries: the common short forms. Regions: the UN Women region a name means.
COUNTRY_ALIASES = {
    "drc": "CD",
    "dr congo": "CD",
    "congo kinshasa": "CD",
    "congo brazzaville": "CG",
    "ivory coast": "CI",
    "burma": "MM",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "usa": "US",
    "united states of america": "US",
    "east timor": "TL",
    "timor leste": "TL",
    "occupied palestinian territory": "PS",
    "gaza": "PS",
    "west bank": "PS",
}
REGION_NAMES = {
    "africa": "africa",
    "sub saharan africa": "africa",
    "americas": "americas-caribbean",
    "americas and the caribbean": "americas-caribbean",
    "latin america": "americas-caribbean",
    "caribbean": "americas-caribbean",
    "arab states": "arab-states",
    "arab region": "arab-states",
    "middle east": "arab-states",
    "mena": "arab-states",
    "asia": "asia-pacific",
    "asia and the pacific": "asia-pacific",
    "asia pacific": "asia-pacific",
    "pacific": "asia-pacific",
    "europe": "europe-central-asia",
    "central asia": "europe-central-asia",
    "europe and central asia": "europe-central-asia",
    "balkans": "europe-central-asia",
}


@cache
def _place_names():
    """{tuple of words: ("country" or "region", code)} of every name a place is known by."""
    names = {}
    for name, region in REGION_NAMES.items():
        names[tuple(name.split())] = ("region", region)
    for name, code in COUNTRY_ALIASES.items():
        if code in all_countries():
            names[tuple(name.split())] = ("country", code)
    for info in all_countries().values():
        names[tuple(words(info.name))] = ("country", info.code)
    return names


def places_named(text_words):
    """The countries and regions named in a sequence of words (``textsearch.words`` of a text),
    as two lists of codes in the order named. The longest name wins where names overlap: "South
    Sudan" is South Sudan, not Sudan; "South Africa" a country, not the region."""
    names = _place_names()
    longest = max(map(len, names))
    countries, regions = [], []
    text_words = list(text_words)
    position = 0
    while position < len(text_words):
        for size in range(min(longest, len(text_words) - position), 0, -1):
            found = names.get(tuple(text_words[position : position + size]))
            if found:
                kind, code = found
                named = countries if kind == "country" else regions
                if code not in named:
                    named.append(code)
                position += size
                break
        else:
            position += 1
    return countries, regions
