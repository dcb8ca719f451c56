"""Once Wagtail's localisation is on, the switcher and the alternates lead to a page's own
translation (its own slug), and to the same path under the prefix where it has none."""

from django.utils import translation

from wagtail.models import Locale

import pytest

from core.languages import page_paths_in, path_in
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def page_path_in(page, language, request, fallback):
    return page_paths_in(page, request, {language: fallback})[language]


@pytest.fixture
def localised(settings):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    yield
    translation.activate("en")


def test_a_translation_is_found_by_its_own_address(localised, practice_index, rf):
    # The site's set-up gives every locale its copy of the section pages.
    french = practice_index.get_translation(Locale.objects.get(language_code="fr"))
    french.slug = "pratiques"
    french.save_revision().publish()
    request = rf.get("/practices/")
    found = page_path_in(practice_index, "fr", request, path_in(request.path, "fr"))
    assert found.startswith("/fr/") and found.endswith("/pratiques/"), found
    # No Spanish translation: the same path under /es/.
    assert page_path_in(practice_index, "es", request, "/es/practices/") == "/es/practices/"


def test_without_localisation_the_prefix_is_swapped(practice_index, rf):
    practice = PracticePageFactory(parent=practice_index)
    request = rf.get("/ar/practices/x/")
    assert page_path_in(practice, "fr", request, "/fr/practices/x/") == "/fr/practices/x/"
    assert page_path_in("not a page", "fr", request, "/fr/") == "/fr/"
