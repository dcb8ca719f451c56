"""Content in its own language in a real browser: a French practice read with the English and
the Arabic interface, a framework read in French; zero axe violations."""

import pytest

from frameworks.models import FrameworkTranslation
from practices.models import PracticeIndexPage
from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_french_practice_and_a_translated_framework_are_accessible(page, axe_check, page_tree):
    framework = FrameworkPageFactory(title="Mali national action plan", slug="nap-ml", country="ML")
    ProvisionFactory(framework=framework, code="1.1", text="Women in local peace committees.")
    FrameworkTranslation.objects.create(
        framework=framework, language="fr", title="Plan d'action national du Mali"
    )
    PracticePageFactory(
        parent=PracticeIndexPage.objects.get(locale__language_code="fr"),
        title="Des médiatrices à Mopti",
        slug="mediatrices-mopti",
        summary="Des femmes médiatrices règlent les conflits fonciers.",
        description="Un réseau de médiatrices se réunit chaque mois.",
        language="fr",
        countries=["ML"],
    )

    response = page.goto("/practices/mediatrices-mopti/")
    assert response.status == 200
    assert page.locator("h1").get_attribute("lang") == "fr"
    assert "This practice is written in French." in page.content()
    axe_check(page)

    response = page.goto("/ar/practices/mediatrices-mopti/")
    assert response.status == 200
    assert page.locator("h1").get_attribute("dir") == "ltr"
    axe_check(page)

    response = page.goto("/fr/frameworks/nap-ml/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Plan d'action national du Mali"
    axe_check(page)
