"""Translations in the practice exchange format: exported for live translations, imported as
Wagtail translations of the practice's page, idempotent by external_id and language."""

import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Locale

import pytest

from practices.models import PracticePage

pytestmark = pytest.mark.django_db

FRENCH = {
    "external_id": "mali-mediatrices",
    "title": "Des médiatrices pour les conflits fonciers",
    "summary": "Des femmes médiatrices règlent les conflits fonciers entre voisins.",
    "description": "Un réseau de médiatrices formées se réunit chaque mois avec les anciens.",
    "countries": ["ML"],
    "themes": ["mediation"],
    "outcomes": "Quarante conflits réglés.",
    "language": "fr",
    "translations": [
        {
            "language": "en",
            "title": "Women mediators for land disputes",
            "summary": "Women mediators settle land disputes between neighbours.",
            "description": "A network of trained women mediators meets elders every month.",
            "outcomes": "Forty disputes settled.",
        },
        {
            "language": "ar",
            "title": "وسيطات لحل النزاعات على الأراضي",
            "summary": "وسيطات يحللن النزاعات على الأراضي بين الجيران.",
            "description": "شبكة من الوسيطات المدربات تجتمع شهريا مع الشيوخ.",
        },
    ],
}


def write(tmp_path, records, name="in.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"practices": records}, ensure_ascii=False), "utf-8")
    return path


def import_file(path):
    out = io.StringIO()
    call_command("import_practices", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def export(tmp_path, name="out.json"):
    path = tmp_path / name
    call_command("export_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return json.loads(path.read_text("utf-8"))["practices"]


def test_translations_are_imported_as_pages_of_their_locales(tmp_path, practice_index):
    out = import_file(write(tmp_path, [FRENCH]))
    assert "Published 2 translations." in out
    original = PracticePage.objects.get(external_id="mali-mediatrices")
    assert original.locale.language_code == "fr"
    assert original.own_language_url.startswith("/fr/practices/des-m")
    english = original.get_translation(Locale.objects.get(language_code="en"))
    assert english.live
    assert english.title == "Women mediators for land disputes"
    assert english.outcomes == "Forty disputes settled."
    assert english.country_codes == ["ML"]
    arabic = original.get_translation(Locale.objects.get(language_code="ar")).specific
    # Text the translation leaves out is the original's.
    assert arabic.outcomes == "Quarante conflits réglés."
    assert PracticePage.objects.count() == 3
    assert list(PracticePage.objects.originals()) == [original]


def test_export_then_import_into_an_empty_site_gives_the_same_file(tmp_path, practice_index):
    import_file(write(tmp_path, [FRENCH]))
    first = export(tmp_path, "first.json")
    assert len(first) == 1
    assert [t["language"] for t in first[0]["translations"]] == ["ar", "en"]
    assert first[0]["translations"][1]["title"] == "Women mediators for land disputes"

    PracticePage.objects.all().delete()
    import_file(tmp_path / "first.json")
    assert export(tmp_path, "second.json") == first


def test_a_second_import_updates_the_translation_instead_of_adding_one(tmp_path, practice_index):
    import_file(write(tmp_path, [FRENCH]))
    changed = json.loads(json.dumps(FRENCH))
    changed["countries"] = ["ML", "SN"]
    changed["translations"][0]["title"] = "Women mediators settle land disputes"
    import_file(write(tmp_path, [changed]))
    assert PracticePage.objects.count() == 3
    english = PracticePage.objects.get(locale__language_code="en")
    assert english.title == "Women mediators settle land disputes"
    # What the translation shares with the original follows it.
    assert english.country_codes == ["ML", "SN"]
    assert english.external_id != "mali-mediatrices"


def test_a_record_without_translations_keeps_the_stored_ones(tmp_path, practice_index):
    import_file(write(tmp_path, [FRENCH]))
    bare = {key: value for key, value in FRENCH.items() if key != "translations"}
    import_file(write(tmp_path, [bare]))
    assert PracticePage.objects.live().count() == 3


def test_a_draft_translation_is_not_exported(tmp_path, practice_index):
    import_file(write(tmp_path, [FRENCH]))
    PracticePage.objects.get(locale__language_code="ar").unpublish()
    (record,) = export(tmp_path)
    assert [t["language"] for t in record["translations"]] == ["en"]


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ({"language": "xx", "title": "t", "summary": "s", "description": "d"}, "translations"),
        ({"language": "fr", "title": "t", "summary": "s", "description": "d"}, "own locale"),
        ({"language": "en", "title": "t", "summary": "s"}, "description"),
        ({"language": "en", "title": "t", "summary": "s", "description": "d", "x": 1}, "unknown"),
        ("not an object", "translations"),
    ],
)
def test_hostile_translations_are_refused_and_nothing_is_written(
    tmp_path, practice_index, translation, message
):
    record = dict(FRENCH, translations=[translation])
    with pytest.raises(CommandError) as error:
        import_file(write(tmp_path, [record]))
    assert message in str(error.value)
    assert not PracticePage.objects.exists()


def test_translations_given_twice_in_one_language_are_refused(tmp_path, practice_index):
    record = dict(FRENCH, translations=[FRENCH["translations"][0]] * 2)
    with pytest.raises(CommandError, match="listed twice"):
        import_file(write(tmp_path, [record]))
