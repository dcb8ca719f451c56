"""The numbers behind the map, the charts and the country profiles: published content only."""

import json
from collections import Counter
from functools import cache
from pathlib import Path

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from actions.models import JointActionPage
from core.countries import all_countries, country_name, region_of
from core.vocabulary import Agenda, FrameworkKind, FrameworkStatus, Level, Region
from frameworks.lifecycle import plans_to_watch
from frameworks.models import FrameworkPage, Provision, framework_statuses
from practices.coverage import coverage
from practices.models import (
    PracticeCountry,
    PracticeFrameworkLink,
    PracticeIndexPage,
    PracticePage,
    PracticeProvisionLink,
)

DATA = Path(__file__).parent / "data"
NONE_KNOWN = "none"
UNKNOWN_PERIOD = "unknown"
MAP_STATUSES = [
    (FrameworkStatus.ACTIVE, _("Active NAP")),
    (FrameworkStatus.IN_DEVELOPMENT, _("NAP in development")),
    (FrameworkStatus.EXPIRED, _("Expired NAP")),
    (UNKNOWN_PERIOD, _("NAP, period unknown")),
    (NONE_KNOWN, _("No NAP known")),
]


# The practice map's classes: (class code, lowest count, highest count or None, legend label).
PRACTICE_CLASSES = [
    ("pc-0", 0, 0, _("No published practice")),
    ("pc-1", 1, 1, _("1 practice")),
    ("pc-2", 2, 4, _("2–4 practices")),
    ("pc-5", 5, None, _("5 or more practices")),
]


def practice_class(count):
    """The practice map's class code of a country with ``count`` published practices."""
    for code, low, high, _label in PRACTICE_CLASSES:
        if count >= low and (high is None or count <= high):
            return code
    return PRACTICE_CLASSES[0][0]


def practice_listing_url(request=None):
    """The address of the live practice listing, or None when the site has none."""
    listing = PracticeIndexPage.objects.live().order_by("path").first()
    return listing.get_url(request) if listing else None


@cache
def world_shapes():
    return json.loads((DATA / "world-110m.json").read_text(encoding="utf-8"))


@cache
def regional_members():
    return json.loads((DATA / "regional_members.json").read_text(encoding="utf-8"))["organisations"]


def covers(framework, code):
    """Does a regional framework's organisation count the country among its members?"""
    name = framework.organisation or ""
    return any(
        code in entry["members"] and any(m.lower() in name.lower() for m in entry["match"])
        for entry in regional_members()
    )


def public_frameworks():
    return FrameworkPage.objects.live().public()


def public_practices():
    # Each practice once, as written: its translations are versions of it, not more practices.
    return PracticePage.objects.live().public().originals()


def public_actions():
    return JointActionPage.objects.live().public()


def nap_status_of_country(statuses):
    """A country's map status from the statuses of its NAPs: active wins, then a plan in
    development, then expired; NAPs whose periods are all unknown are shown as such."""
    for status in (FrameworkStatus.ACTIVE, FrameworkStatus.IN_DEVELOPMENT, FrameworkStatus.EXPIRED):
        if status in statuses:
            return status
    return UNKNOWN_PERIOD if statuses else NONE_KNOWN


def country_table():
    """One row per country with a NAP or a published practice, by name."""
    naps = list(public_frameworks().filter(kind=FrameworkKind.NAP).exclude(country=""))
    statuses = framework_statuses(naps)
    nap_statuses, nap_counts = {}, Counter()
    for nap in naps:
        nap_counts[nap.country] += 1
        nap_statuses.setdefault(nap.country, set()).add(statuses[nap.pk])
    practice_counts = dict(
        PracticeCountry.objects.filter(practice__in=public_practices())
        .values_list("country")
        .annotate(n=Count("practice", distinct=True))
        .values_list("country", "n")
    )
    labels = dict(MAP_STATUSES)
    rows = []
    for code in set(nap_counts) | set(practice_counts):
        status = nap_status_of_country(nap_statuses.get(code, set()))
        rows.append(
            {
                "code": code,
                "name": country_name(code),
                "status": status,
                "status_label": labels[status],
                "naps": nap_counts.get(code, 0),
                "practices": practice_counts.get(code, 0),
            }
        )
    rows.sort(key=lambda row: row["name"])
    return rows


def nap_adoptions():
    """[(year, adopted that year, adopted up to then)] over published NAPs with a known year."""
    years = Counter(
        year
        for adopted, start in public_frameworks()
        .filter(kind=FrameworkKind.NAP)
        .values_list("adopted_year", "start_year")
        if (year := adopted or start)
    )
    rows, total = [], 0
    if years:
        for year in range(min(years), max(years) + 1):
            total += years.get(year, 0)
            rows.append((year, years.get(year, 0), total))
    return rows


def practice_breakdowns():
    practices = public_practices()
    agendas, levels = Counter(), Counter()
    for codes, level in practices.values_list("agendas", "level"):
        agendas.update(set(codes or []))
        levels[level] += 1
    regions = Counter()
    countries_of = {}
    for practice_id, code in PracticeCountry.objects.filter(practice__in=practices).values_list(
        "practice_id", "country"
    ):
        countries_of.setdefault(practice_id, set()).add(region_of(code))
    for found in countries_of.values():
        regions.update(r for r in found if r)
    return {
        "agenda": [(label, agendas.get(code, 0)) for code, label in Agenda.choices],
        "level": [(label, levels.get(code, 0)) for code, label in Level.choices],
        "region": [(label, regions.get(code, 0)) for code, label in Region.choices],
    }


def linked_practice_counts(frameworks):
    """{framework pk: number of published practices linked to it or to one of its provisions}."""
    practices = public_practices()
    linked = {}
    for framework_id, practice_id in PracticeProvisionLink.objects.filter(
        provision__framework__in=frameworks, practice__in=practices
    ).values_list("provision__framework_id", "practice_id"):
        linked.setdefault(framework_id, set()).add(practice_id)
    for framework_id, practice_id in PracticeFrameworkLink.objects.filter(
        framework__in=frameworks, practice__in=practices
    ).values_list("framework_id", "practice_id"):
        linked.setdefault(framework_id, set()).add(practice_id)
    return {pk: len(ids) for pk, ids in linked.items()}


def provision_counts(frameworks):
    return dict(
        Provision.objects.filter(framework__in=frameworks)
        .values("framework_id")
        .annotate(n=Count("id"))
        .values_list("framework_id", "n")
    )


def country_profile(code):
    frameworks = public_frameworks()
    own = list(frameworks.filter(country=code).order_by("kind", "generation", "start_year"))
    statuses = framework_statuses(own)
    for framework in own:
        framework.derived_status = statuses[framework.pk]
    naps = sorted(
        (f for f in own if f.kind == FrameworkKind.NAP),
        key=lambda f: (f.generation or 0, f.start_year or 0),
    )
    others = [f for f in own if f.kind != FrameworkKind.NAP]
    regional = [
        f
        for f in frameworks.filter(kind=FrameworkKind.RAP).order_by("organisation", "title")
        if covers(f, code)
    ]
    practices = list(
        public_practices()
        .filter(countries__country=code)
        .distinct()
        .order_by("title")
        .prefetch_related("countries", "practice_organisations__organisation")
    )
    actions = [
        a
        for a in public_actions()
        .select_related("lead_organisation")
        .prefetch_related("countries", "practice_links__practice__countries")
        .order_by("title")
        if code in a.country_codes
    ]
    organisations = {}
    for practice in practices:
        for organisation in practice.public_organisations:
            organisations[organisation.pk] = organisation
    for action in actions:
        if action.public_lead_organisation:
            organisations[action.public_lead_organisation.pk] = action.public_lead_organisation
        for organisation in action.participants():
            organisations[organisation.pk] = organisation
    provisions = Provision.objects.filter(framework__in=own).select_related("framework")
    provision_coverage = coverage(provisions)
    gaps = set(provision_coverage.gap_ids)
    provision_coverage.gap_list = [
        p for p in provisions.order_by("framework__title", "sort_order", "pk") if p.pk in gaps
    ]
    return {
        "code": code,
        "name": country_name(code),
        "region": region_of(code),
        "naps": naps,
        "other_frameworks": others,
        "regional_frameworks": regional,
        "practices": practices,
        "organisations": sorted(organisations.values(), key=lambda o: o.name),
        "actions": actions,
        "coverage": provision_coverage,
        "plans_to_watch": plans_to_watch(frameworks.filter(country=code)),
        "map_status": dict(MAP_STATUSES)[nap_status_of_country({f.derived_status for f in naps})],
    }


def known_country(code):
    return code in all_countries()
