"""The practice search engine on an Elasticsearch 8 or OpenSearch 2/3 cluster, through
``elasticsearch.dsl`` (the client of either: ``search.engines.transport``).

It answers the same ``PracticeQuery`` with ``SearchResults`` of exactly the database engine's
shape, with the same behaviour. The text is read as the database engine reads it
(``PracticeQuery.text``, a ``TextQuery``) and words are analysed as ``core.textsearch``
normalises them (stop words, spellings, stems, accents: see ``es_documents``):

- practices with all the words come first, then those with any of them, as the database
  engine's two passes: the first request matches every word (``text_query(every_word=True)``);
  only when it finds fewer practices than a page, and the text has more than one word, a
  second request matches any word (``every_word=False``), in which a practice holding them all
  gets a bonus above anything else can score (``ALL_WORDS_BONUS``, as the database engine's
  tier), each distinct word held adds to the score (coordination: holding more of the words
  ranks higher), and words close together rank higher; ``SearchResults.partial`` (no
  practice holds all the words, some hold some) comes from a filter aggregation of the
  all-words query in that second request;
- a match in the title or summary ranks above a match only in the body (field boosts);
- quoted phrases must appear as typed (``match_phrase``, across left-out stop words), words
  and phrases after a minus must not; a query of exclusions alone lists every practice but
  those;
- the countries and regions the text names rank their practices higher, never above a
  practice with all the words;
- filters are ORed within a facet and ANDed across facets; the year range keeps overlapping
  periods; sorts and their tie-breakers are the database engine's. Facet counts are
  disjunctive: the facet filters are a ``post_filter`` (applied to the hits and the total after
  the aggregations), and each facet's terms aggregation sits in a ``filter`` aggregation of
  every other facet's filter, so a facet is counted over the text, the years and the other
  facets' filters, not its own.

Whatever a person types reaches Elasticsearch as the words of ``match``-family queries, never
as query syntax (no ``query_string``).

One request per search: the page of hits, the total, every facet's counts, the partial flag and
the highlights. The hits' pages are then read from the database (live ones only, in the
engine's order), so templates, the API, the CSV export and the feeds get the same objects
whichever engine answered.

Errors are not handled here: ``search.engines.fallback`` catches them and answers from the
database engine.
"""

import logging

from django.utils.html import escape

from practices.models import PracticePage

from ..facets import FACETS
from ..service import Hit, PracticeSearchEngine, SearchResults
from .hitcache import live_practices

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["title^4", "summary^3", "body"]
# Terms aggregations return at most this many values per facet. The registry's vocabularies
# are small (5 regions, 6 pillars, under 200 countries); themes are free tags, and 500 is far
# above the suggested list's 28. Raise it if a facet ever has more values than this.
FACET_SIZE = 500
# The terms aggregation inside each facet's filter aggregation.
FACET_VALUES = "values"
# Elasticsearch's index.max_result_window: pages beyond it answer the count and facets only.
MAX_RESULT_WINDOW = 10_000
# Added to the score of a practice holding every word: above anything the other clauses give a
# practice that does not (field-boosted BM25 of a query's words, tens each at most, plus the
# bonuses below), so that all-word matches come first, as the database engine's tier does.
ALL_WORDS_BONUS = 1000.0
# Coordination: added per distinct word a practice holds, so more of the words rank higher; of
# the size of a good text score, so that it weighs with the text rather than overrides it (the
# database engine scales the text score by the share of the words held).
WORD_BONUS = 10.0
# Added once to a practice in a country or region the text names: a strong signal, yet below
# the all-words bonus (PLACE_BONUS + 31 * WORD_BONUS + text scores stay far under 1000).
PLACE_BONUS = 50.0
# Words within this many positions of each other (in any order) score a proximity bonus.
PROXIMITY_SLOP = 10
# The filter aggregation counting the practices that hold every word (for ``partial``).
ALL_WORDS = "all_words"
HIGHLIGHT_FIELDS = ("summary", "title", "description")
EXCERPT_WIDTH = 220
# Highlight markers: characters no practice text contains, turned into <mark> after escaping.
MARK_START, MARK_END = "\ue000", "\ue001"

SORTS = {
    "relevance": [
        {"_score": {"order": "desc"}},
        {"first_published_at": {"order": "desc"}},
        {"id": {"order": "desc"}},
    ],
    "newest": [{"first_published_at": {"order": "desc"}}, {"id": {"order": "desc"}}],
    "title": [{"title.sort": {"order": "asc"}}, {"id": {"order": "asc"}}],
}


# The client of the configured cluster (Elasticsearch or OpenSearch): see ``transport``.
def get_client():
    from .transport import get_client

    return get_client()


def _words(words, languages=("en",), **options):
    """A multi_match of ``words`` over the text fields, as one blended field (cross_fields).

    With ``languages`` beyond English (the visitor's language, then English: ``TextQuery``),
    each word matches its English analysis or its analysis in the visitor's language: one
    group a word (a ``bool`` of the two ``multi_match``), all of them with ``operator="and"``,
    any of them otherwise, so that holding every word counts groups, not fields.
    """
    from elasticsearch.dsl import Q

    from .es_documents import LANGUAGES, language_fields

    other = [language for language in languages if language in LANGUAGES]
    if not other:
        return Q(
            "multi_match",
            query=" ".join(words),
            fields=TEXT_FIELDS,
            type="cross_fields",
            **options,
        )
    groups = [
        Q(
            "bool",
            should=[
                Q("multi_match", query=word, fields=fields, type="cross_fields")
                for fields in (TEXT_FIELDS, *(language_fields(lang) for lang in other))
            ],
            minimum_should_match=1,
        )
        for word in words
    ]
    if len(groups) == 1:
        return groups[0]
    if options.get("operator") == "and":
        return Q("bool", must=groups)
    return Q("bool", should=groups, minimum_should_match=1)


def _phrase(words, slop=0, languages=("en",)):
    """``words`` next to each other in that order (within ``slop`` moves) in one text field.
    Stop words are not indexed but keep their places, so "role of women" also finds "role for
    women" (the database engine, which indexes them, finds only the first); the parser drops
    stop words at a phrase's ends, so both engines read "of women" as "women". With a
    visitor's language, in the English fields or in that language's."""
    from elasticsearch.dsl import Q

    from .es_documents import LANGUAGES, language_fields

    phrases = [
        Q("multi_match", query=" ".join(words), fields=fields, type="phrase", slop=slop)
        for fields in (
            TEXT_FIELDS,
            *(language_fields(lang) for lang in languages if lang in LANGUAGES),
        )
    ]
    return phrases[0] if len(phrases) == 1 else Q("bool", should=phrases, minimum_should_match=1)


def all_words_query(text):
    """The query of practices holding every word of ``text``; None for fewer than two words."""
    if len(text.words) < 2:
        return None
    return _words(text.words, text.languages, operator="and")


def text_query(text, every_word=True):
    """The ``bool`` query of a ``TextQuery`` (see the module's docstring); None if it asks for
    nothing. ``every_word``: the first pass, practices holding every word; otherwise the
    second, practices holding any of them, ranked by how many they hold."""
    from elasticsearch.dsl import Q

    if not text:
        return None
    languages = text.languages
    clauses = {}
    if text.words:
        several = len(text.words) > 1
        should = []
        if every_word or not several:
            clauses["must"] = [_words(text.words, languages, operator="and")]
        else:
            clauses["must"] = [_words(text.words, languages, operator="or")]
            should.append(Q("constant_score", filter=all_words_query(text), boost=ALL_WORDS_BONUS))
            should += [
                Q("constant_score", filter=_words([word], languages), boost=WORD_BONUS)
                for word in text.words
            ]
        if several:
            should.append(_phrase(text.words, slop=PROXIMITY_SLOP, languages=languages))
        places = []
        if text.countries:
            places.append(Q("terms", country=list(text.countries)))
        if text.regions:
            places.append(Q("terms", region=list(text.regions)))
        if places:
            within = places[0] if len(places) == 1 else Q("bool", should=places)
            should.append(Q("constant_score", filter=within, boost=PLACE_BONUS))
        if should:
            clauses["should"] = should
    if text.phrases:
        clauses["filter"] = [_phrase(phrase, languages=languages) for phrase in text.phrases]
    if text.excluded:
        clauses["must_not"] = [_phrase(words, languages=languages) for words in text.excluded]
    return Q("bool", **clauses)


def build_search(query, client=None, index=None, every_word=True):
    """The ``elasticsearch.dsl.Search`` of ``query``: text, filters, facets, sort, page;
    ``every_word``: the first pass or the second (see ``text_query``)."""
    from elasticsearch.dsl import A, Q, Search

    search = Search(using=client, index=index).extra(track_total_hits=True)
    text = query.text
    matched = text_query(text, every_word)
    if matched is not None:
        search = search.query(matched)
    facet_filters = {
        facet: Q("terms", **{facet: list(query.filters[facet])})
        for facet in FACETS
        if query.filters.get(facet)
    }
    if facet_filters:
        # After the aggregations: each facet's counts see every filter but its own (below).
        search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
    # A period overlaps the asked years; an ongoing practice (no end year) runs to this day;
    # one with no start year cannot be placed in a range.
    if query.year_from:
        search = search.filter("exists", field="start_year").exclude(
            "range", end_year={"lt": query.year_from}
        )
    if query.year_to:
        search = search.filter("range", start_year={"lte": query.year_to})
    for facet in FACETS:
        # Disjunctive counts: over the text, the years and every other facet's filter.
        others = [condition for name, condition in facet_filters.items() if name != facet]
        within = Q("bool", filter=others) if others else Q("match_all")
        search.aggs.bucket(facet, A("filter", within)).bucket(
            FACET_VALUES, A("terms", field=facet, size=FACET_SIZE)
        )
    all_words = None if every_word else all_words_query(text)
    if all_words is not None:
        # The practices holding every word, after every filter (the facets' too): none while
        # some are found is a partial answer.
        search.aggs.bucket(
            ALL_WORDS, A("filter", Q("bool", filter=[all_words, *facet_filters.values()]))
        )
    search = search.sort(*SORTS[query.effective_sort])
    offset = (query.page - 1) * query.page_size
    if offset + query.page_size > MAX_RESULT_WINDOW:
        search = search.extra(from_=0, size=0)
    else:
        search = search.extra(from_=offset, size=query.page_size)
    search = search.source(False)
    if text.words:
        search = search.extra(track_scores=True)
        search = search.highlight_options(
            pre_tags=[MARK_START],
            post_tags=[MARK_END],
            require_field_match=False,
            number_of_fragments=0,
            # Every word a highlighted field holds is marked, whichever pass matched the
            # practice, as the database engine marks them: the search's own query (blended
            # cross-field terms, bonuses) leaves some unmarked on a real cluster.
            highlight_query=highlight_query(text).to_dict(),
        )
        search = search.highlight("summary", "title")
        search = search.highlight("description", number_of_fragments=1, fragment_size=EXCERPT_WIDTH)
    return search


def highlight_query(text):
    """The words to mark: any of them, in each highlighted field."""
    from elasticsearch.dsl import Q

    return Q("multi_match", query=" ".join(text.words), fields=list(HIGHLIGHT_FIELDS))
    # The highlighted fields are analysed in English: a word in another language is marked
    # where its English analysis meets the text (the database engine marks it in both).


def request_body(query, every_word=True):
    """The body of the search request the engine sends for ``query``: the first pass's, or
    with ``every_word=False`` the second's (see ``text_query``)."""
    return build_search(query, every_word=every_word).to_dict()


def needs_second_pass(query, total):
    """Whether the practices holding any of the words are asked for: the text has more than
    one word and fewer practices than a page hold them all (the database engine's rule)."""
    return len(query.text.words) > 1 and total < query.page_size


def marked_html(fragment):
    """A highlight fragment as HTML: escaped, with matched words in <mark>."""
    return escape(fragment).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def highlight_of(hit, practice):
    """The first highlighted field of summary, title and description, as the database engine
    chooses; a passage from inside the description gets an ellipsis on the cut side."""
    fields = hit.get("highlight") or {}
    for name in HIGHLIGHT_FIELDS:
        fragments = fields.get(name)
        if not fragments:
            continue
        fragment = fragments[0]
        html = marked_html(fragment)
        if name == "description":
            plain = fragment.replace(MARK_START, "").replace(MARK_END, "")
            text = practice.description or ""
            if plain.strip() and not text.startswith(plain.lstrip()):
                html = "…" + html
            if plain.strip() and not text.rstrip().endswith(plain.rstrip()):
                html = html + "…"
        return html
    return None


def facet_counts(aggregations):
    """{facet: {value: count}} from the aggregations: per facet, a filter aggregation holding
    the terms aggregation ``FACET_VALUES``."""
    facets = {}
    for facet in FACETS:
        within = (aggregations or {}).get(facet, {})
        buckets = within.get(FACET_VALUES, {}).get("buckets", [])
        counts = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        facets[facet] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return facets


def is_partial(query, total, aggregations):
    """Whether no practice holds all the words while some hold some of them (as the database
    engine says): in the second pass, the ``ALL_WORDS`` aggregation counted none, the total is
    not zero."""
    if all_words_query(query.text) is None or ALL_WORDS not in aggregations:
        return False
    return total > 0 and aggregations[ALL_WORDS].get("doc_count", 0) == 0


def total_of(response):
    total = response.get("hits", {}).get("total", 0)
    return total.get("value", 0) if isinstance(total, dict) else int(total or 0)


def warn_if_incomplete(response, what):
    shards = response.get("_shards") or {}
    if shards.get("failed"):
        reasons = sorted(
            {
                str((failure.get("reason") or {}).get("type", "unknown"))
                for failure in shards.get("failures") or []
            }
        )
        logger.warning(
            "Elasticsearch answered the %s from %s of %s shards (%s failed: %s); "
            "results may be incomplete",
            what,
            shards.get("successful", 0),
            shards.get("total", 0),
            shards.get("failed"),
            ", ".join(reasons) or "no reason given",
        )
    if response.get("timed_out"):
        logger.warning("Elasticsearch timed out on the %s; results may be incomplete", what)


class ElasticsearchEngine(PracticeSearchEngine):
    """The engine on an Elasticsearch 8 or OpenSearch 2/3 cluster (the same requests)."""

    def __init__(self, client=None):
        self._client = client

    @property
    def name(self):
        """The cluster's kind, as the health check and the logs name it."""
        from .transport import engine

        return engine() or "elasticsearch"

    @property
    def client(self):
        if self._client is None:
            self._client = get_client()
        return self._client

    @property
    def practices_alias(self):
        from .es_documents import alias_name

        return alias_name("practices")

    @property
    def provisions_alias(self):
        from .es_documents import alias_name

        return alias_name("provisions")

    def search(self, query):
        if query.q and not query.text:
            # Only punctuation or stop words: nothing to look for, so nothing is found.
            return SearchResults(query, 0, [], {facet: {} for facet in FACETS})
        response = _body(self.client.search(index=self.practices_alias, body=request_body(query)))
        if needs_second_pass(query, total_of(response)):
            body = request_body(query, every_word=False)
            response = _body(self.client.search(index=self.practices_alias, body=body))
        return self.parse(query, response)

    def parse(self, query, response):
        """``SearchResults`` from a search response (a dict, as Elasticsearch sends it)."""
        warn_if_incomplete(response, "practice search")
        raw_hits = response.get("hits", {}).get("hits", [])
        ids = [int(hit["_id"]) for hit in raw_hits]
        by_id = live_practices(ids)
        with_text = bool(query.text.words)
        hits = []
        for raw in raw_hits:
            page = by_id.get(int(raw["_id"]))
            if page is None:  # unpublished since it was indexed; its removal is on its way
                continue
            score = raw.get("_score")
            hits.append(
                Hit(
                    page,
                    float(score) if with_text and score is not None else None,
                    highlight_of(raw, page) if with_text else None,
                )
            )
        total = total_of(response)
        aggregations = response.get("aggregations") or {}
        return SearchResults(
            query,
            total,
            hits,
            facet_counts(aggregations),
            partial=is_partial(query, total, aggregations),
        )

    # Suggestions (see search.suggestions), with more_like_this.

    def related_provisions(self, subject, limit=5):
        from .es_queries import related_provisions_body

        if not subject.text:
            return []
        body = related_provisions_body(subject, limit)
        response = _body(self.client.search(index=self.provisions_alias, body=body))
        warn_if_incomplete(response, "provision suggestions")
        return _suggestions(response, "provisions")

    def related_practices(self, provision, limit=5):
        from .es_queries import related_practices_body

        body = related_practices_body(provision, limit)
        response = _body(self.client.search(index=self.practices_alias, body=body))
        warn_if_incomplete(response, "practice suggestions")
        return _suggestions(response, "practices")

    def health(self):
        """What the health check shows: no addresses, no credentials."""
        cluster = _body(self.client.options(request_timeout=2).cluster.health())
        count = _body(self.client.count(index=self.practices_alias))
        return {"cluster_status": cluster.get("status"), "documents": count.get("count", 0)}


def _body(response):
    # The client answers ObjectApiResponse; tests' fake clients answer plain dicts.
    return getattr(response, "body", response)


def _suggestions(response, kind):
    from frameworks.models import FrameworkPage, Provision

    from ..suggestions import Suggestion

    raw_hits = response.get("hits", {}).get("hits", [])
    ids = [int(hit["_id"]) for hit in raw_hits]
    if kind == "provisions":
        # The index may predate a view restriction: the database has the last word.
        public = FrameworkPage.objects.live().public().values("pk")
        objects = Provision.objects.filter(pk__in=ids, framework__in=public).select_related(
            "framework"
        )
    else:
        objects = PracticePage.objects.live().public().filter(pk__in=ids)
    by_id = {obj.pk: obj for obj in objects}
    return [
        Suggestion(by_id[int(hit["_id"])], round(float(hit.get("_score") or 0.0), 4))
        for hit in raw_hits
        if int(hit["_id"]) in by_id
    ]
