"""Nothing a client sends produces a server error, on any public search surface; and facet counts
are what counting by hand over random data gives (property-based tests with hypothesis)."""

import csv
import io
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.countries import region_of
from search.facets import FACETS
from tests.factories import PracticePageFactory, draft
from tests.utils import shared_rows

pytestmark = pytest.mark.django_db

LISTING = "/practices/"
API = "/api/v1/practices/"
CSV = "/practices/export.csv"
FEED = "/practices/feed/"
FRAMEWORKS = "/api/v1/frameworks/"
SITE_SEARCH = "/search/"
SURFACES = (LISTING, API, CSV, FEED, SITE_SEARCH)
PARAMETERS = (
    "q",
    *FACETS,
    "year_from",
    "year_to",
    "sort",
    "page",
    "page_size",
    "kind",
    "status",
    "unknown",
)
HOSTILE_WORDS = [
    '"',
    "'",
    "*",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR/2",
    "(",
    ")",
    "^",
    "-",
    "+",
    ":",
    "{title}:",
    "title:",
    "\\",
    "%",
    "&",
    "|",
    "!",
    "<script>",
    "mediation",
    "women",
    "🙂",
    "👩🏽‍⚖️",
    "سلام",
    "שלום",
    "\u202e",
    "\u200f",
    "\x00",
    "\x01",
    "\x1b",
    "\ufeff",
    "\uffff",
    "Ⅻ",
    "ﬁ",
    "İ",
    "\n",
    "\t",
    "0",
    "-1",
    "1e309",
    "99999999999999999999999999",
]

hostile_text = st.lists(st.sampled_from(HOSTILE_WORDS), max_size=12).map(" ".join)
long_text = st.builds(
    lambda part, times: (part * times)[:10_000],
    st.text(min_size=1, max_size=8),
    st.integers(min_value=500, max_value=10_000),
)
any_text = st.one_of(st.text(max_size=300), hostile_text, long_text)
any_value = st.one_of(
    any_text,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["WPS", "local", "africa", "KE", "KEN", "prevention", "title", "2015", ""]),
)
any_params = st.lists(st.tuples(st.sampled_from(PARAMETERS), any_value), max_size=8)
# Raw query strings: broken percent-encodings, invalid UTF-8, bare separators.
raw_query = st.lists(
    st.one_of(
        st.binary(min_size=1, max_size=12).map(lambda b: "".join(f"%{x:02X}" for x in b)),
        st.sampled_from(["%", "%G0", "%0", "&", "=", "==", ";", "+", "%00", "%ED%A0%80", "q"]),
        st.sampled_from(PARAMETERS).map(lambda name: f"{name}="),
    ),
    max_size=12,
).map("".join)

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def build_practices():
    PracticePageFactory(
        title="Women mediators of Wajir",
        countries=["KE"],
        themes=["mediation"],
        start_year=2015,
    )
    PracticePageFactory(title="Radio in Yemen", countries=["YE"], agendas=["YPS"])
    draft(PracticePageFactory(title="A draft"))


@pytest.fixture(scope="class")
def practice_rows(django_db_setup, django_db_blocker):
    yield from shared_rows(django_db_blocker, build_practices)


def check(client, path, query_string):
    response = client.get(f"{path}?{query_string}")
    assert response.status_code in (200, 400), (path, query_string, response.status_code)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8")
    if path in (API, FRAMEWORKS):
        data = response.json()
        assert ("error" in data) == (response.status_code == 400)
    elif response.status_code == 200 and path == FEED:
        ElementTree.fromstring(body)  # noqa: S314 - well-formed whatever was asked
    elif response.status_code == 200 and path == CSV:
        list(csv.reader(io.StringIO(body)))
    assert "A draft" not in body


# Words that mean something to a search backend's query syntax (FTS5, tsquery, Lucene), each
# alone and glued to a word, since "women or '"women' are parsed differently from '"'.
QUERY_SYNTAX = ['"', "'", "(", ")", "*", "NEAR", "NEAR(", "AND", "OR", "NOT", "-", "^", ":", "+"]


class TestOverThreePractices:
    """Every surface over the same two published practices and a draft, made once for the
    class (each test's own changes, if any, are rolled back after it)."""

    @pytest.fixture
    def practices(self, db, practice_rows):
        return practice_rows

    @HYPOTHESIS
    @given(q=any_text)
    def test_any_q_answers_200_or_400_everywhere(self, client, practices, q):
        for path in (*SURFACES, FRAMEWORKS):
            check(client, path, urlencode({"q": q}))

    @pytest.mark.parametrize(
        "q",
        [
            *QUERY_SYNTAX,
            *(f"{syntax}women" for syntax in QUERY_SYNTAX),
            *(f"women {syntax} mediators" for syntax in QUERY_SYNTAX),
            '"women',
            "women*",
            "title:women",
            "(women OR mediators) AND NOT radio",
        ],
    )
    def test_query_syntax_is_searched_as_plain_words_everywhere(self, client, practices, q):
        for path in (*SURFACES, FRAMEWORKS):
            check(client, path, urlencode({"q": q}))

    @HYPOTHESIS
    @given(params=any_params)
    def test_any_parameter_values_answer_200_or_400_everywhere(self, client, practices, params):
        for path in (*SURFACES, FRAMEWORKS):
            check(client, path, urlencode(params))

    @HYPOTHESIS
    @given(query_string=raw_query)
    def test_any_raw_query_string_answers_200_or_400_everywhere(
        self, client, practices, query_string
    ):
        for path in (*SURFACES, FRAMEWORKS):
            check(client, path, query_string)

    @pytest.mark.parametrize(
        "query_string",
        [
            "q=%00",
            "q=mediation%00AND%00women",
            "country=K%00E",
            "theme=%00",
            "q=" + "women+" * 2000,
            "q=" + "a" * 10_000,
            "q=%F0%9F%99%82",  # emoji
            "q=%D8%B3%D9%84%D8%A7%D9%85",  # Arabic
            "q=%FF%FE%FD",  # not UTF-8
            "q=%C3%28",
            "q=%ED%A0%80",  # an encoded surrogate
            "q=%",
            "q=%%%",
            "page=99999999999999999999999999999",
            "page=100000&page_size=100",
            "page=1&page=abc",
            "page_size=1e3",
            "year_from=-2015",
            "year_to=%00",
            "sort=title&sort=newest&sort=oops",
            "agenda=WPS&agenda=WPS&agenda=WPS",
            "&&&===&&",
            "q=NEAR(mediation%20women,%202)",
            'q="unterminated',
            "q=*",
            "q=mediation%20OR%20(women%20AND%20NOT%20peace)",
        ],
    )
    def test_known_hostile_inputs(self, client, practices, query_string):
        for path in (*SURFACES, FRAMEWORKS):
            check(client, path, query_string)

    def test_the_largest_page_answers_an_empty_page(self, client, practices):
        data = client.get(API + "?page=100000&page_size=100").json()
        assert data["results"] == [] and data["count"] == 2


# --- facet counts by brute force ---------------------------------------------------------------

AGENDAS = ["WPS", "YPS", "SP"]
LEVELS = ["local", "national", "regional"]
COUNTRIES = ["KE", "CI", "YE", "FR"]
PILLARS = ["prevention", "protection", "participation"]
THEMES = ["mediation", "media", "early warning"]
WORDS = ["radio", "shelter", "garden"]

practice_specs = st.fixed_dictionaries(
    {
        "published": st.booleans(),
        "word": st.sampled_from(WORDS),
        "agendas": st.lists(st.sampled_from(AGENDAS), unique=True, max_size=2),
        "level": st.sampled_from(LEVELS),
        "countries": st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=2),
        "pillars": st.lists(st.sampled_from(PILLARS), unique=True, max_size=2),
        "themes": st.lists(st.sampled_from(THEMES), unique=True, max_size=2),
        "start_year": st.one_of(st.none(), st.integers(2000, 2010)),
        "length": st.one_of(st.none(), st.integers(0, 6)),
    }
)
UNIVERSE = {
    "agenda": AGENDAS,
    "level": LEVELS,
    "region": ["africa", "arab-states", "europe-central-asia"],
    "country": COUNTRIES,
    "pillar": PILLARS,
    "theme": THEMES,
}
queries = st.fixed_dictionaries(
    {
        facet: st.lists(st.sampled_from(values), unique=True, max_size=2)
        for facet, values in UNIVERSE.items()
    },
    optional={
        "q": st.sampled_from(WORDS),
        "year_from": st.integers(2000, 2012),
        "year_to": st.integers(2000, 2012),
    },
)


def facet_values(spec):
    return {
        "agenda": set(spec["agendas"]),
        "level": {spec["level"]},
        "region": {region_of(code) for code in spec["countries"]},
        "country": set(spec["countries"]),
        "pillar": set(spec["pillars"]),
        "theme": set(spec["themes"]),
    }


def matches(spec, query):
    values = facet_values(spec)
    if any(query[f] and not values[f] & set(query[f]) for f in FACETS):
        return False
    if "q" in query and query["q"] != spec["word"]:
        return False
    start = spec["start_year"]
    end = None if start is None or spec["length"] is None else start + spec["length"]
    if "year_from" in query and (start is None or (end is not None and end < query["year_from"])):
        return False
    return not ("year_to" in query and (start is None or start > query["year_to"]))


def expected_facets(specs, query):
    """Each facet counted over the practices matching every filter but its own (disjunctive)."""
    counts = {facet: {} for facet in FACETS}
    for facet in FACETS:
        others = {**query, facet: []}
        for spec in specs:
            if spec["published"] and matches(spec, others):
                for value in facet_values(spec)[facet]:
                    counts[facet][value] = counts[facet].get(value, 0) + 1
    return counts


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(practice_specs, max_size=5), query=queries)
def test_facet_counts_equal_counts_by_hand(client, practice_index, specs, query):
    pages = []
    try:
        for n, spec in enumerate(specs):
            start = spec["start_year"]
            page = PracticePageFactory(
                title=f"Practice {n} {spec['word']}",
                agendas=spec["agendas"],
                level=spec["level"],
                countries=spec["countries"],
                pillars=spec["pillars"],
                themes=spec["themes"],
                start_year=start,
                end_year=None
                if start is None or spec["length"] is None
                else start + spec["length"],
            )
            pages.append(page)
            if not spec["published"]:
                draft(page)
        if "year_from" in query and "year_to" in query and query["year_from"] > query["year_to"]:
            query["year_from"], query["year_to"] = query["year_to"], query["year_from"]
        params = [(facet, value) for facet in FACETS for value in query[facet]]
        params += [(name, query[name]) for name in ("q", "year_from", "year_to") if name in query]
        data = client.get(API, params).json()
        expected = expected_facets(specs, query)
        assert data["facets"] == expected
        assert data["count"] == sum(1 for s in specs if s["published"] and matches(s, query))
        # Most frequent first, as documented.
        for counts in data["facets"].values():
            assert list(counts.values()) == sorted(counts.values(), reverse=True)
    finally:
        for page in pages:
            page.delete()
