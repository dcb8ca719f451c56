"""Highlights: the words of a text that a query matched, marked, everything else escaped."""

import re

from django.utils.html import escape

from core.textsearch import stem, words

TOKEN = re.compile(r"\w+|\W+", re.UNICODE)


def _matches(token, terms):
    parts = words(token)
    return bool(parts) and any(stem(part) in terms for part in parts)


def mark(text, terms):
    """``text`` as HTML with every word whose stem is in ``terms`` wrapped in <mark>."""
    out = []
    for token in TOKEN.findall(text or ""):
        if token[0].isalnum() and _matches(token, terms):
            out.append(f"<mark>{escape(token)}</mark>")
        else:
            out.append(escape(token))
    return "".join(out)


def excerpt(texts, terms, width=220):
    """A short highlighted passage from the first of ``texts`` that contains a query term."""
    terms = set(terms)
    for text in texts:
        if not text:
            continue
        tokens = TOKEN.findall(text)
        for i, token in enumerate(tokens):
            if token[0].isalnum() and _matches(token, terms):
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
                passage = mark(text[begin:end], terms)
                return ("…" if begin else "") + passage + ("…" if end < len(text) else "")
    return None
