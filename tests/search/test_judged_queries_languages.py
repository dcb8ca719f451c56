"""The relevance floor of the judged queries typed in French, Spanish and Arabic
(data/queries-fr.json, -es, -ar) over the sample practices and those written in those
languages (data/practices-languages.json), each analysed in the file's language and English,
as `evaluate_search` measures them."""

import re
from io import StringIO

from django.conf import settings
from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db

DATA = settings.KB_DATA_DIR
SUMMARY = re.compile(r"(\d+) queries: mean nDCG@5 ([0-9.]+), mean recall@10 ([0-9.]+)")
# The floors: the mean nDCG@5 measured on SQLite (fr 1.000, es 0.925, ar 0.833), never above.
FLOORS = {"fr": 1.0, "es": 0.92, "ar": 0.83}


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_judged_queries_in_other_languages_keep_their_relevance(language_practices, language):
    out = StringIO()
    queries = DATA / f"queries-{language}.json"
    call_command("evaluate_search", queries=str(queries), min_ndcg=FLOORS[language], stdout=out)
    summary = out.getvalue().splitlines()[-1]
    assert SUMMARY.match(summary), out.getvalue()
    assert summary.endswith("no result 0%"), f"{queries}:\n{out.getvalue()}"


def test_arabic_queries_read_in_arabic_rank_better_than_in_english_alone(language_practices):
    """Read in English alone (transliterated, English stems), the Arabic queries rank their
    practices lower: the analysis in the visitor's language is what the floor measures."""
    scores = {}
    for language in ("ar", "en"):
        out = StringIO()
        queries = str(DATA / "queries-ar.json")
        call_command("evaluate_search", queries=queries, language=language, stdout=out)
        scores[language] = float(SUMMARY.match(out.getvalue().splitlines()[-1]).group(2))
    assert scores["ar"] > scores["en"], scores
