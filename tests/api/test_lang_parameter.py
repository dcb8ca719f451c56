"""The API's ``lang``: the language ``q`` is read in besides English. A value it does not
know (unknown, empty, repeated, huge, hostile) is documented as English, never an error, on
the list, the CSV export and the feed alike."""

import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db

SURFACES = ("/api/v1/practices/", "/practices/export.csv", "/practices/feed/")


@pytest.fixture
def practices(practice_index, settings):
    settings.PRACTICE_SEARCH_ENGINE = "search.engines.database.DatabaseEngine"
    PracticePageFactory(title="Réseau de médiatrices", summary="Une médiatrice.", language="fr")
    PracticePageFactory(title="شبكة الوسيطات", summary="تعمل المرأة على السلام.", language="ar")


def found(client, query_string):
    response = client.get(f"/api/v1/practices/?{query_string}")
    assert response.status_code == 200, response.content
    return [result["title"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    "lang",
    ["", "xx", "../", "..%2F..%2Fetc", "%00", "'%20OR%201=1", "f" * 5000, "fr" * 20, "%E2%80%AE"],
)
def test_a_lang_it_does_not_know_reads_q_in_english(client, practices, lang):
    assert found(client, "q=réseaux&lang=fr") == ["Réseau de médiatrices"]
    assert found(client, f"q=réseaux&lang={lang}") == []
    for path in SURFACES:
        assert client.get(f"{path}?q=réseaux&lang={lang}").status_code == 200


def test_lang_as_a_list_or_repeated_answers_like_any_other_single_parameter(client, practices):
    # "lang[]" is another parameter's name: q is read in English.
    assert found(client, "q=réseaux&lang[]=fr") == []
    # Repeated, the last value counts, as for sort.
    assert found(client, "q=المراه&lang=fr&lang=ar") == ["شبكة الوسيطات"]
    # Control and direction marks are no part of a value (as in every parameter).
    assert found(client, "q=réseaux&lang=fr%00") == ["Réseau de médiatrices"]
    assert found(client, "q=réseaux&lang=%E2%80%AEfr") == ["Réseau de médiatrices"]
    # A regional variant reads as its language.
    assert found(client, "q=réseaux&lang=fr-CA") == ["Réseau de médiatrices"]


@pytest.mark.parametrize(
    ("lang", "q"),
    [
        ("fr", '"réseaux de médiatrices" -militaire'),
        ("ar", '"شبكه الوسيطات" -العسكريه'),
        ("ar", "شبكة\u200d الوسيطات\u202e"),
        ("fr", "Re\u0301seaux"),  # a combining accent
    ],
)
def test_phrases_exclusions_and_invisible_marks_in_the_visitors_language(
    client, practices, lang, q
):
    from urllib.parse import urlencode

    titles = found(client, urlencode({"q": q, "lang": lang}))
    assert len(titles) == 1
