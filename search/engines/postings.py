"""The searchable practices and their facet values, held in memory as sets of ids (bit sets).

The database engine matches text in the database and does everything else here: the live,
public practices among the matches, the facet filters and the years, the count, every facet's
counts and the order of the page. Each of those is a few operations on Python integers used as
bit sets (bit ``i`` set: practice ``i`` is in the set), so that counting a facet value over
ten thousand matches is one ``&`` and one ``bit_count()``, not a join of ten thousand rows.

The sets are read from the database once (``Postings.load``) and kept per process, with the
token of ``search.SearchState`` they were read at. Database triggers (migration
``search/0002_search_state``) give that row a new random token in the same transaction as any
change to what the sets are read from: the facet rows, the pages' live state, title,
publication date and place in the tree, the practices' years, view restrictions, and which
full-text index entry is which practice's. Every
search reads the token (one primary-key look-up) and reads the sets again when it has changed,
so a search never uses sets older than the data its own statement sees, whatever wrote the
data (the CMS, an import, a bulk update, a rolled-back transaction). The token is random, not a
counter, so that a rolled-back change cannot come back with the token of other data.
"""

import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import reduce
from itertools import repeat
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, OuterRef

from wagtail.search.models import IndexEntry

from practices.models import PracticePage

from ..models import PracticeFacet, SearchState

# The positions of the set bits of each byte value, for listing a set's members.
_BITS_OF_BYTE = tuple(tuple(j for j in range(8) if b >> j & 1) for b in range(256))


# Bytes 0 and 1 as the digits "0" and "1".
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def bitset(ids):
    """The bit set of the non-negative integers ``ids``: a byte per possible member set to 1
    (in C, through ``map``), then read as the binary digits of one integer, lowest first."""
    ids = ids if isinstance(ids, list) else list(ids)
    if not ids:
        return 0
    flags = bytearray(max(ids) + 1)
    deque(map(flags.__setitem__, ids, repeat(1)), maxlen=0)
    return int(flags.translate(_DIGITS)[::-1], 2)


def members(bits):
    """The members of the bit set ``bits``, in increasing order."""
    packed = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    positions = _BITS_OF_BYTE
    for index, byte in enumerate(packed):
        if byte:
            base = index << 3
            for j in positions[byte]:
                yield base + j


class Membership:
    """Constant-time membership tests of a bit set (``id in membership``)."""

    __slots__ = ("packed",)

    def __init__(self, bits):
        self.packed = bits.to_bytes((bits.bit_length() + 7) // 8, "little")

    def __contains__(self, i):
        index = i >> 3
        return index < len(self.packed) and self.packed[index] >> (i & 7) & 1


def originals(practices):
    """``practices`` without the translations of another live practice: one result a
    practice. A translation (a page of another locale with the same ``translation_key``) is
    found through its original, the oldest live page of them, whose index entry holds its text
    too (``core.textsearch.live_translations``)."""
    older = PracticePage.objects.live().filter(
        translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
    )
    return practices.exclude(Exists(older))


@dataclass
class Postings:
    """What the engine needs of every live, public practice, as read at ``token``.

    Practices are known by a key: on SQLite, the id of the practice's full-text index entry,
    so that a match read from the FTS table alone (its rowid) is already a key; on PostgreSQL,
    whose match rows carry the practice's id, the practice's id. Every set, rank and order here
    is of keys; ``practice`` gives a key's practice id.
    """

    token: str | None
    live: int = 0  # the live, public practices
    values: dict = field(default_factory=dict)  # facet -> {value: bit set}
    # The practices' places in the listing's orders (0 first): newest first, then by title.
    newest_rank: dict = field(default_factory=dict)
    title_rank: dict = field(default_factory=dict)
    newest: list = field(default_factory=list)  # keys, newest first
    by_title: list = field(default_factory=list)  # keys, by title
    # Years: {year: bit set} of the practices starting / ending that year, sorted by year.
    start_years: list = field(default_factory=list)
    starts: list = field(default_factory=list)
    end_years: list = field(default_factory=list)
    ends: list = field(default_factory=list)
    dated: int = 0  # practices with a start year
    open_ended: int = 0  # practices with a start year and no end year
    practice_of_key: dict | None = None  # None: the key is the practice's id
    # What other parts of the engine keep for as long as these sets (``phrases.phrase_cache``).
    extras: dict = field(default_factory=dict)

    def practice(self, key):
        return key if self.practice_of_key is None else self.practice_of_key[key]

    @classmethod
    def load(cls, token):
        rows = list(
            originals(PracticePage.objects.live().public())
            .order_by()
            .values_list("pk", "title", "first_published_at", "start_year", "end_year")
        )
        key_of = cls._keys(rows)
        practice_of_key = None
        if key_of is not None:
            practice_of_key = {key_of[pk]: pk for pk, *_ in rows}
            rows = [(key_of[pk], *rest) for pk, *rest in rows]
        postings = cls(token=token, live=bitset([key for key, *_ in rows]))
        postings.practice_of_key = practice_of_key
        by_value = defaultdict(list)
        # Straight from the cursor: the ORM would build a tuple per row through its iterator.
        facets = PracticeFacet.objects.order_by().values_list("facet", "value", "practice_id")
        for facet, value, practice_id in fetch(*facets.query.sql_with_params()):
            if key_of is None:
                by_value[facet, value].append(practice_id)
            elif practice_id in key_of:  # else not live and public
                by_value[facet, value].append(key_of[practice_id])
        for (facet, value), keys in by_value.items():
            # A value's practices that are not live and public are not searchable.
            postings.values.setdefault(facet, {})[value] = bitset(keys) & postings.live
        # Newest first (the first publication; a live page always has one), then the higher
        # practice id.
        practice = postings.practice
        newest = sorted(
            rows,
            key=lambda r: (r[2] is not None, r[2].timestamp() if r[2] else 0.0, practice(r[0])),
            reverse=True,
        )
        postings.newest = [r[0] for r in newest]
        postings.newest_rank = {key: n for n, key in enumerate(postings.newest)}
        by_title = sorted(rows, key=lambda r: (r[1].casefold(), practice(r[0])))
        postings.by_title = [r[0] for r in by_title]
        postings.title_rank = {key: n for n, key in enumerate(postings.by_title)}
        starts, ends = defaultdict(list), defaultdict(list)
        dated, open_ended = [], []
        for key, _title, _published, start, end in rows:
            if start is not None:
                dated.append(key)
                starts[start].append(key)
                if end is None:
                    open_ended.append(key)
            if end is not None:
                ends[end].append(key)
        postings.start_years = sorted(starts)
        postings.starts = [bitset(starts[y]) for y in postings.start_years]
        postings.end_years = sorted(ends)
        postings.ends = [bitset(ends[y]) for y in postings.end_years]
        postings.dated, postings.open_ended = bitset(dated), bitset(open_ended)
        return postings

    @staticmethod
    def _keys(rows):
        """SQLite: {practice id: key}, the key being the id of its full-text index entry (a
        practice without one, which no text can match, gets a key above every entry's); None
        elsewhere."""
        if connection.vendor != "sqlite":
            return None
        entries = IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PracticePage)
        ).values_list("object_id", "pk")
        key_of = {int(object_id): entry for object_id, entry in entries.iterator(10_000)}
        above = (IndexEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for pk, *_ in rows:
            if pk not in key_of:
                key_of[pk] = above
                above += 1
        return key_of

    def having(self, facet, values):
        """The practices with any of ``values`` of ``facet``."""
        known = self.values.get(facet, {})
        return reduce(or_, (known.get(v, 0) for v in values), 0)

    def in_years(self, year_from, year_to):
        """The practices whose period overlaps the years asked (an ongoing practice runs to this
        day; a practice without a start year has no period); None when no year is asked."""
        if not year_from and not year_to:
            return None
        bits = self.live
        if year_from:
            # Not ended before ``year_from``: ongoing, or ending in it or after.
            first = bisect_left(self.end_years, year_from)
            bits &= self.dated & reduce(or_, self.ends[first:], self.open_ended)
        if year_to:
            # Started in ``year_to`` or before.
            last = bisect_right(self.start_years, year_to)
            bits &= reduce(or_, self.starts[:last], 0)
        return bits


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_lock = threading.Lock()
_current = None


def current_token():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {SearchState._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def postings():
    """The postings of the data the connection sees now: kept while the token stays the same.

    Without a token (the state row deleted, as a test database's flush does; a trigger
    writes it again with the next change), the sets are read for this search only.
    """
    global _current
    token = current_token()
    held = _current
    if token is not None and held is not None and held.token == token:
        return held
    with _lock:
        held = _current
        if token is not None and held is not None and held.token == token:
            return held
        # Read after the token: a change committed meanwhile makes the next search read
        # them again, never the other way round.
        fresh = Postings.load(token)
        if token is not None:
            _current = fresh
        return fresh
