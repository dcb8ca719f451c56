"""A practice in its own language (Wagtail's locales): it lives in the tree of the language it
was written in, editors translate it with simple_translation's copy, and its page says in the
visitor's language when it has not been translated."""

from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Locale, Page

import pytest

from practices.models import PracticeIndexPage, PracticePage
from tests.factories import PracticePageFactory, draft

pytestmark = pytest.mark.django_db


def locale(code):
    return Locale.objects.get(language_code=code)


def french_practice(**kwargs):
    return PracticePageFactory(
        parent=PracticeIndexPage.objects.get(locale__language_code="fr"),
        title="Des médiatrices pour les conflits fonciers",
        slug="mediatrices",
        summary="Des femmes médiatrices règlent les conflits fonciers entre voisins.",
        description="Un réseau de médiatrices formées se réunit chaque mois avec les anciens.",
        language="fr",
        **kwargs,
    )


def translate(page, code, **fields):
    """What simple_translation's "Translate" action does, then the editor's text, published."""
    copy = page.copy_for_translation(locale(code))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return PracticePage.objects.get(pk=copy.pk)


def test_a_french_practice_lives_in_the_french_tree_and_is_an_original(home_page):
    practice = french_practice()
    assert practice.locale.language_code == "fr"
    # Its own address is under /fr/; its address for a visitor reading English is the plain one.
    assert practice.own_language_url == "/fr/practices/mediatrices/"
    assert practice.url == "/practices/mediatrices/"
    assert not practice.is_translation
    assert practice.content_language == "fr"
    assert list(PracticePage.objects.originals()) == [practice]


def test_a_translation_is_a_copy_in_another_locale_with_its_own_key(home_page):
    practice = french_practice()
    english = translate(practice, "en", title="Women mediators for land disputes")
    assert english.is_translation
    assert english.language == "fr"  # the original's language
    assert english.content_language == "en"
    assert english.external_id and english.external_id != practice.external_id
    assert list(PracticePage.objects.originals()) == [practice]
    assert list(PracticePage.objects.translations()) == [english]
    assert english.url == "/practices/mediatrices/"


def test_the_page_says_in_the_visitors_language_that_it_is_not_translated(client, home_page):
    french_practice()
    response = client.get("/practices/mediatrices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This practice is written in French. It has not been translated into English." in html
    assert '<h1 lang="fr" dir="ltr">Des médiatrices pour les conflits fonciers</h1>' in html
    # In its own language, no notice.
    html = client.get("/fr/practices/mediatrices/").content.decode()
    assert "It has not been translated" not in html


def test_an_arabic_visitor_reads_the_french_text_left_to_right(client, home_page):
    french_practice()
    response = client.get("/ar/practices/mediatrices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr" dir="ltr">Des femmes médiatrices' in html


def test_translations_are_linked_with_their_language(client, home_page):
    practice = french_practice()
    translate(practice, "en", title="Women mediators for land disputes")
    html = client.get("/fr/practices/mediatrices/").content.decode()
    assert '<a href="/practices/mediatrices/" lang="en" dir="ltr" hreflang="en">English</a>' in html
    html = client.get("/practices/mediatrices/").content.decode()
    assert "Women mediators for land disputes" in html
    assert "It has not been translated" not in html
    assert 'hreflang="fr">Français</a>' in html
    # Spanish visitors get the original, told it is neither in Spanish.
    html = client.get("/es/practices/mediatrices/").content.decode()
    assert "Des médiatrices pour les conflits fonciers" in html
    with translation.override("es"):
        notice = gettext(
            "This practice is written in %(written_in)s. It has not been translated into "
            "%(not_in)s."
        )
    assert notice.split("%(")[0] and notice.split("%(")[0] in html


def test_a_draft_translation_never_shows(client, home_page):
    practice = french_practice()
    english = draft(translate(practice, "en", title="Secret draft translation"))
    assert not english.live
    # The English address serves the French original, which does not link the draft.
    html = client.get("/practices/mediatrices/").content.decode()
    assert "Secret draft translation" not in html
    # No link to a translation in the page's content (the head's alternates name every
    # interface language, whatever the content).
    assert 'hreflang="en"' not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "This practice is written in French" in html
    assert "Secret draft translation" not in client.get("/sitemap.xml").content.decode()
    assert "Secret draft translation" not in client.get("/api/v1/practices/").content.decode()
    assert "Secret draft translation" not in client.get("/practices/?q=secret").content.decode()


def test_an_unknown_path_in_any_locale_is_not_found(client, home_page):
    french_practice()
    assert client.get("/practices/no-such-practice/").status_code == 404
    assert client.get("/es/practices/mediatrices/extra/").status_code == 404
    assert client.get("/xx/practices/mediatrices/").status_code == 404


def test_a_draft_original_is_not_served_from_another_locale(client, home_page):
    draft(french_practice())
    assert client.get("/practices/mediatrices/").status_code == 404
    assert client.get("/fr/practices/mediatrices/").status_code == 404


def test_a_practice_in_a_language_without_a_locale_stays_in_the_default_tree(home_page):
    practice = PracticePageFactory(language="pt", slug="pt-practice")
    assert practice.locale.language_code == "en"
    assert not practice.is_translation
    assert practice.content_language == "pt"
    assert list(PracticePage.objects.originals()) == [practice]
    assert Page.objects.get(pk=practice.pk).url == "/practices/pt-practice/"


def test_an_editor_translates_a_practice_and_the_translation_is_reviewed(client, home_page):
    from django.urls import reverse

    from wagtail.models import Workflow

    from tests.factories import editor
    from tests.members.helpers import task_state_of

    practice = french_practice()
    translator = editor("translator")
    client.force_login(translator)
    url = reverse("simple_translation:submit_page_translation", args=[practice.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [locale("en").pk]})
    assert response.status_code == 302
    english = PracticePage.objects.get(
        translation_key=practice.translation_key, locale=locale("en")
    )
    # A draft until reviewed: nothing of it is public.
    assert not english.live
    assert english.get_workflow().name == "Practice review"
    assert client.get("/practices/mediatrices/").context["page"].pk == practice.pk

    english.title = "Women mediators for land disputes"
    english.save_revision(user=translator)
    Workflow.objects.get(name="Practice review").start(english, translator)
    state = task_state_of(english)
    state.task.specific.on_action(state, editor("reviewer"), "approve")
    english.refresh_from_db()
    assert english.live
    html = client.get("/practices/mediatrices/").content.decode()
    assert "Women mediators for land disputes" in html


def test_a_members_practice_translated_by_an_editor_is_not_the_members(home_page):
    from practices.submission import member_practices
    from tests.factories import UserFactory

    member = UserFactory(username="amina")
    practice = french_practice(owner=member)
    english = translate(practice, "en", title="Women mediators")
    english.refresh_from_db()
    assert english.owner is None
    assert list(member_practices(member)) == [practice]


def test_a_live_translation_is_a_version_not_another_practice(client, home_page):
    practice = french_practice()
    translate(practice, "en", title="Women mediators for land disputes")
    # The API lists the practice once, with its translation in the detail.
    assert PracticePage.objects.live().originals().count() == 1
    detail = client.get(f"/api/v1/practices/{practice.pk}/").json()
    assert detail["language"] == "fr"
    assert [t["language"] for t in detail["translations"]] == ["en"]
    assert detail["translations"][0]["title"] == "Women mediators for land disputes"
    # The home page counts it once.
    assert client.get("/").context["counts"]["practices"] == 1


def test_a_practice_whose_language_changed_stays_an_original(home_page):
    practice = french_practice()
    practice.language = "en"  # the member corrected it; the page stays in the French tree
    practice.save_revision().publish()
    practice = PracticePage.objects.get(pk=practice.pk)
    assert not practice.is_translation
    assert list(PracticePage.objects.originals()) == [practice]
    assert not PracticePage.objects.translations().exists()
