"""Every template marks its visible text for translation.

A heuristic, not a parser: once comments, {% translate %} and {% blocktranslate %} blocks,
other template tags, variables, HTML tags and entities are taken out, what is left of a
template must hold no letters; and attributes read aloud or shown (aria-label, title, alt,
placeholder) must hold no letters outside a template tag.
"""

import re
from pathlib import Path

from django.conf import settings

import pytest

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Codes, not words: left as they are in every language.
NOT_WORDS = {"UTC"}

_REMOVE = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
]
_ATTRIBUTE = re.compile(r"""\b(aria-label|title|alt|placeholder)\s*=\s*("[^"]*"|'[^']*')""", re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&#?\w+;")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def unmarked_text(source):
    """The words of ``source`` shown to people but not marked for translation."""
    text = source
    for pattern in _REMOVE:
        text = pattern.sub(" ", text)
    found = []
    for _name, value in _ATTRIBUTE.findall(text):
        found += _LETTERS.findall(value)
    text = _ENTITY.sub(" ", _TAG.sub(" ", text))
    found += _LETTERS.findall(text)
    return [word for word in found if word not in NOT_WORDS]


def test_the_heuristic_finds_unmarked_text():
    assert unmarked_text("{% load i18n %}<p>Hello {{ name }}</p>") == ["Hello"]
    assert unmarked_text('<nav aria-label="Main">{{ x }}</nav>') == ["Main"]
    marked = '{% if a %}<a title="{{ t }}" href="/">{% translate "Home" %}</a>{% endif %}'
    assert unmarked_text(marked) == []
    marked = "{# a note #}{% blocktranslate trimmed %}Page {{ n }}{% endblocktranslate %} · —"
    assert unmarked_text(marked) == []


@pytest.mark.parametrize(
    "path",
    # The pages, and the plain-text parts of e-mails.
    sorted([*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.txt")]),
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_template_text_is_marked_for_translation(path):
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(TEMPLATES)
    assert unmarked_text(source) == [], f"{name}: text not marked for translation"
    if "{% translate" in source or "{% blocktranslate" in source:
        assert re.search(r"\{%\s*load\s[^%]*\bi18n\b", source), f"{name}: no {{% load i18n %}}"
