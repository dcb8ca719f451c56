"""Every importer refuses text no database or output format can hold (control characters, lone
surrogates, NUL) and JSON nested beyond Python's reach, with a message naming the file, record
and field, and writes nothing."""

import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.importing import Invalid, Text
from core.text import CONTROL_CHARACTERS
from frameworks.models import FrameworkPage
from practices.models import Organisation, PracticePage

pytestmark = pytest.mark.django_db

UNSTORABLE = {
    "nul": "\x00",
    "start-of-heading": "\x01",
    "escape": "\x1b",
    "delete": "\x7f",
    "c1-next-line": "\x85",
    "lone-surrogate": "\ud800",
}


def practice(title):
    return {
        "external_id": "practice-1",
        "title": title,
        "summary": "A summary.",
        "description": "A description.\n\tWith a tab and lines.\r\n",
    }


# (command, top-level key, a record with ``text`` in one field, that field, what is counted)
IMPORTERS = {
    "import_practices": (
        "practices",
        practice,
        "title",
        lambda: PracticePage.objects.count(),
    ),
    "import_organisations": (
        "organisations",
        lambda text: {"external_id": "org-1", "name": text},
        "name",
        lambda: Organisation.objects.count(),
    ),
    "import_frameworks": (
        "frameworks",
        lambda text: {"external_id": "res-1", "kind": "global", "title": text},
        "title",
        lambda: FrameworkPage.objects.count(),
    ),
}


@pytest.fixture
def sites(framework_index, practice_index):
    return None


def run_import(command, tmp_path, content):
    path = tmp_path / "data.json"
    # json.dumps escapes a lone surrogate as \ud800, which json.loads gives back as it was.
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    target = tmp_path if command == "import_frameworks" else path
    call_command(command, str(target), stdout=io.StringIO(), stderr=io.StringIO())
    return path


def refusal(command, tmp_path, content):
    with pytest.raises(CommandError) as error:
        run_import(command, tmp_path, content)
    message = str(error.value)
    message.encode("utf-8")  # printable on any terminal: no lone surrogate in the message
    return message


@pytest.mark.parametrize("character", UNSTORABLE.values(), ids=UNSTORABLE.keys())
@pytest.mark.parametrize("command", IMPORTERS)
def test_unstorable_characters_are_refused_naming_record_and_field(
    tmp_path, sites, command, character
):
    key, record, field, count = IMPORTERS[command]
    before = count()
    data = {key: [record(f"Peace{character}makers")]}
    message = refusal(command, tmp_path, data)
    external_id = data[key][0]["external_id"]
    assert f"data.json: record 1 (external_id {external_id}): {field}: " in message
    assert f"U+{ord(character):04X}" in message
    assert count() == before


@pytest.mark.parametrize("command", IMPORTERS)
def test_an_unstorable_external_id_is_named_escaped(tmp_path, sites, command):
    key, record, _, count = IMPORTERS[command]
    data = {key: [{**record("Peacemakers"), "external_id": "id-\ud800-\x00"}]}
    message = refusal(command, tmp_path, data)
    assert "record 1 (external_id id-\\ud800-\\x00): external_id: " in message
    assert count() == 0


@pytest.mark.parametrize("command", IMPORTERS)
def test_deeply_nested_json_is_refused_naming_the_file(tmp_path, sites, command):
    key, _, _, count = IMPORTERS[command]
    depth = 200_000
    message = refusal(command, tmp_path, f'{{"{key}": {"[" * depth}{"]" * depth}}}')
    assert "data.json: is nested too deeply" in message
    assert count() == 0


@pytest.mark.parametrize("command", IMPORTERS)
def test_tabs_and_line_breaks_are_kept(tmp_path, sites, command):
    key, record, _, count = IMPORTERS[command]
    run_import(command, tmp_path, {key: [record("Peacemakers")]})
    assert count() == 1


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_any_text_is_either_refused_or_storable_everywhere(text):
    try:
        value = Text(max_length=300).clean(text)
    except Invalid as error:
        assert error.problems
    else:
        assert not CONTROL_CHARACTERS.search(value)
        value.encode("utf-8")  # no lone surrogate: every database and file can hold it
