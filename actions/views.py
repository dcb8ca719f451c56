from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from core.countries import country_name
from practices.models import Organisation, PracticeCountry, PracticePage

from .models import JointActionCountry, JointActionPage


def public_organisations():
    """The organisations that have a public page: those whose name the public may see."""
    return Organisation.objects.publicly_named()


def organisation_practices(organisation):
    """Its published practices open to the public that name it (never one withholding it)."""
    return (
        PracticePage.objects.live()
        .public()
        .originals()
        .filter(withhold_organisation=False, practice_organisations__organisation=organisation)
        .distinct()
        .prefetch_related("countries", "practice_organisations__organisation")
        .order_by("title")
    )


def organisation_actions(organisation):
    return (
        JointActionPage.objects.live()
        .public()
        .filter(Q(lead_organisation=organisation) | Q(participations__organisation=organisation))
        .distinct()
        .order_by("title")
    )


def organisation(request, pk):
    """An organisation's public page: what it is, where it works (the countries of its public
    practices and joint actions), its network, its published practices and joint actions.
    An organisation whose name is withheld or not yet confirmed has none: 404."""
    found = get_object_or_404(public_organisations(), pk=pk)
    practices = list(organisation_practices(found))
    actions = list(organisation_actions(found))
    codes = set(
        PracticeCountry.objects.filter(practice__in=practices).values_list("country", flat=True)
    ) | set(JointActionCountry.objects.filter(action__in=actions).values_list("country", flat=True))
    countries = sorted(
        ({"code": code, "name": country_name(code)} for code in codes if code),
        key=lambda c: c["name"],
    )
    return render(
        request,
        "actions/organisation.html",
        {
            "organisation": found,
            "countries": countries,
            "practices": practices,
            "actions": actions,
        },
    )
