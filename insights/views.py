from django.http import Http404
from django.shortcuts import redirect, render

from core.countries import country_name
from core.vocabulary import FrameworkKind, Pillar, label
from frameworks.filters import filter_frameworks
from frameworks.models import Provision
from monitoring.stats import status_summary

from . import stats
from .svg import adoption_chart, bar_chart, world_map

MAX_COMPARED = 4


def map_and_charts(request):
    rows = stats.country_table()
    adoptions = stats.nap_adoptions()
    breakdowns = stats.practice_breakdowns()
    charts = [
        {
            "id": f"practices-by-{key}",
            "key": key,
            "title": f"Practices by {key}",
            "svg": bar_chart(f"practices-by-{key}", f"Published practices by {key}", rows_),
            "rows": rows_,
        }
        for key, rows_ in breakdowns.items()
    ]
    return render(
        request,
        "insights/map_and_charts.html",
        {
            "rows": rows,
            "map": world_map(rows),
            "legend": stats.MAP_STATUSES,
            "adoptions": adoptions,
            "adoption_svg": adoption_chart("nap-adoptions", adoptions),
            "charts": charts,
        },
    )


def country_profile(request, code):
    if code != code.upper():
        return redirect("country_profile", code=code.upper(), permanent=True)
    if not stats.known_country(code):
        raise Http404("No such country")
    profile = stats.country_profile(code)
    counts = [
        ("National action plans", len(profile["naps"])),
        ("Other national and local frameworks", len(profile["other_frameworks"])),
        ("Regional frameworks covering it", len(profile["regional_frameworks"])),
        ("Good practices", len(profile["practices"])),
        ("Organisations", len(profile["organisations"])),
        ("Joint actions", len(profile["actions"])),
    ]
    own = [f.pk for f in profile["naps"]] + [f.pk for f in profile["other_frameworks"]]
    monitoring = status_summary(
        Provision.objects.filter(framework_id__in=own).values_list("pk", flat=True)
    )
    return render(
        request,
        "insights/country_profile.html",
        {"profile": profile, "counts": counts, "monitoring": monitoring},
    )


def _missing(value):
    return value in (None, "", [], "unknown")


def compare_naps(request):
    naps = list(
        filter_frameworks(stats.public_frameworks(), kinds=[FrameworkKind.NAP])
        .exclude(country="")
        .order_by("country", "generation")
    )
    by_id = {str(nap.pk): nap for nap in naps}
    asked = [value for value in request.GET.getlist("nap") if value]
    chosen, error = [], None
    for value in dict.fromkeys(asked):
        if value in by_id:
            chosen.append(by_id[value])
        else:
            error = "One of the chosen plans is not a published national action plan."
    if len(chosen) > MAX_COMPARED:
        error = f"Choose at most {MAX_COMPARED} plans; the first {MAX_COMPARED} are shown."
        chosen = chosen[:MAX_COMPARED]
    if asked and len(chosen) < 2 and not error:
        error = "Choose at least two plans to compare."
    table = []
    if len(chosen) >= 2:
        provisions = stats.provision_counts(chosen)
        practices = stats.linked_practice_counts(chosen)

        def row(label, values):
            table.append(
                {"label": label, "values": ["Unknown" if _missing(v) else v for v in values]}
            )

        row("Country", [n.country_name for n in chosen])
        row("Period", [n.period_label for n in chosen])
        row("Adopted", [n.adopted_year for n in chosen])
        row("Status", [n.status_label if n.derived_status else None for n in chosen])
        row("Generation", [n.generation for n in chosen])
        row("Lead institution", [n.lead_institution for n in chosen])
        row(
            "Pillars",
            [
                "; ".join(n.pillar_label_list) or ", ".join(label(Pillar, p) for p in n.pillars)
                for n in chosen
            ],
        )
        row("Budget", [None if n.budget == "unknown" else n.get_budget_display() for n in chosen])
        row(
            "Monitoring and evaluation framework",
            [None if n.me_framework == "unknown" else n.get_me_framework_display() for n in chosen],
        )
        row(
            "Civil-society role",
            [n.civil_society_roles_label for n in chosen],
        )
        row(
            "The plan's text",
            [
                {"text": "Read it", "about": n.title, "url": n.document_url}
                if n.document_url
                else None
                for n in chosen
            ],
        )
        row(
            "Provisions in the registry",
            [provisions.get(n.pk) or "None entered yet" for n in chosen],
        )
        row("Linked practices", [str(practices.get(n.pk, 0)) for n in chosen])
    options = sorted(
        ((str(n.pk), f"{country_name(n.country)}: {n.title}") for n in naps), key=lambda o: o[1]
    )
    selected = [str(n.pk) for n in chosen] + [""] * (MAX_COMPARED - len(chosen))
    return render(
        request,
        "insights/compare_naps.html",
        {
            "chosen": chosen,
            "table": table,
            "error": error,
            "options": options,
            "selects": list(enumerate(selected, start=1)),
        },
        status=400 if error and len(chosen) < 2 and asked else 200,
    )
