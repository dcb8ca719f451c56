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


def test_the_default_language_is_not_a_translation_language(plan):
    row = FrameworkTranslation(framework=plan, language="en", title="Again")
    with pytest.raises(ValidationError):
        row.full_clean()


RECORD = {
    "external_id": "nap-ml-1",
    "kind": "nap",
    "title": "Mali national action plan",
    "country": "ML",
    "summary": "Mali's first plan.",
    "provisions": [
        {
            "code": "1.1",
            "text": "Women in local peace committees.",
            "translations": [{"language": "fr", "text": "Des femmes dans les comités de paix."}],
        }
    ],
    "translations": [
        {"language": "fr", "title": "Plan d'action national du Mali", "summary": None},
    ],
}


def import_record(tmp_path, record):
    import io
    import json

    from django.core.management import call_command

    directory = tmp_path / "frameworks"
    directory.mkdir(exist_ok=True)
    (directory / "naps.json").write_text(json.dumps({"frameworks": [record]}), "utf-8")
    call_command("import_frameworks", str(directory), stdout=io.StringIO(), stderr=io.StringIO())


def test_imported_translations_are_shown_and_kept_when_a_record_leaves_them_out(
    client, tmp_path, framework_index
):
    from frameworks.models import FrameworkPage

    import_record(tmp_path, RECORD)
    page = FrameworkPage.objects.get(external_id="nap-ml-1")
    html = client.get(f"/fr/frameworks/{page.slug}/").content.decode()
    assert "<h1>Plan d&#x27;action national du Mali</h1>" in html
    assert "<span>Des femmes dans les comités de paix.</span>" in html

    bare = {key: value for key, value in RECORD.items() if key != "translations"}
    bare["provisions"] = [{"code": "1.1", "text": "Women in local peace committees."}]
    import_record(tmp_path, bare)
    assert page.translations.count() == 1
    assert page.provision_translations.count() == 1
    # A record that gives them replaces them.
    import_record(tmp_path, dict(RECORD, translations=[]))
    assert page.translations.count() == 0


@pytest.mark.parametrize(
    "translations",
    [
        [{"language": "en", "title": "Again"}],
        [{"language": "xx", "title": "?"}],
        [{"language": "fr"}],
        [{"language": "fr", "title": "a"}, {"language": "fr", "title": "b"}],
        "not a list",
    ],
)
def test_hostile_framework_translations_are_refused(tmp_path, framework_index, translations):
    from django.core.management.base import CommandError

    from frameworks.models import FrameworkPage

    with pytest.raises(CommandError, match="translations"):
        import_record(tmp_path, dict(RECORD, translations=translations))
    assert not FrameworkPage.objects.filter(external_id="nap-ml-1").exists()


def test_an_editor_translates_a_framework_and_a_provision_in_its_page(client, framework_index):
    from django.urls import reverse

    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from tests.factories import editor

    framework = FrameworkPageFactory(title="Nepal NAP", country="NP", slug="nap-np")
    provision = ProvisionFactory(framework=framework, code="1.1", text="Women in peace talks.")
    client.force_login(editor())

    def post(provision_translations):
        data = nested_form_data(
            {
                "title": "Nepal NAP",
                "slug": "nap-np",
                "kind": "nap",
                "external_id": framework.external_id,
                "country": "NP",
                "budget": "unknown",
                "me_framework": "unknown",
                "provisions": inline_formset(
                    [
                        {
                            "id": provision.pk,
                            "code": "1.1",
                            "code_as_printed": "on",
                            "text": provision.text,
                            "slug": provision.slug,
                        }
                    ],
                    initial=1,
                ),
                "translations": inline_formset(
                    [{"language": "es", "title": "PAN de Nepal", "summary": ""}]
                ),
                "provision_translations": inline_formset(provision_translations),
                "action-publish": "publish",
            }
        )
        return client.post(reverse("wagtailadmin_pages:edit", args=[framework.pk]), data)

    # A code no provision has: the editor is told, nothing is saved, no server error.
    response = post([{"code": "9.9", "language": "es", "text": "?"}])
    assert response.status_code == 200
    assert "No provision of this framework has this code." in response.content.decode()
    assert not framework.translations.exists()

    response = post([{"code": "1.1", "language": "es", "text": "Mujeres en las negociaciones."}])
    assert response.status_code == 302
    html = client.get("/es/frameworks/nap-np/").content.decode()
    assert "<h1>PAN de Nepal</h1>" in html
    assert "<span>Mujeres en las negociaciones.</span>" in html
