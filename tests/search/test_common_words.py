"""Words held by at least half the practices, on SQLite: read as their rows' keys alone
(``phrases.CommonWord``), their BM25 terms computed from the text of the rows a page may show
(``ftsbm25``). The terms are FTS5's own numbers, and the page is the one every score gives."""

from django.db import connection
from django.http import QueryDict

from wagtail.search.models import IndexEntry

import pytest

from search.engines import phrases
from search.engines.database import DatabaseEngine
from search.engines.ftsbm25 import count, varints
from search.engines.fulltext import TextMatch, fetch
from search.engines.phrases import CommonWord, Phrase
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
    pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's BM25 is SQLite's"),
]


@pytest.fixture
def practices(practice_index):
    return make_practices()


def fts5_terms(match, word):
    fts = f"{match.entries}_fts"
    sql = f"SELECT rowid, {match._bm25()} FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
    return dict(fetch(sql, ['{title body} : "' + word + '"']))


def read(word):
    match = TextMatch([word])
    match.postings = postings()
    return match, match.phrase_rows((word,))


def test_varints_are_read_as_sqlite_writes_them():
    assert varints(bytes([0x05, 0x81, 0x00, 0x7F])) == [5, 128, 127]
    nine = bytes([0xFF] * 8 + [0x01])
    assert varints(nine) == [(1 << 64) - 255]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("women women  women", 3),  # side by side: no space shared
        ("women", 1),
        ("womenfolk the women", 1),
        ("", 0),
        ("women-led: women, women's", 3),  # not words and spaces only: as unicode61 reads it
        ("the women2 women", 1),
    ],
)
def test_a_words_instances_are_counted_as_fts5_tokenises(text, expected):
    assert count("women", text) == expected


@pytest.mark.parametrize("word", ["women", "mediat", "network"])
def test_a_common_words_terms_are_fts5s_own_numbers(practices, word):
    match, common = read(word)
    assert isinstance(common, CommonWord), f"{word} is in half the practices or more"
    expected = fts5_terms(match, word)
    assert common.keys == sum(1 << key for key in expected)
    # Computed from the rows' text: the very numbers, not merely close ones.
    assert common.terms_of(list(expected)) == expected
    assert not common.loaded
    assert common.scores == expected  # read whole when asked for
    assert common.loaded


def test_a_rarer_word_is_read_with_its_terms(practices):
    match, rows = read("radio")
    assert not isinstance(rows, CommonWord)
    assert dict(rows) == fts5_terms(match, "radio")


def test_a_row_whose_text_is_not_ascii_is_not_computed(practices):
    """unicode61 folds "wömen" into "women"; the computation reads ASCII only, and says so."""
    entry = IndexEntry.objects.get(object_id=str(practices[0].pk))
    IndexEntry.objects.filter(pk=entry.pk).update(body=entry.body + " wömen")
    match, common = read("women")
    assert isinstance(common, CommonWord)
    assert common.terms_of([entry.pk]) is None
    assert common.scores == fts5_terms(match, "women")


def ranked(params, page_size):
    query = PracticeQuery.from_params(QueryDict(params), default_page_size=page_size)
    results = DatabaseEngine().search(query)
    return results.count, [(hit.practice.pk, hit.score) for hit in results.hits], results.facets


@pytest.mark.parametrize(
    "params",
    [
        "q=women+peace",
        "q=how+women+keep+the+peace+of+the+village",  # no practice has every word
        "q=women+village+market+water+lighthouse",
        "q=peace+women+mediators+in+Kenya",
    ],
)
@pytest.mark.parametrize("page_size", [2, 3, 20])
def test_the_page_is_the_one_every_score_gives(practices, monkeypatch, params, page_size):
    """The page ranked with the common words' terms computed for its contenders only is the
    page of every match's score, read whole: the same practices, scores and order."""
    full_reads = []
    scores = CommonWord.scores.fget

    def spied(self):
        if not self.loaded:
            full_reads.append(self.count)
        return scores(self)

    monkeypatch.setattr(CommonWord, "scores", property(spied))
    bounded = ranked(params, page_size)
    assert not full_reads, "the page needed no common word read whole"
    assert bounded[1], "the case proves nothing"
    # Every match scored: no contender is computed, each common word read whole.
    monkeypatch.setattr(phrases, "CONTENDERS", -1)
    monkeypatch.setattr(postings(), "extras", {})
    assert ranked(params, page_size) == bounded
    assert full_reads


def test_the_contenders_are_those_that_may_be_on_the_page(practices, monkeypatch):
    """With a page of one, the practices whose highest possible score is below the best one's
    lowest sure score are not computed."""
    computed = []
    terms_of = CommonWord.terms_of

    def spied(self, keys):
        computed.extend(keys)
        return terms_of(self, keys)

    monkeypatch.setattr(CommonWord, "terms_of", spied)
    count, hits, _ = ranked("q=women+radio", 1)  # "radio": one practice, a high idf
    assert count == 1 and len(hits) == 1
    computed.clear()
    # "market": in two practices' summaries, twice in the title and summary of one of them.
    count, hits, _ = ranked("q=women+market", 1)
    assert count == 2
    (best,) = hits
    assert best[0] == practices[6].pk
    assert set(computed) == {IndexEntry.objects.get(object_id=str(best[0])).pk}
    assert len(list(members(postings().live))) == len(TEXTS)


def test_a_word_needed_in_many_of_its_rows_is_read_whole(practices, monkeypatch):
    """Computing a row's term costs more than reading ten rows' from FTS5: a word needed in
    more than a twentieth of its rows is read whole, and gives the same terms (here, with
    seven practices, more than a third)."""
    monkeypatch.setattr(phrases, "ROWS_READ_PER_ROW_COMPUTED", 3)
    match, common = read("women")
    expected = fts5_terms(match, "women")
    keys = sorted(expected)
    assert common.terms_of(keys[:1]) == {keys[0]: expected[keys[0]]}
    assert not common.loaded  # one row of seven: computed
    assert common.terms_of(keys) == expected
    assert common.loaded  # all of them: read whole


def test_a_phrase_read_whole_gives_every_term(practices):
    match = TextMatch(["women"])
    match.postings = postings()
    phrase = Phrase(match.phrase_rows(("peac", "hut")))
    assert phrase.loaded and len(phrase) == 1
    assert phrase.terms_of(list(phrase.scores)) == phrase.scores


def test_a_row_deleted_after_its_key_was_read_scores_nothing(practices, monkeypatch):
    # A practice unpublished during a search: its key was read with the word's, its text is
    # gone by the time the terms are read whole. The search goes on; the row adds nothing.
    _, common = read("women")
    assert isinstance(common, CommonWord)
    keys = list(members(common.keys))
    gone = keys[0]
    IndexEntry.objects.filter(pk=gone).delete()
    monkeypatch.setattr(phrases, "ROWS_READ_PER_ROW_COMPUTED", 10**9)  # read whole
    terms = common.terms_of(keys)
    assert terms[gone] == 0.0
    assert all(terms[key] > 0 for key in keys[1:])


def test_the_fts_table_is_the_one_the_terms_are_computed_for():
    # ``ftsbm25`` repeats FTS5's arithmetic for Wagtail's table as it is: three columns in this
    # order (their weights are ``WEIGHTS``), external content, the default unicode61 tokenizer
    # (words split as ``ftsbm25.count`` splits them). A change here must fail loudly.
    from search.engines.ftsbm25 import WEIGHTS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE name = %s", ["wagtailsearch_indexentry_fts"]
        )
        (sql,) = cursor.fetchone()
    assert "using fts5(autocomplete, body, title" in " ".join(sql.lower().split())
    assert "tokenize" not in sql.lower()
    assert len(WEIGHTS) == 3
