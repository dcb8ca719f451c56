"""The languages practices are written in: the registry's own list, not Django's interface
languages; old codes still read."""

import pytest

from core.vocabulary import PRACTICE_LANGUAGE_CHOICES, PRACTICE_LANGUAGES, practice_language_code
from members.practice_forms import PracticeSubmissionForm
from practices.exchange import PRACTICE
from practices.models import PracticePage

REQUIRED = {
    "so": "Somali",
    "am": "Amharic",
    "ti": "Tigrinya",
    "ha": "Hausa",
    "sw": "Swahili",
    "ps": "Pashto",
    "prs": "Dari",
    "tet": "Tetum",
    "bi": "Bislama",
    "tpi": "Tok Pisin",
    "ar": "Arabic",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "zh": "Chinese",
    "en": "English",
    "uk": "Ukrainian",
    "my": "Burmese",
    "ne": "Nepali",
    "rw": "Kinyarwanda",
    "rn": "Kirundi",
    "wo": "Wolof",
    "fil": "Filipino",
}


def test_the_list_names_the_languages_practices_are_written_in():
    names = dict(PRACTICE_LANGUAGES)
    for code, name in REQUIRED.items():
        assert names[code].startswith(name), code
    # Django's interface languages that no practice is written in are gone.
    for code in ("udm", "io", "ia", "hsb", "dsb"):
        assert code not in names
    assert len(names) == len(PRACTICE_LANGUAGES)  # no code twice


def test_form_model_and_importer_share_the_list():
    codes = {code for code, _ in PRACTICE_LANGUAGES}
    form_codes = {c for c, _ in PracticeSubmissionForm.base_fields["language"].choices}
    model_codes = {c for c, _ in PracticePage._meta.get_field("language").choices}
    assert form_codes == codes == model_codes
    assert set(PRACTICE.fields["language"].codes) == codes


@pytest.mark.parametrize(
    ("old", "new"), [("pt-br", "pt"), ("zh-hans", "zh"), ("sr-latn", "sr"), ("so", "so")]
)
def test_old_codes_read_as_the_registrys(old, new):
    assert practice_language_code(old) == new
    assert PRACTICE.fields["language"].clean(old) == new


def test_unknown_code_is_refused_by_the_importer():
    from core.importing import Invalid

    with pytest.raises(Invalid):
        PRACTICE.fields["language"].clean("udm")


def test_languages_are_offered_in_the_order_of_their_english_names():
    # The table is written in that order; its names are lazy, so nothing sorts it on import.
    names = [str(name) for _, name in PRACTICE_LANGUAGE_CHOICES]
    assert names == sorted(names)
    assert {str(n) for _, n in PRACTICE_LANGUAGES} == set(names)
