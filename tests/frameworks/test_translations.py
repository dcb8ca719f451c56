"""Frameworks and provisions in the visitor's language: their translated title, summary and
text where an editor gave them (rows on the framework's page), else the original marked with its
language; the framework's pages reachable under every language's address."""

from django.core.exceptions import ValidationError

import pytest

from frameworks.models import FrameworkTranslation, ProvisionTranslation
from tests.factories import FrameworkPageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(framework_index):
    framework = FrameworkPageFactory(
        title="Kenya national action plan",
        slug="nap-ke",
        summary="Kenya's second plan on women, peace and security.",
    )
    ProvisionFactory(framework=framework, code="2.3", text="Support local peace committees.")
    FrameworkTranslation.objects.create(
        framework=framework,
        language="fr",
        title="Plan d'action national du Kenya",
        summary="Le deuxième plan du Kenya sur les femmes, la paix et la sécurité.",
    )
    ProvisionTranslation.objects.create(
        framework=framework, code="2.3", language="fr", text="Soutenir les comités de paix."
    )
    FrameworkTranslation.objects.create(
        framework=framework, language="es", title="Plan de acción nacional de Kenia"
    )
    return framework


def test_the_framework_page_shows_its_translation_in_the_visitors_language(client, plan):
    response = client.get("/fr/frameworks/nap-ke/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Plan d&#x27;action national du Kenya</h1>" in html
    assert "Le deuxième plan du Kenya" in html
    assert "<span>Soutenir les comités de paix.</span>" in html
    # Its provisions' addresses stay in French.
    assert 'href="/fr/frameworks/nap-ke/provisions/23/"' in html


def test_without_a_translation_the_original_is_marked_with_its_language(client, plan):
    html = client.get("/ar/frameworks/nap-ke/").content.decode()
    assert '<h1 lang="en" dir="ltr">Kenya national action plan</h1>' in html
    assert '<span lang="en" dir="ltr">Support local peace committees.</span>' in html
    # A translated title without a summary: the original summary, marked.
    html = client.get("/es/frameworks/nap-ke/").content.decode()
    assert "<h1>Plan de acción nacional de Kenia</h1>" in html
    assert '<p class="lead" lang="en" dir="ltr">Kenya&#x27;s second plan' in html


def test_english_visitors_read_the_original_unmarked(client, plan):
    html = client.get("/frameworks/nap-ke/").content.decode()
    assert "<h1>Kenya national action plan</h1>" in html
    assert "Plan d&#x27;action" not in html


def test_the_provision_page_shows_the_translated_text(client, plan):
    response = client.get("/fr/frameworks/nap-ke/provisions/23/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="lead">Soutenir les comités de paix.</p>' in html
    html = client.get("/es/frameworks/nap-ke/provisions/23/").content.decode()
    assert '<p class="lead" lang="en" dir="ltr">Support local peace committees.</p>' in html


def test_every_locale_lists_the_frameworks(client, plan):
    html = client.get("/fr/frameworks/").content.decode()
    assert 'href="/fr/frameworks/nap-ke/"' in html
    assert client.get("/fr/frameworks/no-such-plan/").status_code == 404
    assert client.get("/fr/frameworks/nap-ke/provisions/9-9/").status_code == 404


def test_a_provision_translation_must_name_a_provision_of_the_framework(plan):
    plan.provision_translations.add(ProvisionTranslation(code="9.9", language="fr", text="?"))
    with pytest.raises(ValidationError, match="9.9"):
        plan.full_clean()


def test_the_default_language_is_not_a_translation_language(plan):
    row = FrameworkTranslation(framework=plan, language="en", title="Again")
    with pytest.raises(ValidationError):
        row.full_clean()
