import csv

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actions.models import JointActionIndexPage
from core.countries import country_name
from core.vocabulary import Agenda, FrameworkKind, Pillar, label
from frameworks.filters import filter_frameworks
from frameworks.models import FrameworkIndexPage, Provision
from monitoring.stats import status_summary

from . import features, stats
from .svg import (
    adoption_bars,
    adoption_total,
    bar_chart,
    practice_map,
    stacked_bar_chart,
    world_map,
)

MAX_COMPARED = 4


MAPS = {"status": _("NAP status"), "practices": _("Published practices")}
BREAKDOWN_TITLES = {
    "agenda": _("Practices by agenda"),
    "level": _("Practices by level"),
    "region": _("Practices by region"),
}
BREAKDOWN_DESCRIPTIONS = {
    "agenda": _("Published practices by agenda"),
    "level": _("Published practices by level"),
    "region": _("Published practices by region"),
}


def map_and_charts(request):
    rows = stats.country_table()
    # Which map: the NAP status map unless the practice map is asked for; anything else falls
    # back to the default.
    shown = request.GET.get("map")
    shown = shown if shown in MAPS else "status"
    listing_url = stats.practice_listing_url(request)
    adoptions = stats.nap_adoptions()
    breakdowns = stats.practice_breakdowns()
    charts = [
        {
            "id": f"practices-by-{key}",
            "key": key,
            "title": BREAKDOWN_TITLES[key],
            "svg": bar_chart(f"practices-by-{key}", BREAKDOWN_DESCRIPTIONS[key], rows_),
            "rows": rows_,
        }
        for key, rows_ in breakdowns.items()
    ]
    return render(
        request,
        "insights/map_and_charts.html",
        {
            "rows": rows,
            "shown": shown,
            "maps": MAPS,
            "map": world_map(rows) if shown == "status" else None,
            "legend": stats.MAP_STATUSES,
            "practice_map": practice_map(rows, listing_url) if shown == "practices" else None,
            "practice_legend": stats.PRACTICE_CLASSES,
            "practice_rows": [row for row in rows if row["practices"]],
            "listing_url": listing_url,
            "adoptions": adoptions,
            "adoption_bars": adoption_bars("nap-adoptions-per-year", adoptions),
            "adoption_total": adoption_total("nap-adoptions-in-all", adoptions),
            "charts": charts,
        },
    )


def country_profile(request, code):
    if code != code.upper():
        return redirect("country_profile", code=code.upper(), permanent=True)
    if not stats.known_country(code):
        raise Http404("No such country")
    profile = stats.country_profile(code)
    filtered = f"?{urlencode({'country': code})}"
    frameworks_url = FrameworkIndexPage.live_url(request)
    practices_url = stats.practice_listing_url(request)
    actions_url = JointActionIndexPage.live_url(request)
    # Each count leads to the filtered list it counts, where there is one (else to its section).
    counts = [
        (
            gettext("National action plans"),
            len(profile["naps"]),
            frameworks_url
            and f"{frameworks_url}?{urlencode({'country': code, 'kind': FrameworkKind.NAP})}",
        ),
        (
            gettext("Other national and local frameworks"),
            len(profile["other_frameworks"]),
            # Its section is only there when there is one.
            profile["other_frameworks"] and "#other",
        ),
        (
            gettext("Regional frameworks covering it"),
            len(profile["regional_frameworks"]),
            "#regional",
        ),
        (
            gettext("Good practices"),
            len(profile["practices"]),
            practices_url and practices_url + filtered,
        ),
        (gettext("Organisations"), len(profile["organisations"]), "#organisations"),
        (gettext("Joint actions"), len(profile["actions"]), actions_url and actions_url + filtered),
    ]
    practice_data = {
        "listing": practices_url and practices_url + filtered,
        "csv": reverse("practices_csv") + filtered,
        "feed": reverse("practices_feed") + filtered,
    }
    own = [f.pk for f in profile["naps"]] + [f.pk for f in profile["other_frameworks"]]
    monitoring = status_summary(
        Provision.objects.filter(framework_id__in=own).values_list("pk", flat=True)
    )
    return render(
        request,
        "insights/country_profile.html",
        {
            "profile": profile,
            "counts": counts,
            "practice_data": practice_data,
            "monitoring": monitoring,
            "share_description": gettext("Country profile of %(country)s: %(counts)s.")
            % {
                "country": profile["name"],
                "counts": "; ".join(f"{name.lower()}: {n}" for name, n, _url in counts),
            },
        },
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
            error = gettext("One of the chosen plans is not a published national action plan.")
    if len(chosen) > MAX_COMPARED:
        error = gettext("Choose at most %(n)s plans; the first %(n)s are shown.") % {
            "n": MAX_COMPARED
        }
        chosen = chosen[:MAX_COMPARED]
    if asked and len(chosen) < 2 and not error:
        error = gettext("Choose at least two plans to compare.")
    table = []
    if len(chosen) >= 2:
        provisions = stats.provision_counts(chosen)
        practices = stats.linked_practice_counts(chosen)

        def row(label, values):
            table.append(
                {
                    "label": label,
                    "values": [gettext("Unknown") if _missing(v) else v for v in values],
                }
            )

        row(gettext("Country"), [n.country_name for n in chosen])
        row(gettext("Period"), [n.period_label for n in chosen])
        row(gettext("Adopted"), [n.adopted_year for n in chosen])
        row(gettext("Status"), [n.status_label if n.derived_status else None for n in chosen])
        row(gettext("Generation"), [n.generation for n in chosen])
        row(gettext("Lead institution"), [n.lead_institution for n in chosen])
        row(
            gettext("Pillars"),
            [
                "; ".join(n.pillar_label_list) or ", ".join(label(Pillar, p) for p in n.pillars)
                for n in chosen
            ],
        )
        row(
            gettext("Budget"),
            [None if n.budget == "unknown" else n.get_budget_display() for n in chosen],
        )
        row(
            gettext("Monitoring and evaluation framework"),
            [None if n.me_framework == "unknown" else n.get_me_framework_display() for n in chosen],
        )
        row(
            gettext("Civil-society role"),
            [n.civil_society_roles_label for n in chosen],
        )
        row(
            gettext("The plan's text"),
            [
                {"text": gettext("Read it"), "about": n.title, "url": n.document_url}
                if n.document_url
                else None
                for n in chosen
            ],
        )
        row(
            gettext("Provisions in the registry"),
            [provisions.get(n.pk) or gettext("None entered yet") for n in chosen],
        )
        row(gettext("Linked practices"), [str(practices.get(n.pk, 0)) for n in chosen])
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


class FeaturesFilter(forms.Form):
    agenda = forms.ChoiceField(
        required=False, choices=[("", _("Every agenda")), *Agenda.choices], label=_("Agenda")
    )
    generation = forms.ChoiceField(
        required=False,
        choices=[("", _("Every generation")), *features.GENERATIONS],
        label=_("Generation"),
    )
    plans = forms.ChoiceField(
        required=False,
        choices=[("", _("Every plan")), ("latest", _("Latest plan per country"))],
        label=_("Plans counted"),
    )
    format = forms.ChoiceField(required=False, choices=[("", "Page"), ("csv", "CSV")])


def nap_features(request):
    """Key features of national action plans by region and by generation, with a CSV."""
    form = FeaturesFilter(request.GET)
    if not form.is_valid():
        problems = "; ".join(f"{name}: {', '.join(errors)}" for name, errors in form.errors.items())
        if request.GET.get("format") == "csv":
            return HttpResponse(
                f"Bad parameter: {problems}\n", status=400, content_type="text/plain"
            )
        form = FeaturesFilter({})
        form.is_valid()
        error = gettext(
            "That filter is not one of the choices offered, so it was ignored (%(problems)s)."
        ) % {"problems": problems}
    else:
        error = None
    chosen = form.cleaned_data
    plans = features.national_plans(
        stats.public_frameworks(),
        agenda=chosen["agenda"] or None,
        generation=chosen["generation"] or None,
        latest=chosen["plans"] == "latest",
    )
    result = features.features(plans)
    if chosen["format"] == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nap-features.csv"'
        csv.writer(response).writerows(features.csv_rows(result))
        return response
    measures = [
        {
            "key": measure.key,
            "title": measure.title,
            "categories": measure.categories,
            "svg": stacked_bar_chart(
                f"chart-{measure.key}",
                f"{measure.title}: national action plans by region",
                measure.categories,
                features.measure_table(result["by_region"], measure),
            ),
            "by_region": features.measure_table(result["by_region"], measure),
            "by_generation": features.measure_table(result["by_generation"], measure),
        }
        for measure in features.MEASURES
    ]
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "insights/nap_features.html",
        {
            "form": form,
            "error": error,
            "n": result["n"],
            "measures": measures,
            "filtered": any(chosen[key] for key in ("agenda", "generation", "plans")),
            "csv_query": query.urlencode() if not error else "format=csv",
            "lead_kinds": features.LEAD_KINDS,
        },
        status=400 if error else 200,
    )
