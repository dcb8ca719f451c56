"""Words held by half the index entries or more, on PostgreSQL: read as their rows' keys alone
(``pgphrases.CommonWord``); their BM25 terms computed and their positions read for the rows a
page or the proximity bonus asks about, from those rows' tsvectors. The numbers are those a
whole read gives, and so is the page."""

from django.db import connection
from django.http import QueryDict

from wagtail.search.models import IndexEntry

import pytest

from search.engines import pgphrases, phrases
from search.engines.database import DatabaseEngine
from search.engines.fulltext import TextMatch, fetch
from search.engines.postings import members, postings
from search.query import PracticeQuery
from tests.search.common_words import (  # noqa: F401  # fixtures
    TEXTS,
    computed_however_many,
    database_engine,
    make_practices,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvectors"),
]


@pytest.fixture
def practices(practice_index):
    made = make_practices()
    # Every entry of the index counts for the idf: the words below are in half of them or more.
    assert len(TEXTS) * 2 >= IndexEntry.objects.count()
    return made


def read(stem):
    match = TextMatch([stem])
    match.postings = postings()
    lengths = pgphrases.lengths(match.postings, match, fetch)
    return match, lengths, match.phrase_rows((stem,))


def whole(stem):
    match, lengths, _ = read(stem)
    return pgphrases.phrase((stem,), match, lengths, fetch)


@pytest.mark.parametrize("stem", ["women", "peac"])
def test_a_common_words_terms_and_positions_are_those_of_a_whole_read(practices, stem):
    _, _, common = read(stem)
    assert isinstance(common, pgphrases.CommonWord), f"{stem} is in half the entries or more"
    expected = whole(stem)
    keys = sorted(expected.scores)
    assert common.keys == expected.keys
    # Computed from the rows' tsvectors: the very numbers, not merely close ones.
    assert common.terms_of(keys[:2]) == {key: expected.scores[key] for key in keys[:2]}
    assert common.positions_of(keys[:2]) == {key: expected.positions[key] for key in keys[:2]}
    assert not common.loaded
    assert common.scores == expected.scores  # read whole when asked for
    assert common.positions == expected.positions
    assert common.loaded


def test_a_rarer_word_is_read_whole(practices):
    _, _, rows = read("radio")
    assert isinstance(rows, phrases.Phrase)
    assert rows.scores == whole("radio").scores


def ranked(params, page_size):
    query = PracticeQuery.from_params(QueryDict(params), default_page_size=page_size)
    results = DatabaseEngine().search(query)
    return results.count, [(hit.practice.pk, hit.score) for hit in results.hits], results.facets


@pytest.mark.parametrize(
    "params",
    [
        "q=women+peace",
        "q=women+radio",
        "q=how+women+keep+the+peace+of+the+village",  # no practice has every word
        "q=women+village+market+water+lighthouse",
        "q=peace+women+mediators+in+Kenya",
        'q="women+speak"+peace',
    ],
)
@pytest.mark.parametrize("page_size", [1, 3, 20])
def test_the_page_is_the_one_whole_reads_give(practices, monkeypatch, params, page_size):
    """Ranked with the common words read as keys, terms and positions computed only for the
    rows asked about: the same practices, scores, order and facets as with every word read
    whole."""
    bounded = ranked(params, page_size)
    assert bounded[0], "the case proves nothing"

    def read_whole(stem, match, lengths, fetch):
        return pgphrases.phrase((stem,), match, lengths, fetch)

    monkeypatch.setattr(pgphrases, "word", read_whole)
    monkeypatch.setattr(postings(), "extras", {})
    assert ranked(params, page_size) == bounded


def test_a_row_deleted_after_its_key_was_read_adds_nothing(practices):
    # A practice unpublished during a search: its key was read with the word's, its text is
    # gone by the time its term and positions are read. The search goes on.
    _, _, common = read("women")
    keys = list(members(common.keys))
    gone = keys[0]
    IndexEntry.objects.filter(object_id=str(gone)).delete()
    terms = common.terms_of(keys)
    assert terms[gone] == 0.0
    assert all(terms[key] > 0 for key in keys[1:])
    assert gone not in common.positions_of(keys)
    assert pgphrases.near_rows([common, common], 11) == [(key,) for key in keys[1:]]
