"""The database engine's suggestions (see ``search.suggestions``): TF-IDF and its full-text index.

Subject → provisions: the candidates are few (hundreds), so they are ranked here by TF-IDF
cosine similarity of their normalised text with the subject's text, the same on every database.
Provision → practices: the candidates can be many (every practice of a country), so the
database engine's full-text index answers an OR query of the provision's rarest words.
"""

import math
from collections import Counter

from django.db import connection
from django.db.models import Q

from core.textsearch import STOPWORDS, stem, words
from frameworks.models import FrameworkPage, Provision
from practices.models import PracticePage, PracticeProvisionLink

from ..suggestions import SUPRANATIONAL, Suggestion
from .fulltext import TextMatch
from .postings import originals

# The least similarity of words a provision needs to be suggested at all: low, because the
# count of published practices that carry a provision out (below) then ranks the weak matches
# too; at 0.05 the paragraphs most practices carry out, in general words, were cut before it
# could.
MIN_SCORE = 0.02
# How much the number of published practices that carry a provision out adds to its score (the
# similarity of its words, scaled so that the best match is 1): PRIOR_WEIGHT * log(1 + n). At
# 0.2, a provision five practices carry out gains about a third of the best match's score: it
# moves up among the matches, it never comes in without matching words.
PRIOR_WEIGHT = 0.2


def terms_of(*texts):
    return [stem(word) for text in texts for word in words(text) if word not in STOPWORDS]


def provision_text(provision):
    return terms_of(provision.text, provision.framework.title if provision.framework_id else "")


def _vector(terms, idf):
    counts = Counter(t for t in terms if t in idf)
    vector = {t: (1 + math.log(n)) * idf[t] for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def candidate_provisions(subject):
    frameworks = Q(framework__kind__in=SUPRANATIONAL)
    if subject.countries:
        frameworks |= Q(framework__country__in=subject.countries)
    return (
        Provision.objects.filter(framework__in=FrameworkPage.objects.live().public().values("pk"))
        .filter(frameworks)
        .exclude(pk__in=subject.exclude_ids)
        .select_related("framework")
    )


def practices_carrying_out(provision_ids, ignore_practice=None):
    """How many live, public practices link to each provision (never a draft's links: what
    an unpublished practice says must not show anywhere), less ``ignore_practice``'s."""
    links = PracticeProvisionLink.objects.filter(
        provision_id__in=provision_ids,
        # A translation carries out what its original does: the practice counts once.
        practice__in=originals(PracticePage.objects.live().public()).values("pk"),
    )
    if ignore_practice is not None:
        links = links.exclude(practice_id=ignore_practice)
    return Counter(links.values_list("provision_id", flat=True))


def related_provisions(subject, limit=5):
    """Provisions the subject may implement, most similar first."""
    query_terms = terms_of(subject.text)
    if not query_terms:
        return []
    candidates = list(candidate_provisions(subject))
    if not candidates:
        return []
    documents = [provision_text(p) for p in candidates]
    df = Counter(t for doc in documents for t in set(doc))
    total = len(documents) + 1
    idf = {t: math.log(total / (1 + n)) + 1 for t, n in df.items()}
    query = _vector(query_terms, idf)
    if not query:
        return []
    matches = []
    for provision, doc in zip(candidates, documents, strict=True):
        vector = _vector(doc, idf)
        score = sum(weight * vector.get(t, 0.0) for t, weight in query.items())
        if score >= MIN_SCORE:
            matches.append((provision, score))
    if not matches:
        return []
    best = max(score for _, score in matches)
    carried_out = practices_carrying_out([p.pk for p, _ in matches], subject.ignore_links_of)
    scored = [
        Suggestion(
            provision,
            round(score / best + PRIOR_WEIGHT * math.log1p(carried_out.get(provision.pk, 0)), 4),
        )
        for provision, score in matches
    ]
    scored.sort(key=lambda s: (-s.score, s.item.framework.title, s.item.sort_order or 0))
    return scored[:limit]


def _rarest_terms(terms, limit=12):
    """The query's terms that are rarest among practices (rare words say the most)."""
    distinct = list(dict.fromkeys(terms))
    if not distinct:
        return []
    counts = {}
    for term in distinct:
        sql, params = TextMatch([term]).sql(with_score=False)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS t", params)  # noqa: S608
            counts[term] = cursor.fetchone()[0]
    found = [t for t in distinct if counts[t]]
    return sorted(found, key=lambda t: (counts[t], distinct.index(t)))[:limit]


def related_practices(provision, limit=5):
    """Published practices that may implement the provision, most similar first: the full-text
    index, an OR of the provision's rarest words."""
    terms = _rarest_terms(provision_text(provision))
    if not terms:
        return []
    # A translation is found through its original, never beside it.
    practices = originals(PracticePage.objects.live().public()).exclude(
        provision_links__provision=provision
    )
    if provision.framework.kind not in SUPRANATIONAL and provision.framework.country:
        practices = practices.filter(countries__country=provision.framework.country)
    base_sql, base_params = practices.values("pk").query.sql_with_params()
    text_sql, text_params = TextMatch(terms, operator="OR").sql(with_score=True)
    sql = (
        f"SELECT t.id, t.score FROM ({text_sql}) AS t WHERE t.id IN ({base_sql}) "  # noqa: S608
        f"ORDER BY t.score DESC, t.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*text_params, *base_params, limit])
        rows = cursor.fetchall()
    pages = PracticePage.objects.in_bulk([pk for pk, _ in rows])
    return [Suggestion(pages[pk], round(float(score), 4)) for pk, score in rows if pk in pages]
