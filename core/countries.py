"""ISO 3166-1 countries and the UN Women region of each, read from ``data/countries.csv``.

The table is data, not code: editors who disagree with a region assignment change the CSV.
"""

import csv
from functools import cache
from pathlib import Path
from typing import NamedTuple

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


def country_name(code):
    info = all_countries().get(code)
    return info.name if info else code


def region_of(code):
    info = all_countries().get(code)
    return info.region if info else None


def country_choices():
    return sorted(((c.code, c.name) for c in all_countries().values()), key=lambda pair: pair[1])
