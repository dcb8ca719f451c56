"""PostgreSQL: each word's and phrase's matches with their BM25 terms, read from the stored
tsvectors once per version of the index, so that a query is scored in memory as on SQLite.

PostgreSQL's ``ts_rank`` of a query of several words is no sum of per-word parts (it weighs
every pair of their positions), so it cannot be kept word by word; ranking every match of a
common word in SQL cost 100-400 ms of database time per query at 10,000 practices. So the
engine ranks on PostgreSQL with the BM25 SQLite's FTS5 computes (``fulltext.TextMatch._bm25``:
k1 = 1.2, b = 0.75, the title column weighing 4, the body 1, autocomplete 0), from the same
numbers FTS5 uses, read from Wagtail's tsvectors:

- a row's phrase frequency: the phrase's occurrences in its title times 4 plus those in its
  body (a word's occurrences are its positions; a phrase's, the positions of its first word
  followed by the next words' positions in order, within one column, as FTS5 matches a
  phrase under a column filter);
- a row's length: its tokens in all three columns (every token has a position), kept in a
  generated column (migration ``search/0006``);
- the number of rows and their mean length, over every index entry (every model's, as FTS5's
  table holds them), and how many entries hold the phrase, for its IDF:
  log((rows - hits + 0.5) / (hits + 0.5)), at least 1e-6.

So a practice's score on PostgreSQL is the score SQLite gives it for the same text; the search
tests and the judged queries hold on both. Limits of tsvectors: a word's positions stop at
16,383 and at 256 per entry (a longer text counts fewer), which no practice comes near.

The proximity bonus (``fulltext.NEAR_BONUS``) is FTS5's NEAR too: all the words within
NEAR_TOKENS of one another in the title or in the body, from the positions the words' entries
keep (``Phrase.positions``), so it needs no statement either.

What is read lives in the engine's ``phrases.PhraseCache``, kept with the postings and read
again when the search state's token changes, which a change to the text of any index entry
does (migration ``search/0006``).
"""

import math

from .phrases import Phrase

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 4.0
IDF_FLOOR = 1e-6


class Lengths:
    """The numbers of every index entry BM25 needs: how many rows, their mean length in
    tokens, and each practice's length (by key)."""

    def __init__(self, rows, content_type_id):
        self.rows = max(len(rows), 1)
        total = sum(tokens for _, _, tokens in rows)
        self.mean = total / self.rows or 1.0
        self.of = {
            int(object_id): tokens
            for content_type, object_id, tokens in rows
            if content_type == content_type_id
        }


def lengths(postings, match, fetch):
    """The ``Lengths`` of this version of the index (kept with ``postings``)."""
    held = postings.extras.get("pg_lengths")
    if held is None:
        # kb_tokens: the entry's tokens in its three vectors (migration ``search/0006``).
        rows = fetch(f"SELECT content_type_id, object_id, kb_tokens FROM {match.entries}", [])
        held = postings.extras.setdefault("pg_lengths", Lengths(rows, match.content_type_id))
    return held


def occurrences(lists):
    """How many times the words whose sorted positions are ``lists`` (in the phrase's order,
    None for a word absent) follow one another."""
    if any(p is None for p in lists):
        return 0
    first, *later = lists
    if not later:
        return len(first)
    later = [set(p) for p in later]
    return sum(1 for p in first if all(p + i in s for i, s in enumerate(later, 1)))


def only(column, words):
    """SQL of the tsvector ``column`` reduced to ``words`` (an array parameter), as text: each
    other lexeme's weight is set to D and the words' to A, and only A is kept (much cheaper
    than unnesting every lexeme of the entry), e.g. ``'peac':3A,9A 'women':1A``."""
    return f"ts_filter(setweight(setweight(e.{column}, 'D'), 'A', %s), '{{a}}')::text"


def parse(text):
    """{word: [positions]} of a reduced tsvector's text (``only``)."""
    found = {}
    if text:
        for item in text.split(" "):
            word, _, positions = item.rpartition(":")
            found[word[1:-1]] = [int(p[:-1]) for p in positions.split(",")]
    return found


def positions(text):
    """The sorted positions of the one word of a reduced tsvector's text (``only``), e.g.
    [3, 9] of ``'peac':3A,9A`` (none of None)."""
    if not text:
        return ()
    return [int(p[:-1]) for p in text.rpartition(":")[2].split(",")]


def phrase(stems, match, lengths, fetch):
    """The ``Phrase`` of ``stems`` (a tuple): the practices holding it in the title or the
    body, with its BM25 term in each; a single word's also keeps, for the proximity bonus,
    its positions (the reduced title and body, read only when needed: ``near_rows``)."""
    words = list(dict.fromkeys(stems))
    sql = (
        f"SELECT e.content_type_id, e.object_id, {only('title', words)}, {only('body', words)} "
        f"FROM {match.entries} e, to_tsquery('simple', %s) AS q(query) "
        "WHERE e.title @@ q.query OR e.body @@ q.query"
    )
    rows = fetch(sql, [words, words, " <-> ".join(stems)])
    found = []
    single = len(stems) == 1
    for content_type, object_id, title, body in rows:
        if single:
            # One word: its occurrences are its positions, one more than the commas.
            in_title = title.count(",") + 1 if title else 0
            in_body = body.count(",") + 1 if body else 0
        else:
            title, body = parse(title), parse(body)
            in_title = occurrences([title.get(w) for w in stems])
            in_body = occurrences([body.get(w) for w in stems])
        if in_title or in_body:
            found.append((content_type, object_id, in_title, in_body, title, body))
    hits = len(found)
    idf = math.log((lengths.rows - hits + 0.5) / (hits + 0.5))
    idf = idf if idf > 0 else IDF_FLOOR
    mean, of, practice = lengths.mean, lengths.of, match.content_type_id
    scores, kept = [], {}
    for content_type, object_id, in_title, in_body, title, body in found:
        if content_type != practice:
            continue
        key = int(object_id)
        frequency = TITLE_WEIGHT * in_title + in_body
        norm = K1 * (1 - B + B * of.get(key, mean) / mean)
        scores.append((key, idf * frequency * (K1 + 1) / (frequency + norm)))
        if single:
            kept[key] = (title, body)
    return Phrase(scores, kept if single else None)


def close_together(lists, span):
    """Whether a position of each of ``lists`` (sorted positions, one list per word) lies
    within ``span`` of the others (the last minus the first at most ``span``)."""
    events = sorted((p, i) for i, positions in enumerate(lists) for p in positions)
    wanted = len(lists)
    counts = [0] * wanted
    held = low = 0
    for p, i in events:
        if not counts[i]:
            held += 1
        counts[i] += 1
        while events[low][0] < p - span:
            j = events[low][1]
            counts[j] -= 1
            if not counts[j]:
                held -= 1
            low += 1
        if held == wanted:
            return True
    return False


def near_rows(words, span):
    """(key,) of the practices holding every word of ``words`` (their single-word
    ``Phrase``s) within ``span`` tokens in the title or in the body (FTS5's NEAR: the last
    word's position minus the first's at most NEAR_TOKENS + 1)."""
    keys = set(words[0].positions)
    for word in words[1:]:
        keys &= word.positions.keys()
    rows = []
    for key in keys:
        held = [word.positions[key] for word in words]
        for column in (0, 1):
            lists = [positions(h[column]) for h in held]
            if all(lists) and close_together(lists, span):
                rows.append((key,))
                break
    return rows
