"""The more_like_this requests of the suggestions (see ``search.suggestions``) on Elasticsearch.

The candidates are those of the database engine: for a subject, the provisions of live
frameworks of its countries plus regional and global frameworks, not those it excludes; for a
provision, the live, public practices of its framework's country (any country for a regional or
global framework), not yet linked. The similarity is Elasticsearch's ``more_like_this``: the
most distinctive terms of the text, scored against the candidates.
"""

from elasticsearch.dsl import Q, Search

from core.textsearch import STOPWORDS

from ..suggestions import SUPRANATIONAL


def _more_like_this(fields, text):
    return Q(
        "more_like_this",
        fields=fields,
        like=text,
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
        # Provisions are a sentence or two: one distinctive word in common is a candidate,
        # the score decides the order.
        minimum_should_match="1",
        stop_words=sorted(STOPWORDS),
    )


def _body(must, filters, excluded_ids, sort, limit):
    clauses = {"must": [must]}
    if filters:
        clauses["filter"] = filters
    if excluded_ids:
        clauses["must_not"] = [Q("ids", values=[str(pk) for pk in sorted(excluded_ids)])]
    search = Search().query(Q("bool", **clauses)).sort({"_score": {"order": "desc"}}, sort)
    return search.extra(size=limit, track_scores=True).source(False).to_dict()


def related_provisions_body(subject, limit=5):
    frameworks = [Q("terms", framework_kind=[str(kind) for kind in SUPRANATIONAL])]
    if subject.countries:
        frameworks.append(Q("terms", framework_country=list(subject.countries)))
    like = _more_like_this(["text", "framework_title"], subject.text)
    return _body(
        like, [Q("bool", should=frameworks)], subject.exclude_ids, {"id": {"order": "asc"}}, limit
    )


def related_practices_body(provision, limit=5):
    framework = provision.framework
    text = "\n".join(t for t in (provision.text, framework.title) if t)
    filters = []
    if framework.kind not in SUPRANATIONAL and framework.country:
        filters.append(Q("terms", country=[framework.country]))
    linked = set(provision.practice_links.values_list("practice_id", flat=True))
    like = _more_like_this(["title", "summary", "body"], text)
    return _body(like, filters, linked, {"id": {"order": "desc"}}, limit)
