"""The parameters of the open data endpoints: the one declaration their readers share.

The JSON API's views (``api.views``), the CSV export and the Atom feed read the practice
parameters with ``practice_query``, the frameworks' with ``FrameworkQuery.from_params``;
``api.openapi`` documents ``practice_parameters()`` (whose facets are those of the registry,
``search.facets.FACETS``) and ``FRAMEWORK_PARAMETERS``, and a test checks that each endpoint
reads exactly the parameters declared for it.
"""

from dataclasses import dataclass, field

from core.countries import lookup
from core.textsearch import ANALYSED_LANGUAGES, analysis_language
from core.vocabulary import Agenda, FrameworkKind, FrameworkStatus, ObservedStatus
from search.facets import FACETS
from search.query import (
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FACET,
    SORTS,
    BadParameter,
    PracticeQuery,
    clean_text,
    positive_int,
)

API_PAGE_SIZE = 20


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict = field(default_factory=lambda: {"type": "string"})
    repeatable: bool = False
    example: object = None


def _vocabulary(choices):
    return {"type": "string", "enum": list(choices.values)}


YEAR = {"type": "integer", "minimum": 1900}
UNKNOWN_MATCHES_NOTHING = "A value outside the known ones matches nothing (it is not an error)."

Q = Param(
    "q",
    "Words to search for, in plain text. Practices with all the words come first, then those "
    "with some of them, ranked by their text score and the share of the words they hold (with "
    "the database engine, only when those with all the words do not fill the page); stop words "
    "are ignored, and word forms, "
    "accents and British or American spellings do not matter ('mediators' finds 'mediator'). "
    'A quoted phrase (`"peace huts"`) must match with its words next to each other, in order; '
    "a word or quoted phrase after a leading `-` (`-military`) must not match, and `q` of only "
    "such exclusions lists every other practice. Practices in a country or region named "
    "(`radio Kenya`, `East Africa`) rank first among those with all the words, and higher "
    "among the others. Any other "
    f"character is plain text, never an operator. Only the first {MAX_QUERY_LENGTH} characters "
    "are read.",
    example="mediation",
)
PAGE = Param(
    "page",
    "Page number, from 1. A page past the last answers an empty `results` list.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    example=1,
)
PAGE_SIZE = Param(
    "page_size",
    f"Results per page, at most {MAX_PAGE_SIZE}.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": API_PAGE_SIZE},
    example=50,
)

YEAR_FROM = Param(
    "year_from",
    "Keep practices whose period reaches this year or later (an ongoing practice runs to "
    "this day; one without a start year is left out). At most ten years from now.",
    YEAR,
    example=2015,
)
YEAR_TO = Param(
    "year_to",
    "Keep practices that started in this year or earlier. Not before `year_from`.",
    YEAR,
    example=2020,
)
SORT = Param(
    "sort",
    "Order: `relevance` (the default when `q` is given), `newest` (first published, the "
    "default otherwise) or `title`.",
    {"type": "string", "enum": list(SORTS)},
    example="title",
)


def facet_parameter(facet):
    """The parameter of a facet of the registry: repeatable, its codes as the enum if closed."""
    schema = {"type": "string"}
    if facet.vocabulary.codes is not None:
        schema["enum"] = list(facet.vocabulary.codes)
    return Param(
        facet.name,
        f"{facet.description} {UNKNOWN_MATCHES_NOTHING}",
        schema,
        repeatable=True,
        example=facet.example,
    )


LANG = Param(
    "lang",
    "The language `q` is written in, besides English: each word of `q` matches its form in "
    "that language or in English ('médiatrices' with `lang=fr` finds 'médiatrice'). One of "
    f"{', '.join(f'`{code}`' for code in ANALYSED_LANGUAGES)}, or a regional variant of one "
    "(`fr-CA` reads as `fr`); any other value, or none, reads `q` in English only (it is not "
    "an error). When repeated, the last counts.",
    {"type": "string", "enum": list(ANALYSED_LANGUAGES)},
    example="fr",
)


def practice_parameters():
    """The parameters of the practice list, the CSV export and the feed, in the registry's
    facets as they are now (a facet registered later is a parameter too)."""
    facets = tuple(facet_parameter(facet) for facet in FACETS.values())
    return (Q, LANG, *facets, YEAR_FROM, YEAR_TO, SORT, PAGE, PAGE_SIZE)


FRAMEWORK_FILTERS = ("kind", "country", "agenda", "status")
FRAMEWORK_PARAMETERS = (
    Param(
        "q",
        "Words to search for in the title, UN symbol, summary, organisation, lead institution "
        "and country; every word must match.",
        example="resolution",
    ),
    Param(
        "kind",
        "Kind of framework; repeatable. " + UNKNOWN_MATCHES_NOTHING,
        _vocabulary(FrameworkKind),
        repeatable=True,
        example="nap",
    ),
    Param(
        "country",
        "ISO 3166-1 country code (alpha-2 or alpha-3); repeatable. " + UNKNOWN_MATCHES_NOTHING,
        repeatable=True,
        example="KE",
    ),
    Param(
        "agenda",
        "Agenda the framework serves; repeatable. " + UNKNOWN_MATCHES_NOTHING,
        _vocabulary(Agenda),
        repeatable=True,
        example="WPS",
    ),
    Param(
        "status",
        "Status this year, derived from the period (a plan without an end year runs until "
        "the next plan of its country starts); repeatable. " + UNKNOWN_MATCHES_NOTHING,
        _vocabulary(FrameworkStatus),
        repeatable=True,
        example="active",
    ),
    PAGE,
    PAGE_SIZE,
)


def practice_query(params):
    """The practice search query of a request's parameters (raises ``BadParameter``)."""
    language = clean_text(params.get("lang", ""))[:16].strip()
    return PracticeQuery.from_params(
        params, default_page_size=API_PAGE_SIZE, language=analysis_language(language)
    )


@dataclass(frozen=True)
class FrameworkQuery:
    q: str = ""
    filters: dict = field(default_factory=dict)
    page: int = 1
    page_size: int = API_PAGE_SIZE

    @classmethod
    def from_params(cls, params):
        q = clean_text(params.get("q", ""))[:MAX_QUERY_LENGTH].strip()
        filters = {}
        for name in FRAMEWORK_FILTERS:
            values = filter_values(params, name)
            if values:
                filters[name] = values
        page = positive_int(params, "page", 1, maximum=MAX_PAGE)
        page_size = positive_int(params, "page_size", API_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        return cls(q, filters, page, page_size)


def filter_values(params, name):
    """The distinct values of a repeatable filter: cleaned, at most ``MAX_VALUES_PER_FACET``
    (else ``BadParameter``), countries as ISO alpha-2 codes."""
    values = [clean_text(v).strip()[:255] for v in params.getlist(name)]
    values = [v for v in values if v]
    if len(values) > MAX_VALUES_PER_FACET:
        raise BadParameter(name, f"at most {MAX_VALUES_PER_FACET} values")
    if name == "country":
        values = [(lookup(v).code if lookup(v) else v.upper()) for v in values]
    return frozenset(values)


# Database integers are at most 64-bit signed.
MAX_ID = 2**63 - 1
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
MONITORING_PARAMETERS = (
    Param(
        "provision",
        "Id of a provision (as in `/frameworks/{id}/`'s `provisions`); repeatable.",
        ID_SCHEMA,
        repeatable=True,
        example=12,
    ),
    Param(
        "framework",
        "Id of a framework (`/frameworks/`); repeatable.",
        ID_SCHEMA,
        repeatable=True,
        example=3,
    ),
    Param(
        "country",
        "ISO 3166-1 country code (alpha-2 or alpha-3) of the framework; repeatable. "
        + UNKNOWN_MATCHES_NOTHING,
        repeatable=True,
        example="KE",
    ),
    Param(
        "status",
        "The status observed; repeatable. " + UNKNOWN_MATCHES_NOTHING,
        _vocabulary(ObservedStatus),
        repeatable=True,
        example="stalled-or-reversed",
    ),
    PAGE,
    PAGE_SIZE,
)


def _ids(params, name):
    values = [clean_text(v).strip() for v in params.getlist(name)]
    values = [v for v in values if v]
    if len(values) > MAX_VALUES_PER_FACET:
        raise BadParameter(name, f"at most {MAX_VALUES_PER_FACET} values")
    ids = []
    for value in values:
        if not value.isascii() or not value.isdigit() or len(value) > 19:
            raise BadParameter(name, f"must be a whole number between 1 and {MAX_ID}")
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise BadParameter(name, f"must be a whole number between 1 and {MAX_ID}")
        ids.append(number)
    return frozenset(ids)


@dataclass(frozen=True)
class MonitoringQuery:
    filters: dict = field(default_factory=dict)
    page: int = 1
    page_size: int = API_PAGE_SIZE

    @classmethod
    def from_params(cls, params):
        filters = {}
        for name in ("provision", "framework"):
            ids = _ids(params, name)
            if ids:
                filters[name] = ids
        for name in ("country", "status"):
            values = filter_values(params, name)
            if values:
                filters[name] = values
        page = positive_int(params, "page", 1, maximum=MAX_PAGE)
        page_size = positive_int(params, "page_size", API_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        return cls(filters, page, page_size)

    def apply(self, notes):
        """``notes`` (a MonitoringNote queryset) narrowed by the filters."""
        lookups = {
            "provision": "provision_id__in",
            "framework": "provision__framework_id__in",
            "country": "provision__framework__country__in",
            "status": "status__in",
        }
        for name, values in self.filters.items():
            notes = notes.filter(**{lookups[name]: list(values)})
        return notes
