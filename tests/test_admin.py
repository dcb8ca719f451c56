"""The Wagtail admin: editors curate and moderate, with the permissions they need and no more."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from practices.models import PracticePage
from tests.factories import (
    FrameworkPageFactory,
    PracticePageFactory,
    ProvisionFactory,
    UserFactory,
    administrator,
    editor,
)
from tests.utils import post_new_practice_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(practice_index, framework_index):
    return PracticePageFactory(contact_email="private@example.org", countries=["KE"])


@pytest.mark.parametrize("make_user", [administrator, editor])
def test_editors_and_administrators_open_every_edit_form(client, make_user, practice):
    client.force_login(make_user())
    framework = FrameworkPageFactory()
    ProvisionFactory(framework=framework)
    for page in (practice, framework, practice.get_parent(), practice.get_parent().get_parent()):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    html = client.get(reverse("wagtailadmin_pages:edit", args=[practice.pk])).content.decode()
    assert "private@example.org" in html  # editors see the private contact
    assert client.get(reverse("wagtailsnippets_practices_organisation:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_frameworks_provision:list")).status_code == 200


def test_editor_cannot_manage_users_groups_or_sites(client, home_page):
    client.force_login(editor())
    for name in ("wagtailusers_users:index", "wagtailusers_groups:index", "wagtailsites:index"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), name
        assert response.status_code == 403 or "/admin/login" not in response.get("Location", "")


def test_member_has_no_access_to_the_admin(client, home_page):
    client.force_login(UserFactory(username="member"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_creates_and_publishes_a_practice_with_a_provision_link(
    client, practice_index, framework_index
):
    provision = ProvisionFactory(code="4.2")
    client.force_login(editor())
    data = nested_form_data(
        {
            "title": "Peace huts in Liberia",
            "slug": "peace-huts-in-liberia",
            "summary": "Women resolve community disputes in peace huts.",
            "description": "Peace huts are traditional spaces run by women.",
            "level": "local",
            "themes": "mediation, reconciliation",
            "language": "en",
            "countries": inline_formset([{"country": "LR"}]),
            "practice_organisations": inline_formset([]),
            "provision_links": inline_formset(
                [{"provision": provision.pk, "relation": "implements"}]
            ),
            "framework_links": inline_formset([]),
            "attachments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    # Multiple-choice fields post one value per ticked box.
    data.update(agendas=["WPS"], pillars=["participation", "prevention"])
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    practice = PracticePage.objects.get(slug="peace-huts-in-liberia")
    assert practice.live
    assert practice.country_codes == ["LR"]
    assert practice.region == "africa"
    assert practice.agendas == ["WPS"]
    assert practice.pillars == ["prevention", "participation"]  # in vocabulary order
    assert sorted(practice.theme_names) == ["mediation", "reconciliation"]
    assert [link.provision for link in practice.provision_links.all()] == [provision]
    assert "Peace huts in Liberia" in client.get(provision.url).content.decode()


def test_admin_rejects_unknown_vocabulary_codes(client, practice_index):
    client.force_login(editor())
    response = post_new_practice_in_admin(
        client,
        practice_index,
        title="Bad codes",
        slug="bad-codes",
        level="galactic",
        agendas=["WPS", "NOPE"],
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "level" in form.errors and "agendas" in form.errors
    assert not PracticePage.objects.filter(slug="bad-codes").exists()


def test_editor_records_that_civil_society_had_no_role_and_the_plan_address(
    client, framework_index
):
    framework = FrameworkPageFactory(title="Nepal NAP", country="NP")
    assert framework.civil_society_roles_label == "Unknown"
    client.force_login(editor())
    data = nested_form_data(
        {
            "title": "Nepal NAP",
            "slug": framework.slug,
            "kind": "nap",
            "external_id": framework.external_id,
            "country": "NP",
            "budget": "unknown",
            "me_framework": "unknown",
            "civil_society_roles_known": "on",
            "document_url": "https://example.org/nepal-nap.pdf",
            "provisions": inline_formset([]),
            "translations": inline_formset([]),
            "provision_translations": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[framework.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    framework.refresh_from_db()
    assert framework.known_civil_society_roles == []
    assert framework.document_url == "https://example.org/nepal-nap.pdf"
    assert "None, according to the sources" in client.get(framework.url).content.decode()
