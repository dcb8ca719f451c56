"""Key features of national action plans by region and by generation: the webinar's first
guiding question ("What are the key features of the NAPs of different geographical areas that
make them tools for real change?"). The rules are written down in docs/nap-features.md.

The unit is the plan: every published national action plan counts once, so a country with three
plans counts three times, because a plan's features change from one generation to the next.
The option "latest plan per country" counts each country once, by its latest plan. Every share
comes with the number of plans behind it, and "unknown" is a category of its own, never "no".
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.countries import region_of
from core.vocabulary import (
    Budget,
    CivilSocietyRole,
    FrameworkKind,
    Pillar,
    Region,
    YesNoUnknown,
)
from frameworks.filters import filter_frameworks

YES, NO, UNKNOWN = YesNoUnknown.YES.value, YesNoUnknown.NO.value, YesNoUnknown.UNKNOWN.value
YES_NO_UNKNOWN = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Unknown"))]

# Lead institutions. A plan's lead is read from the part of `lead_institution` that names the
# lead: the text up to the first "(", ";", " with " or " including " (bodies named after those
# take part, they do not lead), and of that the part after "led by", "coordinated by" or
# "chaired by" when one appears. In that part, the kind whose keyword appears first wins (the
# first body named leads); at the same position the table's order decides. Matching ignores case
# and accents.
FOREIGN_AFFAIRS, DEFENCE, GENDER, INTERIOR, OTHER = (
    "foreign-affairs",
    "defence",
    "gender",
    "interior",
    "other",
)
LEAD_KINDS = [
    (FOREIGN_AFFAIRS, _("Foreign affairs")),
    (DEFENCE, _("Defence")),
    (GENDER, _("Gender or women's affairs")),
    (INTERIOR, _("Interior")),
    (OTHER, _("Other")),
    (UNKNOWN, _("Unknown")),
]
LEAD_KEYWORDS = [
    (
        FOREIGN_AFFAIRS,
        [
            "foreign",
            "external affairs",
            "global affairs",
            "international relations",
            "international affairs",
            "affaires etrangeres",
            "relations exterieures",
            "relaciones exteriores",
            "asuntos exteriores",
            "negocios estrangeiros",
            "relacoes exteriores",
            "auswartig",
        ],
    ),
    (DEFENCE, ["defence", "defense", "defensa", "defesa", "armed forces", "forces armees"]),
    (
        GENDER,
        [
            "women",
            "woman",
            "gender",
            "equality",
            "femme",
            "mujer",
            "genero",
            "genre",
            "igualdad",
            "egalite",
            "social affairs",
            "social welfare",
        ],
    ),
    (INTERIOR, ["interior", "interieur", "home affairs", "home office", "internal affairs"]),
]
# Names of the agenda itself say nothing of who leads ("National Steering Committee on Women,
# Peace and Security" is not a women's ministry).
AGENDA_NAMES = re.compile(r"women,? peace and security|\bwps\b")
LEAD_MARKERS = re.compile(r"\b(?:led|coordinated|chaired) by\b")
SECONDARY = re.compile(r"[(;]| with | including ")
KEYWORD_PATTERNS = [
    (kind, re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")"))
    for kind, words in LEAD_KEYWORDS
]


def fold(text):
    """Lower case without accents: "Ministère des Affaires étrangères" -> "ministere des ..."."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lead_part(text):
    """The part of a lead institution's text that names the lead."""
    text = AGENDA_NAMES.sub(" ", fold(text))
    text = SECONDARY.split(f" {text} ", maxsplit=1)[0]
    led = LEAD_MARKERS.split(text, maxsplit=1)
    return led[1] if len(led) == 2 else text


def classify_lead(text):
    """The kind of a plan's lead institution: one of LEAD_KINDS' codes."""
    if not (text or "").strip():
        return UNKNOWN
    part = lead_part(text)
    found = [
        (match.start(), order, kind)
        for order, (kind, pattern) in enumerate(KEYWORD_PATTERNS)
        if (match := pattern.search(part))
    ]
    return min(found)[2] if found else OTHER


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    categories: list
    classify: object


def _civil_society(role):
    def classify(plan):
        roles = plan.known_civil_society_roles
        if roles is None:
            return UNKNOWN
        return YES if role in roles else NO

    return classify


def _pillar(code):
    def classify(plan):
        if not plan.pillars:
            return UNKNOWN
        return YES if code in plan.pillars else NO

    return classify


def _lower_label(text, name, label):
    return str(text) % {name: str(label).lower()}


# A label holding another in lower case, both read in the language of the moment.
lower_label = lazy(_lower_label, str)


MEASURES = [
    Measure(
        "budget",
        _("Allocated budget"),
        [
            (Budget.ALLOCATED.value, _("Allocated")),
            (Budget.NOT_ALLOCATED.value, _("Not allocated")),
            (UNKNOWN, _("Unknown")),
        ],
        lambda plan: plan.budget or UNKNOWN,
    ),
    Measure(
        "me-framework",
        _("Monitoring and evaluation framework"),
        YES_NO_UNKNOWN,
        lambda plan: plan.me_framework or UNKNOWN,
    ),
    *(
        Measure(
            f"civil-society-{role.value}",
            # Translators: a measure of plans, e.g. "Civil society in monitoring".
            lower_label(_("Civil society in %(role)s"), "role", role.label),
            YES_NO_UNKNOWN,
            _civil_society(role.value),
        )
        for role in CivilSocietyRole
    ),
    Measure(
        "lead-institution",
        _("Kind of lead institution"),
        LEAD_KINDS,
        lambda plan: classify_lead(plan.lead_institution),
    ),
    *(
        Measure(
            f"pillar-{pillar.value}",
            # Translators: a measure of plans, e.g. "Names the prevention pillar".
            lower_label(_("Names the %(pillar)s pillar"), "pillar", pillar.label),
            YES_NO_UNKNOWN,
            _pillar(pillar.value),
        )
        for pillar in list(Pillar)[:4]
    ),
]
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}

NO_REGION = "no-region"
ALL = "all"
GENERATIONS = [
    ("1", _("1st plan")),
    ("2", _("2nd plan")),
    ("3", _("3rd plan")),
    ("4+", _("4th or later")),
]
NO_GENERATION = "unknown"


def generation_bucket(plan):
    if not plan.generation:
        return NO_GENERATION
    return str(plan.generation) if plan.generation < 4 else "4+"


def region_key(plan):
    return (region_of(plan.country) if plan.country else None) or NO_REGION


def latest_per_country(plans):
    """Each country's latest plan: the highest generation, then the latest start."""
    latest = {}
    for plan in plans:
        rank = (plan.generation or 0, plan.start_year or plan.adopted_year or 0, plan.pk)
        if plan.country not in latest or rank > latest[plan.country][0]:
            latest[plan.country] = (rank, plan)
    return [plan for _, plan in latest.values()]


def national_plans(frameworks, agenda=None, generation=None, latest=False):
    """The national action plans to analyse, from a queryset of published frameworks."""
    plans = list(
        filter_frameworks(frameworks, kinds=[FrameworkKind.NAP], agendas=[agenda] if agenda else ())
    )
    if latest:
        plans = latest_per_country(plans)
    if generation:
        plans = [plan for plan in plans if generation_bucket(plan) == generation]
    return plans


def _group(plans, key_of, groups):
    """Rows of one grouping: per group, its n and per measure the count of each category."""
    members = {key: [] for key, _ in groups}
    for plan in plans:
        members.setdefault(key_of(plan), []).append(plan)
    rows = []
    for key, name in groups:
        group = members.get(key, [])
        if key != ALL and not group:
            continue
        counts = {m.key: Counter(m.classify(plan) for plan in group) for m in MEASURES}
        rows.append({"key": key, "label": name, "n": len(group), "counts": counts})
    return rows


def features(plans):
    """The analysis: {"n", "by_region": rows, "by_generation": rows}, each row
    {"key", "label", "n", "counts": {measure key: Counter(category: plans)}}; the last row of
    each grouping is all plans together."""
    regions = [*Region.choices, (NO_REGION, _("Region unknown"))]
    generations = [*GENERATIONS, (NO_GENERATION, _("Generation unknown"))]
    by_region = _group(plans, region_key, regions)
    by_generation = _group(plans, generation_bucket, generations)
    everyone = _group(plans, lambda plan: ALL, [(ALL, _("All national plans"))])
    return {
        "n": len(plans),
        "by_region": by_region + everyone,
        "by_generation": by_generation + everyone,
    }


def share(count, n):
    """A whole percentage, or None when there is no plan to share among."""
    return round(100 * count / n) if n else None


def measure_table(rows, measure):
    """One measure over one grouping's rows: per row its cells (category, label, count, share)."""
    return [
        {
            "key": row["key"],
            "label": row["label"],
            "n": row["n"],
            "cells": [
                {
                    "category": code,
                    "label": name,
                    "count": row["counts"][measure.key][code],
                    "share": share(row["counts"][measure.key][code], row["n"]),
                }
                for code, name in measure.categories
            ],
        }
        for row in rows
    ]


def csv_rows(result):
    """The same figures, one line per grouping, group, measure and category."""
    yield ["grouping", "group", "measure", "category", "plans", "n", "share_percent"]
    for grouping in ("by_region", "by_generation"):
        for measure in MEASURES:
            for row in measure_table(result[grouping], measure):
                for cell in row["cells"]:
                    yield [
                        grouping.removeprefix("by_"),
                        row["label"],
                        measure.key,
                        cell["category"],
                        cell["count"],
                        row["n"],
                        "" if cell["share"] is None else cell["share"],
                    ]
