"""The catalogues of French, Spanish and Arabic are complete: the CI check of issue 16.

``scripts/messages`` (``make messages``) is run in a temporary copy of the tree, never in the
repository, and each committed catalogue under ``locale/`` fails the test, naming the entries,
when:

(a) it is stale: the sources hold a string it lacks, or it holds one the sources no longer have;
(b) an entry is untranslated or fuzzy (the header included: a fuzzy header is a draft);
(c) ``msgfmt --check`` refuses it (a placeholder or a plural form that does not match).

The remedy is in each message: run ``make messages``, translate what it added or marked fuzzy,
and commit the catalogues.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.test_architecture import ROOT

LOCALE = ROOT / "locale"
LANGUAGES = sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.po"))
# What scripts/messages ignores is not copied either, nor what git ignores.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "tests", "bench", "staticfiles", "node_modules", "media", "__pycache__",
    "*.mo", "*.sqlite3", ".pytest_cache", ".ruff_cache", ".hypothesis", ".serve", "backups",
)  # fmt: skip
NAMED = 40  # entries named per problem; the rest are counted
REMEDY = (
    "Run `make messages`, translate the entries it adds (empty msgstr) or marks fuzzy in "
    "locale/<language>/LC_MESSAGES/django.po, remove their `#, fuzzy` flags, and commit the "
    "catalogues (see README, Languages)."
)


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self):
        return (self.context, self.msgid)

    @property
    def name(self):
        text = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + "..."
        return f"[{self.context}] {text!r}" if self.context else repr(text)


def read_catalogue(path):
    """The entries of a PO file as gettext's tools write it (entries apart by blank lines),
    obsolete ones (``#~``) aside; the header is the entry with the empty msgid."""
    entries = []
    for block in re.split(r"\n\s*\n", Path(path).read_text(encoding="utf-8")):
        entry, current, seen = Entry(), None, False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry.fuzzy = "fuzzy" in (flag.strip() for flag in line[2:].split(","))
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                text = ast.literal_eval(line)
            else:
                current, _space, rest = line.partition(" ")
                text = ast.literal_eval(rest)
                if current.startswith("msgstr"):
                    entry.translations.append("")
                elif current == "msgctxt":
                    entry.context = ""
                elif current == "msgid_plural":
                    entry.plural = ""
                elif current == "msgid":
                    seen = True
            if current == "msgctxt":
                entry.context += text
            elif current == "msgid":
                entry.msgid += text
            elif current == "msgid_plural":
                entry.plural += text
            elif current.startswith("msgstr"):
                entry.translations[-1] += text
        if seen:
            entries.append(entry)
    return entries


def stale_entries(committed, extracted):
    """(missing, obsolete): the entries the sources have and ``committed`` lacks, and those it
    has and the sources no longer do, read from ``extracted`` (what makemessages made)."""
    have = {entry.key: entry for entry in read_catalogue(committed) if entry.msgid}
    want = {entry.key: entry for entry in read_catalogue(extracted) if entry.msgid}
    missing = [want[key] for key in want if key not in have]
    obsolete = [have[key] for key in have if key not in want]
    return missing, obsolete


def unfinished_entries(path):
    """(untranslated, fuzzy) entries of a catalogue; the header counts when it is fuzzy."""
    untranslated, fuzzy = [], []
    for entry in read_catalogue(path):
        if entry.fuzzy:
            fuzzy.append(entry)
        elif entry.msgid and not all(entry.translations):
            untranslated.append(entry)
    return untranslated, fuzzy


def msgfmt_errors(path):
    """What ``msgfmt --check`` says of a catalogue (empty when it compiles cleanly)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install gettext (apt-get install gettext)"
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check", "--output-file", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if result.returncode == 0 else (result.stderr or result.stdout).strip()


def problems_of(language, committed, extracted):
    """Every reason the catalogue of ``language`` is not ready, in words."""
    problems = []
    missing, obsolete = stale_entries(committed, extracted)
    untranslated, fuzzy = unfinished_entries(committed)
    for title, entries in [
        ("in the sources but not in the catalogue (stale catalogue)", missing),
        ("in the catalogue but no longer in the sources (stale catalogue)", obsolete),
        ("untranslated", untranslated),
        ("fuzzy", fuzzy),
    ]:
        if entries:
            names = [entry.name if entry.msgid else "(the header)" for entry in entries]
            if len(names) > NAMED:
                names = [*names[:NAMED], f"... and {len(names) - NAMED} more"]
            names = "\n    ".join(names)
            problems.append(f"{language}: {len(entries)} {title}:\n    {names}")
    errors = msgfmt_errors(committed)
    if errors:
        problems.append(f"{language}: msgfmt --check fails:\n    {errors}")
    return problems


# --- the checks, proved on planted catalogues ----------------------------------------------

HEADER = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"""


def plant(tmp_path, name, body, header=HEADER):
    path = tmp_path / name
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


def test_a_catalogue_that_lacks_a_string_of_the_sources_is_stale(tmp_path):
    extracted = plant(
        tmp_path,
        "extracted.po",
        'msgid "Agenda"\nmsgstr ""\n\nmsgctxt "month"\nmsgid "May"\nmsgstr ""\n\n'
        'msgid "Level"\nmsgstr ""\n',
    )
    committed = plant(
        tmp_path,
        "committed.po",
        'msgid "Agenda"\nmsgstr "Programme"\n\nmsgid "May"\nmsgstr "Mai"\n\n'
        'msgid "Gone"\nmsgstr "Parti"\n\n#~ msgid "Level"\n#~ msgstr "Niveau"\n',
    )
    missing, obsolete = stale_entries(committed, extracted)
    assert [entry.key for entry in missing] == [("month", "May"), (None, "Level")]
    assert [entry.key for entry in obsolete] == [(None, "May"), (None, "Gone")]
    problems = "\n".join(problems_of("fr", committed, committed))
    assert problems == ""
    problems = "\n".join(problems_of("fr", committed, extracted))
    assert "2 in the sources but not in the catalogue" in problems
    assert "'Level'" in problems and "[month] 'May'" in problems


def test_untranslated_and_fuzzy_entries_are_named(tmp_path):
    committed = plant(
        tmp_path,
        "fr.po",
        'msgid "Agenda"\nmsgstr "Programme"\n\n'
        'msgid ""\n"A long "\n"sentence"\nmsgstr ""\n\n'
        '#: members/views.py\n#, fuzzy, python-format\nmsgid "Hello %(name)s"\n'
        'msgstr "Bonjour %(name)s"\n\n'
        'msgid "%(n)s update"\nmsgid_plural "%(n)s updates"\n'
        'msgstr[0] "%(n)s nouveauté"\nmsgstr[1] ""\n',
    )
    untranslated, fuzzy = unfinished_entries(committed)
    assert [entry.msgid for entry in untranslated] == ["A long sentence", "%(n)s update"]
    assert [entry.msgid for entry in fuzzy] == ["Hello %(name)s"]
    problems = "\n".join(problems_of("fr", committed, committed))
    assert "fr: 2 untranslated" in problems and "'A long sentence'" in problems
    assert "fr: 1 fuzzy" in problems and "'Hello %(name)s'" in problems

    draft = plant(
        tmp_path, "draft.po", 'msgid "Agenda"\nmsgstr "Programme"\n', "#, fuzzy\n" + HEADER
    )
    assert "(the header)" in "\n".join(problems_of("fr", draft, draft))


def test_msgfmt_refuses_a_broken_placeholder_or_plural(tmp_path):
    good = plant(
        tmp_path, "good.po", '#, python-format\nmsgid "%(n)s found"\nmsgstr "%(n)s trouvés"\n'
    )
    assert msgfmt_errors(good) == ""
    placeholder = plant(
        tmp_path,
        "placeholder.po",
        '#, python-format\nmsgid "%(n)s found"\nmsgstr "%(nombre)s trouvés"\n',
    )
    assert "argument 'n' doesn't exist in 'msgstr'" in msgfmt_errors(placeholder)
    plural = plant(
        tmp_path,
        "plural.po",
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\n',
        HEADER.replace("nplurals=2", "nplurals=3").replace("(n > 1)", "(n > 1 ? 2 : n)"),
    )
    assert msgfmt_errors(plural) != ""
    assert "msgfmt --check fails" in "\n".join(problems_of("fr", placeholder, placeholder))


# --- the check itself ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """{language: the catalogue makemessages makes from the sources}, in a copy of the tree."""
    copy = tmp_path_factory.mktemp("tree") / "tree"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    env = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / "messages")], cwd=copy, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"scripts/messages failed:\n{result.stderr}"
    return {
        language: copy / "locale" / language / "LC_MESSAGES" / "django.po" for language in LANGUAGES
    }


def test_the_interface_has_its_three_catalogues():
    assert LANGUAGES == ["ar", "es", "fr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_is_complete_and_current(language, extracted):
    committed = LOCALE / language / "LC_MESSAGES" / "django.po"
    problems = problems_of(language, committed, extracted[language])
    assert not problems, "\n".join([*problems, REMEDY])
