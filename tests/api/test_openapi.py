"""The OpenAPI document at /api/v1/schema/: valid, complete, and true to what the API answers."""

from django.http import QueryDict
from django.test import RequestFactory

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from api import exports, feeds, monitoring, params, views
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
)

pytestmark = pytest.mark.django_db

LIST_PATHS = {
    "/practices/": params.practice_parameters,
    "/frameworks/": lambda: params.FRAMEWORK_PARAMETERS,
    "/monitoring-notes/": lambda: params.MONITORING_PARAMETERS,
}
# Every view that reads a list of declared parameters, and the API path documenting that list:
# the CSV export and the Atom feed take the practice listing's parameters, as the API does.
READERS = {
    "api-practices": (views.practice_list, "/practices/"),
    "api-frameworks": (views.framework_list, "/frameworks/"),
    "csv-export": (exports.practices_csv, "/practices/"),
    "atom-feed": (feeds.practices_feed, "/practices/"),
    "api-monitoring-notes": (monitoring.note_list, "/monitoring-notes/"),
    "monitoring-csv": (monitoring.notes_csv, "/monitoring-notes/"),
    "monitoring-feed": (monitoring.notes_feed, "/monitoring-notes/"),
}


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


@pytest.fixture
def data(practice_index, framework_index):
    framework = FrameworkPageFactory(
        title="Kenya NAP",
        start_year=2020,
        end_year=2030,
        budget="allocated",
        me_framework="no",
        civil_society_roles_known=True,
        document_url="https://example.org/kenya-nap.pdf",
    )
    provision = ProvisionFactory(framework=framework, code="1.1")
    FrameworkPageFactory(title="Unknown period", country="YE")
    PracticePageFactory(
        title="Mediators",
        countries=["KE"],
        themes=["mediation"],
        organisations=[OrganisationFactory()],
        provisions=[(provision, "monitors")],
        start_year=2019,
        location="Isiolo",
        sources="https://example.org/report",
    )
    PracticePageFactory(title="Withheld", organisations=[OrganisationFactory()])
    return framework


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on any structural error
    assert document["servers"] == [{"url": "http://testserver/api/v1/"}]
    assert set(document["paths"]) == {
        "/practices/",
        "/practices/{id}/",
        "/frameworks/",
        "/frameworks/{id}/",
        "/monitoring-notes/",
    }
    assert "ignored" in document["info"]["description"]  # unknown parameters


class RecordingQueryDict(QueryDict):
    """A QueryDict that remembers which parameters were read."""

    def __init__(self):
        super().__init__(mutable=True)
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def parameters_read_by(view):
    request = RequestFactory().get("/")
    request.GET = RecordingQueryDict()
    response = view(request)
    assert response.status_code == 200
    return request.GET.read


@pytest.mark.parametrize("reader", sorted(READERS))
def test_documented_parameters_are_exactly_those_the_view_reads(document, reader):
    view, path = READERS[reader]
    declared = {param.name for param in LIST_PATHS[path]()}
    documented = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
    assert documented == declared
    assert parameters_read_by(view) == declared


def example_values(parameter):
    schema = parameter["schema"]
    if schema.get("type") == "array":
        schema = schema["items"]
    values = list(schema.get("enum", []))
    example = parameter["example"]
    values += example if isinstance(example, list) else [example]
    return values


@pytest.mark.parametrize("path", sorted(LIST_PATHS))
def test_every_documented_parameter_and_value_is_accepted(client, document, data, path):
    for parameter in document["paths"][path]["get"]["parameters"]:
        for value in example_values(parameter):
            response = client.get(f"/api/v1{path}", {parameter["name"]: value})
            assert response.status_code == 200, (parameter["name"], value, response.content)


@pytest.mark.parametrize("path", sorted(LIST_PATHS))
def test_integer_parameters_outside_their_documented_range_are_refused(
    client, document, data, path
):
    for parameter in document["paths"][path]["get"]["parameters"]:
        schema = parameter["schema"]
        if schema.get("type") != "integer":
            continue
        for value in (schema["minimum"] - 1, schema.get("maximum", 10**6) + 1, "x"):
            response = client.get(f"/api/v1{path}", {parameter["name"]: value})
            assert response.status_code == 400, (parameter["name"], value)
            assert response.json()["parameter"] == parameter["name"]


def validator(document, name):
    schema = {**document, "$ref": f"#/components/schemas/{name}"}
    return Draft202012Validator(schema)


def assert_matches(document, name, instance):
    errors = [error.message for error in validator(document, name).iter_errors(instance)]
    assert errors == [], errors


def test_responses_match_their_documented_schemas(client, document, data):
    practice_id = client.get("/api/v1/practices/").json()["results"][0]["id"]
    cases = [
        ("/api/v1/practices/", "PracticeList"),
        ("/api/v1/practices/?q=mediators&country=KE", "PracticeList"),
        ("/api/v1/practices/?page=99", "PracticeList"),
        (f"/api/v1/practices/{practice_id}/", "PracticeDetail"),
        ("/api/v1/frameworks/", "FrameworkList"),
        (f"/api/v1/frameworks/{data.pk}/", "FrameworkDetail"),
        ("/api/v1/practices/?page=0", "Error"),
        ("/api/v1/practices/0/", "Error"),
        ("/api/v1/monitoring-notes/", "MonitoringNoteList"),
        ("/api/v1/monitoring-notes/?provision=0", "Error"),
    ]
    for url, name in cases:
        assert_matches(document, name, client.get(url).json())


def test_plan_facts_are_documented_with_their_unknown_values(document):
    framework = document["components"]["schemas"]["Framework"]
    properties = framework["properties"]
    assert properties["budget"]["enum"] == ["allocated", "not-allocated", "unknown"]
    assert properties["me_framework"]["enum"] == ["yes", "no", "unknown"]
    roles = properties["civil_society_roles"]
    assert roles["type"] == ["array", "null"]
    assert roles["items"]["enum"] == ["drafting", "implementation", "monitoring"]
    assert properties["document_url"]["format"] == "uri"
    assert {"budget", "me_framework", "civil_society_roles", "document_url"} <= set(
        framework["required"]
    )


def test_documented_schemas_are_not_vacuous(document):
    # A result missing a key, or with an extra one, does not match.
    practice = validator(document, "Practice")
    assert not practice.is_valid({"id": 1})
    assert not validator(document, "Error").is_valid({"error": "x", "detail": "y"})
    assert "highlight" in document["components"]["schemas"]["Practice"]["properties"]
    assert (
        "<mark>"
        in document["components"]["schemas"]["Practice"]["properties"]["highlight"]["description"]
    )
