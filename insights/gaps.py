"""Registry-wide coverage and gaps at /frameworks/gaps/ (and its CSV, /frameworks/gaps.csv): the
provisions of published frameworks that no published practice is linked to, filtered by agenda,
region, country and pillar, grouped by framework, with the totals (practices.coverage).

The agenda, region and country filters are the framework filters (frameworks.filters): a region
or a country selects the frameworks of its countries, so regional and global frameworks drop out.
The pillar is the provision's own. Values outside the vocabularies are ignored and said so.
"""

import csv
from itertools import groupby

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render

from api.exports import BOM, Echo, safe_cell
from core.countries import all_countries, country_name
from core.vocabulary import Agenda, Pillar, Region, label
from frameworks.filters import filter_frameworks
from frameworks.models import Provision
from practices.coverage import coverage, gap_provisions
from search.query import clean_text

from . import stats

PER_PAGE = 50
MAX_VALUES = 20
FILTERS = {
    "agenda": ("Agenda", Agenda),
    "region": ("Region", Region),
    "country": ("Country", None),
    "pillar": ("Pillar", Pillar),
}
CSV_COLUMNS = (
    "framework_external_id",
    "framework_title",
    "framework_kind",
    "country",
    "provision_code",
    "pillar",
    "text",
    "provision_url",
)


def read_filters(params):
    """({name: [valid codes]}, [values ignored, as "Name: value"]) from the query string."""
    chosen, ignored = {}, []
    for name, (title, vocabulary) in FILTERS.items():
        allowed = set(all_countries()) if vocabulary is None else set(vocabulary.values)
        values = [clean_text(v).strip()[:100] for v in params.getlist(name)][:MAX_VALUES]
        for value in dict.fromkeys(v for v in values if v):
            code = value.upper() if name == "country" else value
            if code in allowed:
                chosen.setdefault(name, []).append(code)
            else:
                ignored.append(f"{title}: {value}")
    return chosen, ignored


def filtered_provisions(chosen):
    frameworks = filter_frameworks(
        stats.public_frameworks(),
        agendas=chosen.get("agenda", ()),
        regions=chosen.get("region", ()),
        countries=chosen.get("country", ()),
    )
    provisions = Provision.objects.filter(framework__in=frameworks.values("pk"))
    if chosen.get("pillar"):
        provisions = provisions.filter(pillar__in=chosen["pillar"])
    return provisions


def ordered_gaps(provisions):
    return (
        gap_provisions(provisions)
        .select_related("framework")
        .order_by("framework__title", "framework_id", "sort_order", "pk")
    )


def provision_gaps(request, as_csv=False):
    chosen, ignored = read_filters(request.GET)
    provisions = filtered_provisions(chosen)
    if as_csv or request.GET.get("format") == "csv":
        return gaps_csv(request, provisions)
    totals = coverage(provisions)
    page_obj = Paginator(ordered_gaps(provisions), PER_PAGE).get_page(request.GET.get("page"))
    groups = [
        {"framework": framework, "provisions": list(items)}
        for framework, items in groupby(page_obj.object_list, key=lambda p: p.framework)
    ]
    countries = sorted(
        set(stats.public_frameworks().exclude(country="").values_list("country", flat=True)),
        key=country_name,
    )
    options = {
        "agenda": Agenda.choices,
        "region": Region.choices,
        "country": [(code, country_name(code)) for code in countries],
        "pillar": Pillar.choices,
    }
    return render(
        request,
        "insights/provision_gaps.html",
        {
            "coverage": totals,
            "groups": groups,
            "page_obj": page_obj,
            "ignored": ignored,
            "chosen": chosen,
            "chosen_labels": [
                label(FILTERS[name][1], code) if FILTERS[name][1] else country_name(code)
                for name, codes in chosen.items()
                for code in codes
            ],
            "filters": [
                (name, FILTERS[name][0], options[name], chosen.get(name, [""])[0])
                for name in FILTERS
            ],
        },
    )


def gaps_csv(request, provisions):
    writer = csv.writer(Echo())

    def rows():
        yield BOM + writer.writerow(CSV_COLUMNS)
        for provision in ordered_gaps(provisions).iterator(chunk_size=500):
            framework = provision.framework
            yield writer.writerow(
                [
                    safe_cell(value)
                    for value in (
                        framework.external_id,
                        framework.title,
                        framework.kind,
                        framework.country,
                        provision.code,
                        provision.pillar,
                        provision.text,
                        request.build_absolute_uri(provision.url),
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="provision-gaps.csv"'
    return response
