"""FTS5's BM25 term of one word in a few rows, computed from the rows' text as FTS5 computes it.

The database engine reads a word held by at least half the rows as its rows' keys alone
(``phrases.CommonWord``); the few rows a page may show then get the word's term from here:
FTS5's ``bm25()`` of the word alone in each row (``fts5Bm25Function`` in SQLite's
``ext/fts5/fts5_aux.c``), in the same floating-point operations in the same order, from the
same numbers: the table's row count and total size in tokens (its "averages" record), the row's
size in tokens (its "docsize" record) and the word's instances in the searched columns of the
row's stored text, weighted by column. A test compares every row's term with FTS5's own.
"""

import math
import re
from functools import lru_cache

K1 = 1.2
B = 0.75
# The columns of Wagtail's FTS table, in order (autocomplete, body, title), and their weights in
# the engine's bm25(): the autocomplete column is not searched.
WEIGHTS = (0.0, 1.0, 4.0)


# Text of words and spaces only (as the index stores stems; a title as typed may have more).
SPACED_WORDS = re.compile(r"[a-z0-9 ]*")


def count(word, text):
    """How many times ``word`` is a token of ``text`` (lower-cased ASCII): for words and spaces
    only, a count of the word between spaces once every space is doubled (so that two words
    side by side do not share one); else through the pattern of ``instances``."""
    if SPACED_WORDS.fullmatch(text):
        return (" " + text.replace(" ", "  ") + " ").count(" " + word + " ")
    return len(instances(word).findall(text))


@lru_cache(maxsize=1024)
def instances(word):
    """A pattern finding ``word`` as a token of lower-cased ASCII text as FTS5's unicode61
    tokeniser reads it: a run of letters and digits. The index holds stems of ASCII letters and
    digits (``core.textsearch``); a row whose text is not ASCII is not computed here."""
    return re.compile(r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])")


def varints(blob):
    """The integers of ``blob``, SQLite varints (seven bits a byte, the first byte highest; a
    ninth byte gives all its eight bits)."""
    numbers, at = [], 0
    while at < len(blob):
        value = 0
        for n in range(9):
            byte = blob[at]
            at += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        numbers.append(value)
    return numbers


class Bm25:
    """The table-wide numbers of FTS5's BM25 for the FTS table ``table``, read once (per version
    of the index: ``fulltext`` keeps it with the postings), and the terms of a word in rows."""

    def __init__(self, table, fetch):
        self.table = table
        self.fetch = fetch
        ((block,),) = fetch(f"SELECT block FROM {table}_data WHERE id = 1", [])  # noqa: S608
        rows, *tokens = varints(block)
        self.rows = rows
        # FTS5: the total size of every column, as an integer, over the number of rows.
        self.average = float(sum(tokens)) / float(rows) if rows else 0.0

    def log_idf(self, hits):
        """FTS5's idf of a phrase in ``hits`` rows, before its floor."""
        return math.log((self.rows - hits + 0.5) / (hits + 0.5))

    def floored(self, hits):
        """Whether the idf of a phrase in ``hits`` rows is FTS5's floor, 1e-6: at least half
        the rows hold it."""
        return self.rows > 0 and self.log_idf(hits) <= 0.0

    def terms(self, word, hits, keys):
        """{key: BM25 term of ``word`` (a stem), held by ``hits`` rows} of the rows ``keys``
        (each holding it); None when a row's text is not ASCII or a row is not found."""
        idf = self.log_idf(hits)
        if idf <= 0.0:
            idf = 1e-6
        columns = [(f"c.c{i}", weight) for i, weight in enumerate(WEIGHTS) if weight]
        sql = (
            f"SELECT c.id, d.sz, {', '.join(name for name, _ in columns)} "  # noqa: S608
            f"FROM {self.table}_content c JOIN {self.table}_docsize d ON d.id = c.id "
            f"WHERE c.id IN ({', '.join(['%s'] * len(keys))})"
        )
        found = {}
        for key, size, *texts in self.fetch(sql, list(keys)):
            frequency = 0.0
            for text, (_, weight) in zip(texts, columns, strict=True):
                text = text or ""
                if not text.isascii():
                    return None
                frequency += count(word, text.lower()) * weight
            length = float(sum(varints(size)))
            found[key] = idf * (
                (frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + B * length / self.average))
            )
        return found if len(found) == len(keys) else None
