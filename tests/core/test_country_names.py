"""Country names in the language being shown, from CLDR; the API stays English and code-based."""

from django.utils import translation

import pytest

from core.countries import country_choices, country_name
from tests.factories import PracticePageFactory


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Yemen"), ("fr", "Yémen"), ("es", "Yemen"), ("ar", "اليمن")],
)
def test_a_country_is_named_in_the_active_language(language, expected):
    with translation.override(language):
        assert country_name("YE") == expected
    assert country_name("YE", language) == expected


def test_english_names_are_the_tables_and_unknown_codes_stay_codes():
    with translation.override("fr"):
        assert country_name("CD", "en") == "Democratic Republic of the Congo"
        assert country_name("CI") == "Côte d’Ivoire"
        assert country_name("QQ") == "QQ"


def test_choices_follow_the_languages_alphabet():
    with translation.override("fr"):
        names = [name for _, name in country_choices()]
    # Accents do not send a name to the end: "Égypte" is among the E's.
    assert names.index("Égypte") < names.index("Équateur") < names.index("Érythrée")
    assert names.index("Égypte") < names.index("Espagne") < names.index("Fidji")
    assert names[0] == "Afghanistan"


@pytest.mark.django_db
def test_pages_name_countries_in_their_language_and_the_api_does_not(client, practice_index):
    practice = PracticePageFactory(parent=practice_index, countries=["YE"])
    path = f"/practices/{practice.slug}/"
    assert "اليمن" in client.get("/ar" + path).content.decode()
    assert "Yémen" in client.get("/fr" + path).content.decode()
    # The listing's country facet and the map of countries too.
    assert "Yémen" in client.get("/fr/practices/").content.decode()
    assert "اليمن" in client.get("/ar/countries/").content.decode()
    english = client.get(path).content.decode()
    assert "Yemen" in english
    assert "Yémen" not in english
    data = client.get("/api/v1/practices/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["results"][0]["countries"] == ["YE"]
    assert "YE" in data["facets"]["country"]
    translation.activate("en")


@pytest.mark.django_db
def test_the_search_index_reads_english_names_whoever_saves(practice_index):
    practice = PracticePageFactory(parent=practice_index, countries=["YE", "CI"])
    with translation.override("ar"):
        assert practice.country_names().endswith("Yemen")
        assert "اليمن" not in practice.country_names()
        assert "اليمن" in practice.country_names("ar")
