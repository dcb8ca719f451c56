"""The practice search engine on Wagtail's database search backend.

Wagtail keeps the full-text index up to date (FTS5 on SQLite, tsvector columns on PostgreSQL)
from the normalised search fields of ``PracticePage``. A search asks the database one thing:
the full-text match, with every match's score (``fulltext.TextMatch``; a second match, of any
of the words, only when fewer practices than a page hold them all; on SQLite each word's
matches and BM25 terms are read once per version of the index and summed: ``phrases``).
Everything else (which matches are live and public, the facet filters and years, the count,
every facet's disjunctive counts, the page in its order) is done on the searchable practices'
sets held in memory (``postings``), which follow the data through a token the database changes
with it.
The 20 hits are then loaded with their relations (``hitcache``: one query per relation for the
practices not kept from an earlier search).

Going to the index tables directly (instead of ``queryset.search()``) is what keeps it fast:
Wagtail's queryset search ranks with a correlated subquery per row and cannot count facets.
"""

import heapq
from functools import reduce
from itertools import islice
from operator import and_

from core.textsearch import analysis_language

from ..facets import FACETS
from ..highlight import excerpt
from ..service import Hit, PracticeSearchEngine, SearchResults
from .fulltext import SQLITE_MMAP, AnyTerms, TextMatch
from .hitcache import live_practices
from .postings import Membership, members, postings

__all__ = ["SQLITE_MMAP", "DatabaseEngine"]


class DatabaseEngine(PracticeSearchEngine):
    name = "database"

    def search(self, query):
        text = query.text
        terms = text.terms
        if query.q and not text:
            # Only punctuation or stop words: nothing to look for, so nothing is found.
            return SearchResults(query, 0, [], {facet: {} for facet in FACETS})
        held = postings()
        count, facets, ids_scores = self._answer(query, held, self._matched(query, terms, held))
        partial = False
        if len(terms) > 1 and count < query.page_size:
            # Fewer practices than a page hold every word: those first, then those holding
            # most of them (the second match only when the first page is not full, so a
            # common query costs what it did). Phrases and exclusions hold in both passes.
            # ``partial``: none holds them all.
            all_words = count
            matched = self._matched(query, AnyTerms(terms), held)
            count, facets, ids_scores = self._answer(query, held, matched)
            partial = all_words == 0 and count > 0
        hits = self._hits(ids_scores, terms, text.languages)
        return SearchResults(query, count, hits, facets, partial=partial)

    def _matched(self, query, terms, held):
        """The live, public practices matching the text of ``query``, as a bit set, and the
        matches that score them (``phrases``; None without words or phrases: every practice
        matches).

        The full-text match comes from the database (on SQLite, word by word, through the
        cache of ``phrases``); which matches are live and public is a set operation on
        ``held``.
        """
        text = query.text
        if not terms:
            if not text.excluded:
                return held.live, None
            # Only exclusions: every practice but those holding an excluded word or phrase.
            excluded = TextMatch([], excluded=text.excluded_terms)
            return held.live & ~excluded.excluded_keys(held), None
        any_terms = isinstance(terms, AnyTerms)
        matches = TextMatch(
            terms,
            operator="OR" if any_terms else "AND",
            rank_by_coordination=any_terms,
            phrases=text.phrase_terms,
            excluded=text.excluded_terms,
            places=(text.countries, text.regions),
        ).matches(held)
        return matches.keys & held.live, matches

    def _answer(self, query, held, matched):
        """The count, every facet's counts and the page of (id, score) of the matches passing
        the filters of ``query``.

        Facet counts are disjunctive: a facet with an active filter is counted over the
        matches passing the years and every other facet's filter, not its own, so each of its
        values keeps the number it would add when ticked; a facet without a filter is counted
        over the matches passing every filter.
        """
        bits, matches = matched
        years = held.in_years(query.year_from, query.year_to)
        if years is not None:
            bits &= years
        active = {
            facet: held.having(facet, values)
            for facet, values in query.filters.items()
            if facet in FACETS and values
        }
        passing = reduce(and_, active.values(), bits)
        facets = {}
        for facet in FACETS:
            over = passing
            if facet in active:
                over = reduce(and_, (v for f, v in active.items() if f != facet), bits)
            counts = {}
            if over:
                for value, having in held.values.get(facet, {}).items():
                    number = (over & having).bit_count()
                    if number:
                        counts[value] = number
            facets[facet] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        return passing.bit_count(), facets, self._page(query, held, passing, matches)

    @staticmethod
    def _page(query, held, passing, matches):
        """(practice id, score) of the page of ``query`` among the practices (keys) of the bit
        set ``passing``,
        in its order; ties go to the newer practice (then the higher id), as in newest first.
        """
        offset = (query.page - 1) * query.page_size
        wanted = offset + query.page_size
        sort = query.effective_sort
        if not passing:
            return []
        if matches is None:  # no text: every practice scores 0
            order = held.by_title if sort == "title" else held.newest
            rank = held.title_rank if sort == "title" else held.newest_rank
            if passing.bit_count() * 8 < len(order):
                # Few: their ranks sorted, rather than a walk through every practice.
                ids = heapq.nsmallest(wanted, members(passing), key=rank.__getitem__)
            else:
                inside = Membership(passing)
                ids = list(islice((pk for pk in order if pk in inside), wanted))
            return [(held.practice(key), 0.0) for key in ids[offset:]]
        if sort == "relevance":
            best = matches.top(passing, wanted, held.newest_rank)
            top = [(key, s) for s, _, key in best[offset:]]
        else:
            scores = matches.scores(passing)  # every practice of ``passing`` is a match
            rank = held.title_rank if sort == "title" else held.newest_rank
            ordered = heapq.nsmallest(wanted, scores, key=rank.__getitem__)
            top = [(key, scores[key]) for key in ordered[offset:]]
        return [(held.practice(key), s) for key, s in top]

    def _hits(self, ids_scores, terms, languages):
        if not ids_scores:
            return []
        by_id = live_practices([pk for pk, _ in ids_scores])
        hits = []
        for pk, score in ids_scores:
            page = by_id.get(pk)
            if page is None:  # unpublished or deleted since the statement
                continue
            highlight = None
            if terms:
                # The words as the query's languages and the practice's own analyse them.
                read_in = (*languages, analysis_language(page.language))
                texts = [page.summary, page.title, page.description]
                highlight = excerpt(texts, terms, languages=tuple(dict.fromkeys(read_in)))
            hits.append(Hit(page, float(score) if terms else None, highlight))
        return hits

    # Suggestions (see search.suggestions): TF-IDF and the full-text index.

    def related_provisions(self, subject, limit=5):
        from .database_suggestions import related_provisions

        return related_provisions(subject, limit)

    def related_practices(self, provision, limit=5):
        from .database_suggestions import related_practices

        return related_practices(provision, limit)
