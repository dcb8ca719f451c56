"""Links by similarity: the provisions a practice may implement, the practices a provision may
have inspired, found by full-text similarity and not yet linked.

Practice → provisions: the candidates are the provisions of live frameworks of the practice's
countries, plus regional and global frameworks. They are few (hundreds), so they are ranked
here by TF-IDF cosine similarity of their normalised text with the practice's text, the same on
every database. Provision → practices: the candidates can be many (every practice of a country),
so the database engine's full-text index answers an OR query of the provision's rarest words.
On Elasticsearch, the engine answers both with more_like_this over the same candidates.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from core.textsearch import STOPWORDS, stem, words
from core.vocabulary import FrameworkKind
from frameworks.models import Provision
from practices.models import PracticePage

from ..service import get_engine
from .database import TextMatch

MIN_SCORE = 0.05
SUPRANATIONAL = (FrameworkKind.RAP, FrameworkKind.GLOBAL)


def terms_of(*texts):
    return [stem(word) for text in texts for word in words(text) if word not in STOPWORDS]


def practice_words(practice):
    """The practice's own texts that suggestions compare with provisions (both engines)."""
    return (
        practice.title,
        practice.summary,
        practice.description,
        practice.activities,
        practice.outcomes,
        " ".join(practice.theme_names),
    )


def practice_text(practice):
    return terms_of(*practice_words(practice))


def provision_text(provision):
    return terms_of(provision.text, provision.framework.title if provision.framework_id else "")


@dataclass
class Suggestion:
    item: object
    score: float


def _vector(terms, idf):
    counts = Counter(t for t in terms if t in idf)
    vector = {t: (1 + math.log(n)) * idf[t] for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def candidate_provisions(practice, include_linked=False, any_country=False):
    provisions = Provision.objects.filter(framework__live=True).select_related("framework")
    if not any_country:
        frameworks = Q(framework__kind__in=SUPRANATIONAL)
        if practice.country_codes:
            frameworks |= Q(framework__country__in=practice.country_codes)
        provisions = provisions.filter(frameworks)
    if not include_linked:
        # The practice may be an unsaved revision: read its links from the object.
        linked = {link.provision_id for link in practice.provision_links.all()}
        provisions = provisions.exclude(pk__in=linked)
    return provisions


def related_provisions(practice, limit=5, include_linked=False, any_country=False):
    """Provisions the practice may implement, most similar first.

    ``include_linked`` and ``any_country`` exist for measuring the suggestions (see the
    ``evaluate_suggestions`` command), not for the pages. An engine that has its own way
    (Elasticsearch's more_like_this) answers; otherwise TF-IDF here.
    """
    engine_method = getattr(get_engine(), "related_provisions", None)
    if engine_method is not None:
        return engine_method(
            practice, limit=limit, include_linked=include_linked, any_country=any_country
        )
    return related_provisions_by_tfidf(practice, limit, include_linked, any_country)


def related_provisions_by_tfidf(practice, limit=5, include_linked=False, any_country=False):
    candidates = list(candidate_provisions(practice, include_linked, any_country))
    if not candidates:
        return []
    documents = [provision_text(p) for p in candidates]
    df = Counter(t for doc in documents for t in set(doc))
    total = len(documents) + 1
    idf = {t: math.log(total / (1 + n)) + 1 for t, n in df.items()}
    query = _vector(practice_text(practice), idf)
    if not query:
        return []
    scored = []
    for provision, doc in zip(candidates, documents, strict=True):
        vector = _vector(doc, idf)
        score = sum(weight * vector.get(t, 0.0) for t, weight in query.items())
        if score >= MIN_SCORE:
            scored.append(Suggestion(provision, round(score, 4)))
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
    """Published practices that may implement the provision, most similar first."""
    engine_method = getattr(get_engine(), "related_practices", None)
    if engine_method is not None:
        return engine_method(provision, limit=limit)
    return related_practices_by_text(provision, limit)


def related_practices_by_text(provision, limit=5):
    """The database engine's way: its full-text index, an OR of the provision's rarest words."""
    terms = _rarest_terms(provision_text(provision))
    if not terms:
        return []
    practices = PracticePage.objects.live().public().exclude(provision_links__provision=provision)
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
