"""Highlights: the words of a text that a query matched, marked, everything else escaped."""

import re
from functools import lru_cache
from html import escape

from core.textsearch import ENGLISH, stem, words

from .query import alternatives

TOKEN = re.compile(r"\w+|\W+", re.UNICODE)


# Words longer than this are analysed each time rather than kept: a word is far shorter, and a
# text of one unbroken "word" thousands of characters long must not fill the cache.
LONGEST_KEPT = 64


def _analysed(token, languages):
    return frozenset(
        stem(part, language) for language in languages for part in words(token, language)
    )


_kept_stems = lru_cache(maxsize=50_000)(_analysed)


def _stems(token, languages):
    """The stems of the words of ``token`` in each of ``languages``, all together: a page of
    results reads the same few thousand words again and again, so each is analysed once."""
    if len(token) > LONGEST_KEPT:
        return _analysed(token, languages)
    return _kept_stems(token, languages)


def _matches(token, terms, languages):
    return not _stems(token, languages).isdisjoint(terms)


def stems(terms):
    """The stems of a query's ``terms`` (``TextQuery.terms``), every alternative of each."""
    return {stem for term in terms for stem in alternatives(term)}


def mark(text, terms, languages=(ENGLISH,)):
    """``text`` as HTML with every word whose stem (in any of ``languages``) is in ``terms``
    (stems) wrapped in <mark>."""
    out = []
    for token in TOKEN.findall(text or ""):
        if token[0].isalnum() and _matches(token, terms, languages):
            out.append(f"<mark>{escape(token)}</mark>")
        else:
            out.append(escape(token))
    return "".join(out)


def excerpt(texts, terms, width=220, languages=(ENGLISH,)):
    """A short highlighted passage from the first of ``texts`` that contains a query term
    (``terms``: a query's, ``TextQuery.terms``), its words analysed in ``languages``."""
    terms = stems(terms)
    for text in texts:
        if not text:
            continue
        tokens = TOKEN.findall(text)
        for i, token in enumerate(tokens):
            if token[0].isalnum() and _matches(token, terms, languages):
                start = len("".join(tokens[:i]))
                begin = max(0, start - width // 3)
                # Start and end on word boundaries.
                if begin:
                    space = text.find(" ", begin)
                    begin = space + 1 if 0 <= space < start else begin
                end = min(len(text), begin + width)
                if end < len(text):
                    space = text.rfind(" ", begin, end)
                    end = space if space > start else end
                passage = mark(text[begin:end], terms, languages)
                return ("…" if begin else "") + passage + ("…" if end < len(text) else "")
    return None
