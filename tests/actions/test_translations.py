"""Joint actions and events in the visitor's language: editors translate them as pages
(simple_translation); each locale's listing shows every one once, translated where there is a
translation and as written where not, and never a draft translation."""

from wagtail.models import Locale

import pytest

from actions.models import JointActionPage
from tests.factories import EventPageFactory, JointActionPageFactory

pytestmark = pytest.mark.django_db


def translate(page, code, **fields):
    copy = page.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return type(copy).objects.get(pk=copy.pk)


def test_each_locale_lists_each_joint_action_once_in_its_language(client, home_page):
    action = JointActionPageFactory(title="Map local plans", slug="lap")
    JointActionPageFactory(title="Fund women mediators", slug="fund")
    translate(action, "fr", title="Documenter les plans d'action locaux")

    french = client.get("/fr/actions/").content.decode()
    assert "Documenter les plans d&#x27;action locaux" in french
    assert "Map local plans" not in french
    assert "Fund women mediators" in french  # not translated: as written

    english = client.get("/actions/").content.decode()
    assert "Map local plans" in english
    assert "Documenter" not in english
    spanish = client.get("/es/actions/").content.decode()
    assert "Map local plans" in spanish and "Fund women mediators" in spanish
    # The French translation is served in French, the untranslated one from every locale.
    assert client.get("/fr/actions/lap/").status_code == 200
    assert client.get("/es/actions/fund/").status_code == 200


def test_a_draft_translation_of_an_event_is_not_listed(client, home_page):
    event = EventPageFactory(title="Webinar on local action plans", slug="webinar")
    draft = translate(event, "ar", title="ندوة عبر الإنترنت")
    draft.unpublish()
    html = client.get("/ar/events/").content.decode()
    assert "Webinar on local action plans" in html
    assert "ندوة عبر الإنترنت" not in html


def test_a_joint_action_can_be_translated_by_the_editors_action(home_page):
    action = JointActionPageFactory(title="Map local plans", slug="lap")
    copy = translate(action, "es", title="Documentar los planes de acción locales")
    assert copy.locale.language_code == "es"
    assert copy.get_parent().url_path == "/home-es/actions/"
    assert JointActionPage.objects.filter(translation_key=action.translation_key).count() == 2
