"""The practice search engine on an Elasticsearch 8 or OpenSearch 2/3 cluster, through
``elasticsearch.dsl`` (the client of either: ``search.engines.transport``).

It answers the same ``PracticeQuery`` with ``SearchResults`` of exactly the database engine's
shape, with the same behaviour. The text is read as the database engine reads it
(``PracticeQuery.text``, a ``TextQuery``) and words are analysed as ``core.textsearch``
normalises them (stop words, spellings, stems, accents: see ``es_documents``):

- practices with all the words come first, then those with any of them, as the database
  engine's two passes: the first pass matches every word (``text_query(every_word=True)``);
  only when it finds fewer practices than a page, and the text has more than one word, a
  second pass matches any word (``every_word=False``), in which a practice holding them all
  gets a bonus above anything else can score (``ALL_WORDS_BONUS``, as the database engine's
  tier), each distinct word held adds to the score (coordination: holding more of the words
  ranks higher), and words close together rank higher (among the best
  ``PROXIMITY_WINDOW``); ``SearchResults.partial`` (no practice holds all the words, some
  hold some) comes from a filter aggregation of the all-words query in that second pass;
- a match in the title or summary ranks above a match only in the body (field boosts);
- quoted phrases must appear as typed (``match_phrase``, across left-out stop words), words
  and phrases after a minus must not; a query of exclusions alone lists every practice but
  those;
- the countries and regions the text names rank their practices higher, never above a
  practice with all the words;
- filters are ORed within a facet and ANDed across facets; the year range keeps overlapping
  periods; sorts and their tie-breakers are the database engine's. Facet counts are
  disjunctive: a facet the query filters on is counted over the text, the years and the other
  facets' filters, not its own.

Whatever a person types reaches Elasticsearch as the words of ``match``-family queries, never
as query syntax (no ``query_string``).

A pass is a few requests, each doing one thing over the fewest practices it can (``answer``):
the counts (the exact total and the facets without a filter, over the practices listed, with
no scoring: ``counts_body``), one count per filtered facet (``facet_body``), then the page of
hits with its highlights (``page_body``), ranked over the matches, or, for a common query of
several words, over a window of candidates ranked without the proximity bonus
(``candidates_body``). Counting apart from ranking is what keeps a common word fast on a large
index: a count visits its matches without scoring them (and the node caches it), a page is
ranked with its filters applied, and the costly proximity bonus (word positions) is scored for
a window, not for every match. The hits' pages are then read from the database (live ones only,
in the engine's order), so templates, the API, the CSV export and the feeds get the same objects
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
# The proximity bonus is scored among the best this many practices by every other clause (a
# rescoring window, as Elasticsearch's guide to proximity advises): scoring word positions for
# every match of a common query is most of its cost on a large index. A query matching fewer
# practices is scored whole, so that small registries rank exactly as the database engine does.
PROXIMITY_WINDOW = 500
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


def text_query(text, every_word=True, ranking=True, proximity=True):
    """The ``bool`` query of a ``TextQuery`` (see the module's docstring); None if it asks for
    nothing. ``every_word``: the first pass, practices holding every word; otherwise the
    second, practices holding any of them, ranked by how many they hold. Without ``ranking``
    only what a practice must hold (or must not) to match: the clauses that only score (the
    bonuses, the proximity, the places named) are left out, as a count needs none of them;
    without ``proximity``, the words close together are not scored (``PROXIMITY_WINDOW``)."""
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
        if several and proximity:
            should.append(_phrase(text.words, slop=PROXIMITY_SLOP, languages=languages))
        places = []
        if text.countries:
            places.append(Q("terms", country=list(text.countries)))
        if text.regions:
            places.append(Q("terms", region=list(text.regions)))
        if places:
            within = places[0] if len(places) == 1 else Q("bool", should=places)
            should.append(Q("constant_score", filter=within, boost=PLACE_BONUS))
        if should and ranking:
            clauses["should"] = should
    if text.phrases:
        clauses["filter"] = [_phrase(phrase, languages=languages) for phrase in text.phrases]
    if text.excluded:
        clauses["must_not"] = [_phrase(words, languages=languages) for words in text.excluded]
    return Q("bool", **clauses)


def facet_filters(query):
    """{facet: its terms clause} of the facets ``query`` filters on, in the registry's order."""
    from elasticsearch.dsl import Q

    return {
        facet: Q("terms", **{facet: list(query.filters[facet])})
        for facet in FACETS
        if query.filters.get(facet)
    }


def year_filters(query):
    """A period overlaps the asked years; an ongoing practice (no end year) runs to this day;
    one with no start year cannot be placed in a range."""
    from elasticsearch.dsl import Q

    clauses = []
    if query.year_from:
        clauses += [
            Q("exists", field="start_year"),
            Q("bool", must_not=[Q("range", end_year={"lt": query.year_from})]),
        ]
    if query.year_to:
        clauses.append(Q("range", start_year={"lte": query.year_to}))
    return clauses


def _counting(query, every_word, leave_out=None):
    """The non-scoring query of the practices a count is over: the text's matches, the years
    and every facet's filter but ``leave_out``'s; None for every practice."""
    from elasticsearch.dsl import Q

    matched = text_query(query.text, every_word, ranking=False)
    clauses = [matched] if matched is not None else []
    clauses += year_filters(query)
    clauses += [clause for facet, clause in facet_filters(query).items() if facet != leave_out]
    return Q("bool", filter=clauses) if clauses else None


def _facet_aggregation(search, facet):
    """``facet``'s terms aggregation, inside a filter aggregation of every practice the request
    is over (the shape ``facet_counts`` reads, whichever request counted the facet)."""
    from elasticsearch.dsl import A, Q

    search.aggs.bucket(facet, A("filter", Q("match_all"))).bucket(
        FACET_VALUES, A("terms", field=facet, size=FACET_SIZE)
    )


def counts_body(query, every_word=True):
    """The request counting ``query``'s practices (the total, exact) and the facets it does not
    filter on (with every filter: a facet without a filter of its own is counted over what is
    listed); in the second pass, also the practices holding every word (for ``partial``). No
    hits, no scores: a count visits the matches without ranking them, and the node keeps the
    answer in its request cache until the index changes."""
    from elasticsearch.dsl import A, Search

    search = Search().extra(size=0, track_total_hits=True)
    within = _counting(query, every_word)
    if within is not None:
        search = search.query(within)
    active = facet_filters(query)
    for facet in FACETS:
        if facet not in active:
            _facet_aggregation(search, facet)
    all_words = None if every_word else all_words_query(query.text)
    if all_words is not None:
        search.aggs.bucket(ALL_WORDS, A("filter", all_words))
    return search.to_dict()


def facet_body(query, facet, every_word=True):
    """The request counting the values of ``facet``, a facet ``query`` filters on: over the
    text, the years and every other facet's filter, not its own (disjunctive counts: each of
    its values counts the practices it would add)."""
    from elasticsearch.dsl import Search

    search = Search().extra(size=0, track_total_hits=False)
    within = _counting(query, every_word, leave_out=facet)
    if within is not None:
        search = search.query(within)
    _facet_aggregation(search, facet)
    return search.to_dict()


def _ranked(query, every_word, proximity=True, ids=None):
    """The ``Search`` of ``query``'s hits in their order: the scoring text query, every filter
    (and with ``ids``, those practices only), the sort and its tie-breakers; no total (the
    counts request has it), no source."""
    from elasticsearch.dsl import Q, Search

    search = Search().extra(track_total_hits=False).source(False)
    matched = text_query(query.text, every_word, proximity=proximity)
    filters = [*year_filters(query), *facet_filters(query).values()]
    if ids is not None:
        filters.append(Q("ids", values=[str(pk) for pk in ids]))
    clauses = {}
    if matched is not None:
        clauses["must"] = [matched]
    if filters:
        clauses["filter"] = filters
    if clauses:
        search = search.query(Q("bool", **clauses))
    return search.sort(*SORTS[query.effective_sort])


def page_offset(query):
    return (query.page - 1) * query.page_size


def has_page(query):
    """Whether the page asked for is within ``MAX_RESULT_WINDOW`` (beyond it: the count and
    the facets only)."""
    return page_offset(query) + query.page_size <= MAX_RESULT_WINDOW


def ranks_from_window(query):
    """Whether the page is chosen from a window of candidates: relevance order, more than one
    word (the proximity bonus ranks it), a page within ``MAX_RESULT_WINDOW``."""
    return query.effective_sort == "relevance" and len(query.text.words) > 1 and has_page(query)


def candidates_body(query, every_word=True):
    """The request of the window of practices the page is chosen from, when the proximity
    bonus ranks it (``ranks_from_window``): the best
    ``max(PROXIMITY_WINDOW, offset + page size)`` practices by every other clause, with the
    page's tie-breakers; None when there is no such window to ask for."""
    if not ranks_from_window(query):
        return None
    size = max(PROXIMITY_WINDOW, page_offset(query) + query.page_size)
    return _ranked(query, every_word, proximity=False).extra(from_=0, size=size).to_dict()


def page_body(query, every_word=True, ids=None):
    """The request of the page of hits with their highlights; with ``ids`` (the candidates'),
    among those practices only. None beyond ``MAX_RESULT_WINDOW``."""
    if not has_page(query):
        return None
    search = _ranked(query, every_word, ids=ids)
    search = search.extra(from_=page_offset(query), size=query.page_size)
    text = query.text
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
    return search.to_dict()


def pass_bodies(query, every_word=True):
    """The requests of a pass sent together: the counts (``counts_body``), each filtered
    facet's counts (``facet_body``), then what ranks the page: the window of candidates
    (``candidates_body``) or, when there is none, the page itself (``page_body``; none beyond
    ``MAX_RESULT_WINDOW``)."""
    bodies = [counts_body(query, every_word)]
    bodies += [facet_body(query, facet, every_word) for facet in facet_filters(query)]
    ranking = candidates_body(query, every_word)
    if ranking is None:
        ranking = page_body(query, every_word)
    if ranking is not None:
        bodies.append(ranking)
    return bodies


def answer(search_all, query):
    """The cluster's answer to ``query``, as one search response (``hits`` with the exact
    total, ``aggregations`` with every facet's counts and the all-words count).
    ``search_all(bodies)`` sends search requests to the practices' index together and returns
    their JSON answers (``transport.search_all``: one multi-search request).

    The first pass's requests go together (``pass_bodies``); when they find fewer practices
    than a page holding every word, the second pass's go (see ``text_query``). When the page is
    chosen from a window of candidates, one more request ranks the window in full (proximity
    included) and returns the page with its highlights; a window holds every match when there
    are no more than ``PROXIMITY_WINDOW``, so that the page is then exactly the full ranking's.
    """
    every_word = True
    answers = search_all(pass_bodies(query))
    if needs_second_pass(query, total_of(answers[0])):
        every_word = False
        answers = search_all(pass_bodies(query, every_word=False))
    filtered = list(facet_filters(query))
    counts, facets, ranked = (
        answers[0],
        answers[1 : 1 + len(filtered)],
        answers[1 + len(filtered) :],
    )
    aggregations = dict(counts.get("aggregations") or {})
    for facet, counted in zip(filtered, facets, strict=True):
        aggregations[facet] = (counted.get("aggregations") or {}).get(facet, {})
    hits = []
    if ranked:
        hits = ranked[0].get("hits", {}).get("hits", [])
        if ranks_from_window(query):
            ids = [hit["_id"] for hit in hits]
            hits = []
            if ids:
                page = search_all([page_body(query, every_word, ids)])[0]
                answers.append(page)
                hits = page.get("hits", {}).get("hits", [])
    return {
        "hits": {"total": counts.get("hits", {}).get("total", 0), "hits": hits},
        "aggregations": aggregations,
        "_shards": _worst_shards(answers),
        "timed_out": any(each.get("timed_out") for each in answers),
    }


def _worst_shards(responses):
    """The ``_shards`` of the response that lost the most shards (the counts' when none did)."""
    shards = [response.get("_shards") or {} for response in responses]
    return max(shards, key=lambda each: each.get("failed") or 0)


def highlight_query(text):
    """The words to mark: any of them, in each highlighted field."""
    from elasticsearch.dsl import Q

    return Q("multi_match", query=" ".join(text.words), fields=list(HIGHLIGHT_FIELDS))
    # The highlighted fields are analysed in English: a word in another language is marked
    # where its English analysis meets the text (the database engine marks it in both).


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
        from .transport import search_all

        index, client = self.practices_alias, self.client
        return self.parse(query, answer(lambda bodies: search_all(client, index, bodies), query))

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
