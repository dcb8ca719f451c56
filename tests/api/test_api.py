"""The JSON API at /api/v1/: the contract of product.md, parameter by parameter."""

import io
import json

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from core.vocabulary import FrameworkKind
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    draft,
)
from tests.utils import fresh, shared_rows

pytestmark = pytest.mark.django_db

RESULT_KEYS = [
    "id",
    "external_id",
    "title",
    "url",
    "summary",
    "organisations",
    "credit_line",
    "countries",
    "region",
    "level",
    "agendas",
    "pillars",
    "themes",
    "start_year",
    "end_year",
    "provisions",
]

FACET_KEYS = ["agenda", "level", "region", "country", "pillar", "theme"]

SECRET_NAME = "Amina Secret-Contact"

SECRET_EMAIL = "amina.secret@example.org"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def first_provision_url(practice):
    return practice.live_provision_links[0].provision.url


def titles(data):
    return [result["title"] for result in data["results"]]


def build_frameworks():
    kenya = FrameworkPageFactory(
        title="Kenya NAP II",
        external_id="nap-ke-2",
        country="KE",
        generation=2,
        start_year=2020,
        end_year=2024,
        agendas=["WPS"],
    )
    global_one = FrameworkPageFactory(
        title="Resolution 2250",
        external_id="global-2250",
        kind=FrameworkKind.GLOBAL,
        symbol="S/RES/2250",
        country="",
        generation=None,
        adopted_year=2015,
        agendas=["YPS"],
        summary="Youth, peace and security.",
    )
    future = FrameworkPageFactory(
        title="Yemen NAP",
        external_id="nap-ye-1",
        country="YE",
        start_year=2090,
        end_year=2095,
        agendas=["WPS", "YPS"],
    )
    hidden = FrameworkPageFactory(title="Draft plan of Kenya", external_id="nap-ke-3")
    h1 = ProvisionFactory(framework=hidden, code="9.9")
    draft(hidden)
    return {
        "kenya": kenya,
        "global": global_one,
        "future": future,
        "hidden": hidden,
        "k23": ProvisionFactory(framework=kenya, code="2.3", pillar="participation"),
        "g1": ProvisionFactory(framework=global_one, code="1", pillar="participation"),
        "h1": h1,
    }


def build_practices(frameworks):
    network = OrganisationFactory(name="Wajir Peace Network")
    secret_org = OrganisationFactory(name="Hidden Defenders Collective")
    return {
        "wajir": PracticePageFactory(
            title="Women mediators of Wajir",
            summary="Market women mediate between clans.",
            description="Elders and youth meet monthly.",
            countries=["KE"],
            agendas=["WPS"],
            pillars=["prevention"],
            themes=["mediation", "early warning"],
            organisations=[network],
            provisions=[
                (frameworks["k23"], "implements"),
                (frameworks["h1"], "complements"),
            ],
            start_year=1993,
            end_year=1995,
            location="Wajir town",
            contact_name=SECRET_NAME,
            contact_email=SECRET_EMAIL,
        ),
        "yemen": PracticePageFactory(
            title="Youth radio in Yemen",
            summary="Young women host a radio show on peace.",
            description="Guests include a mediator from Taiz.",
            countries=["YE"],
            agendas=["YPS"],
            pillars=["participation"],
            themes=["media"],
            level="national",
            start_year=2015,
            organisations=[secret_org],
            withhold_organisation=True,
            location="Taiz old city",
            country_level_only=True,
            provisions=[(frameworks["g1"], "advocates-for")],
            contact_name=SECRET_NAME,
            contact_email=SECRET_EMAIL,
        ),
        "cross": PracticePageFactory(
            title="Border dialogue between Kenya and Yemen diasporas",
            summary="Diaspora women exchange on peace.",
            description="Online meetings every month.",
            countries=["KE", "YE"],
            agendas=["WPS", "SP"],
            pillars=["relief-and-recovery"],
            level="regional",
            start_year=2010,
            end_year=2012,
        ),
        "draft": draft(
            PracticePageFactory(
                title="Unpublished mediators of Garissa",
                summary="Women mediators, still in moderation.",
                countries=["SO"],
                agendas=["SP"],
                themes=["secret theme"],
                contact_name=SECRET_NAME,
                contact_email=SECRET_EMAIL,
            )
        ),
    }


@pytest.fixture(scope="class")
def practice_rows(django_db_setup, django_db_blocker):
    """The frameworks and practices, made once for the class that reads them."""

    def build():
        frameworks = build_frameworks()
        return frameworks, build_practices(frameworks)

    yield from shared_rows(django_db_blocker, build)


@pytest.fixture(scope="class")
def framework_rows(django_db_setup, django_db_blocker):
    """The frameworks alone (no practice links them), made once for the class that reads them."""
    yield from shared_rows(django_db_blocker, build_frameworks)


def test_highlight_only_with_q_and_escaped(client, practice_index):
    PracticePageFactory(title="X", summary="<script>alert(1)</script> mediators & elders")
    (result,) = get(client, "/api/v1/practices/?q=mediators")["results"]
    assert result["highlight"] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>mediators</mark> &amp; elders"
    )
    assert "highlight" not in get(client, "/api/v1/practices/")["results"][0]
    assert "highlight" not in get(client, "/api/v1/practices/?q=")["results"][0]


def test_api_root_lists_the_endpoints(client, db):
    data = get(client, "/api/v1/")
    assert data == {
        "practices": "http://testserver/api/v1/practices/",
        "frameworks": "http://testserver/api/v1/frameworks/",
        "monitoring_notes": "http://testserver/api/v1/monitoring-notes/",
        "schema": "http://testserver/api/v1/schema/",
    }


class TestPracticesApi:
    """/api/v1/practices/ and /api/v1/practices/<id>/ over one set of frameworks and practices,
    made once for the class; a test that writes has its changes rolled back after it."""

    @pytest.fixture
    def frameworks(self, db, practice_rows):
        return fresh(practice_rows[0])

    @pytest.fixture
    def practices(self, db, practice_rows):
        return fresh(practice_rows[1])

    def test_list_shape_defaults_and_headers(self, client, practices):
        response = client.get("/api/v1/practices/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "max-age=60" in response["Cache-Control"]
        data = response.json()
        assert list(data) == [
            "count",
            "page",
            "page_size",
            "next",
            "previous",
            "results",
            "facets",
        ]
        assert data["next"] is None and data["previous"] is None  # one page of three
        assert (data["count"], data["page"], data["page_size"]) == (3, 1, 20)
        assert list(data["facets"]) == FACET_KEYS
        for result in data["results"]:
            assert list(result) == RESULT_KEYS  # no highlight without q
        # Newest first by default.
        assert titles(data) == [
            "Border dialogue between Kenya and Yemen diasporas",
            "Youth radio in Yemen",
            "Women mediators of Wajir",
        ]

    def test_result_values(self, client, practices):
        data = get(client, "/api/v1/practices/?country=KE&sort=title")
        wajir = data["results"][1]
        page = practices["wajir"]
        assert wajir == {
            "id": page.pk,
            "external_id": page.external_id,
            "title": "Women mediators of Wajir",
            "url": f"http://testserver{page.url}",
            "summary": "Market women mediate between clans.",
            "organisations": ["Wajir Peace Network"],
            "credit_line": None,
            "countries": ["KE"],
            "region": "africa",
            "level": "local",
            "agendas": ["WPS"],
            "pillars": ["prevention"],
            "themes": ["early warning", "mediation"],
            "start_year": 1993,
            "end_year": 1995,
            # The link to the draft framework's provision is not shown.
            "provisions": [
                {
                    "framework": "nap-ke-2",
                    "code": "2.3",
                    "relation": "implements",
                    "url": "http://testserver" + first_provision_url(page),
                }
            ],
        }
        assert client.get(wajir["url"]).status_code == 200
        assert client.get(wajir["provisions"][0]["url"]).status_code == 200
        cross = data["results"][0]
        assert cross["region"] is None  # two regions
        assert cross["countries"] == ["KE", "YE"]

    def test_absolute_urls_follow_the_requested_host(self, client, practices):
        data = client.get("/api/v1/practices/?country=YE&sort=title", HTTP_HOST="localhost").json()
        assert data["results"][1]["url"].startswith("http://localhost/practices/")
        assert data["results"][1]["provisions"][0]["url"].startswith("http://localhost/frameworks/")

    def test_withheld_organisations_and_hidden_locations_are_not_shown(self, client, practices):
        yemen = get(client, "/api/v1/practices/?q=radio")["results"][0]
        assert yemen["organisations"] == []
        detail = get(client, f"/api/v1/practices/{practices['yemen'].pk}/")
        assert detail["organisations"] == []
        assert detail["location"] is None
        for url in ("/api/v1/practices/", f"/api/v1/practices/{practices['yemen'].pk}/"):
            body = client.get(url).content.decode()
            assert "Hidden Defenders" not in body
            assert "Taiz old city" not in body
        # Searching for the withheld name finds nothing either.
        assert get(client, "/api/v1/practices/?q=Hidden+Defenders")["count"] == 0

    def test_contact_is_never_in_any_response(self, client, practices, frameworks):
        urls = [
            "/api/v1/practices/",
            "/api/v1/practices/?q=mediators",
            "/api/v1/practices/?page_size=100&sort=title",
            "/api/v1/frameworks/",
            f"/api/v1/frameworks/{frameworks['kenya'].pk}/",
            "/api/v1/schema/",
        ] + [f"/api/v1/practices/{p.pk}/" for p in practices.values()]
        for url in urls:
            body = client.get(url).content.decode()
            assert SECRET_NAME not in body and SECRET_EMAIL not in body, url
            assert "contact" not in body.replace("contact details never", ""), url

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ("agenda=WPS", {"wajir", "cross"}),
            ("agenda=YPS&agenda=SP", {"yemen", "cross"}),  # ORed within a parameter
            ("agenda=XYZ", set()),  # unknown value: empty, not an error
            ("level=national", {"yemen"}),
            ("level=local&level=regional", {"wajir", "cross"}),
            ("region=africa", {"wajir", "cross"}),
            ("region=arab-states&region=africa", {"wajir", "yemen", "cross"}),
            ("country=YE", {"yemen", "cross"}),
            ("country=yem", {"yemen", "cross"}),  # alpha-3, any case
            ("country=SO", set()),  # only the draft is there
            ("pillar=participation", {"yemen"}),
            ("pillar=prevention&pillar=relief-and-recovery", {"wajir", "cross"}),
            ("theme=mediation", {"wajir"}),
            ("theme=secret+theme", set()),
            ("agenda=WPS&country=YE", {"cross"}),  # ANDed across parameters
            ("agenda=WPS&level=regional&region=arab-states", {"cross"}),
            ("q=mediators", {"wajir", "yemen"}),
            ("q=mediators&country=KE", {"wajir"}),
            ("q=garissa", set()),  # the draft's words
            ("year_from=2011", {"yemen", "cross"}),  # ongoing runs to today
            ("year_to=2000", {"wajir"}),
            ("year_from=1994&year_to=2011", {"wajir", "cross"}),
            ("unknown=1&format=xml", {"wajir", "yemen", "cross"}),  # ignored
        ],
    )
    def test_each_filter(self, client, practices, params, expected):
        data = get(client, f"/api/v1/practices/?{params}")
        names = {name for name, page in practices.items() if page.title in titles(data)}
        assert names == expected
        assert data["count"] == len(expected)

    def test_sort(self, client, practices):
        by_title = titles(get(client, "/api/v1/practices/?sort=title"))
        assert by_title == sorted(by_title)
        newest = titles(get(client, "/api/v1/practices/?sort=newest"))
        assert newest == titles(get(client, "/api/v1/practices/"))
        # Relevance is the default with q: the title match ranks above the body match.
        assert titles(get(client, "/api/v1/practices/?q=mediator")) == [
            "Women mediators of Wajir",
            "Youth radio in Yemen",
        ]
        assert titles(get(client, "/api/v1/practices/?q=mediator&sort=title")) == [
            "Women mediators of Wajir",
            "Youth radio in Yemen",
        ]
        assert titles(get(client, "/api/v1/practices/?q=mediator&sort=relevance")) == [
            "Women mediators of Wajir",
            "Youth radio in Yemen",
        ]

    def test_paging(self, client, practices):
        data = get(client, "/api/v1/practices/?sort=title&page_size=2&page=2")
        assert (data["count"], data["page"], data["page_size"]) == (3, 2, 2)
        assert titles(data) == ["Youth radio in Yemen"]
        assert sum(data["facets"]["agenda"].values()) >= 3  # facets are over every page
        # Absolute links, every other parameter kept.
        base = "http://testserver/api/v1/practices/?sort=title&page_size=2&page="
        assert (data["next"], data["previous"]) == (None, base + "1")
        first = get(client, "/api/v1/practices/?sort=title&page_size=2")
        assert (first["next"], first["previous"]) == (base + "2", None)
        assert titles(get(client, first["next"])) == ["Youth radio in Yemen"]
        past = get(client, "/api/v1/practices/?page=50")
        assert past["results"] == [] and past["count"] == 3
        assert past["next"] is None
        assert past["previous"] == "http://testserver/api/v1/practices/?page=1"
        assert get(client, "/api/v1/practices/?page_size=100")["page_size"] == 100

    def test_facets_are_counted_over_the_filtered_set(self, client, practices):
        # The other facets over the filtered set; country, filtered, over every other filter (none
        # here), so Kenya stays with the number it would add.
        facets = get(client, "/api/v1/practices/?country=YE")["facets"]
        assert facets == {
            "agenda": {"SP": 1, "WPS": 1, "YPS": 1},
            "level": {"national": 1, "regional": 1},
            "region": {"arab-states": 2, "africa": 1},
            "country": {"KE": 2, "YE": 2},
            "pillar": {"participation": 1, "relief-and-recovery": 1},
            "theme": {"media": 1},
        }

    @pytest.mark.parametrize(
        ("params", "name"),
        [
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=two", "page"),
            ("page=100001", "page"),
            ("page=99999999999999999999999999", "page"),
            ("page_size=0", "page_size"),
            ("page_size=101", "page_size"),
            ("page_size=1.5", "page_size"),
            ("year_from=abc", "year_from"),
            ("year_from=1899", "year_from"),
            ("year_to=99999", "year_to"),
            ("year_from=2010&year_to=2000", "year_from"),
            ("sort=random", "sort"),
            ("sort=", None),
            ("agenda=" + "&agenda=".join(["WPS"] * 51), "agenda"),
        ],
    )
    def test_bad_parameters_answer_400_naming_them(self, client, practices, params, name):
        response = client.get(f"/api/v1/practices/?{params}")
        if name is None:
            assert response.status_code == 200
            return
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        assert list(data) == ["error", "parameter"]
        assert data["parameter"] == name
        assert name in data["error"]

    def test_only_get_and_head(self, client, practices):
        response = client.post("/api/v1/practices/")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert "error" in response.json()
        assert client.head("/api/v1/practices/").status_code == 200

    def test_practice_detail(self, client, practices):
        page = practices["wajir"]
        data = get(client, f"/api/v1/practices/{page.pk}/")
        listed = get(client, "/api/v1/practices/?q=wajir")["results"][0]
        del listed["highlight"]
        assert {key: data[key] for key in RESULT_KEYS} == listed
        assert data["description"] == "Elders and youth meet monthly."
        assert data["location"] == "Wajir town"
        assert data["language"] == "en"
        assert "safety" not in data and "contact" not in data

    def test_detail_of_drafts_and_unknown_ids_is_a_json_404(self, client, practices, frameworks):
        for url in (
            f"/api/v1/practices/{practices['draft'].pk}/",
            "/api/v1/practices/999999/",
            "/api/v1/practices/99999999999999999999999999999/",
            f"/api/v1/practices/{frameworks['kenya'].pk}/",  # a page, but not a practice
            f"/api/v1/frameworks/{frameworks['hidden'].pk}/",
            f"/api/v1/frameworks/{practices['wajir'].pk}/",
            "/api/v1/frameworks/99999999999999999999999999999/",
        ):
            data = get(client, url, status=404)
            assert list(data) == ["error"], url

    def test_unpublished_practices_are_nowhere_in_the_api(self, client, practices):
        for params in (
            "",
            "q=mediators",
            "agenda=SP",
            "country=SO",
            "theme=secret+theme",
            "q=garissa",
        ):
            data = get(client, f"/api/v1/practices/?{params}")
            body = json.dumps(data)
            assert "Garissa" not in body, params
            assert "SO" not in data["facets"]["country"], params
            assert "secret theme" not in data["facets"]["theme"], params
        # agenda, filtered, is counted without its own filter: over the live practices only.
        assert get(client, "/api/v1/practices/?agenda=SP")["facets"]["agenda"] == {
            "WPS": 2,
            "SP": 1,
            "YPS": 1,
        }

    def test_queries_do_not_grow_with_the_number_of_results(self, client, practices, frameworks):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/api/v1/practices/?page_size=100").status_code == 200
            return len(captured)

        queries()  # warm the per-process caches (content types, site root paths)
        few = queries()
        for n in range(4):
            PracticePageFactory(
                title=f"More {n}",
                countries=["KE"],
                themes=["mediation"],
                organisations=[OrganisationFactory()],
                provisions=[(frameworks["k23"], "implements")],
            )
        queries()  # the search engine reads its sets again after a change (search.engines.postings)
        assert queries() == few


def framework_titles(client, params=""):
    return titles(get(client, f"/api/v1/frameworks/?{params}"))


PLAN_FACTS = ("budget", "me_framework", "civil_society_roles", "document_url", "next_plan_expected")


class TestFrameworksApi:
    """/api/v1/frameworks/ and /api/v1/frameworks/<id>/ over one set of frameworks (no
    practices), made once for the class; a test that writes has its changes rolled back after
    it."""

    @pytest.fixture
    def frameworks(self, db, framework_rows):
        return fresh(framework_rows)

    def test_framework_list_shape(self, client, frameworks):
        response = client.get("/api/v1/frameworks/")
        assert response["Access-Control-Allow-Origin"] == "*"
        data = response.json()
        assert list(data) == ["count", "page", "page_size", "next", "previous", "results"]
        assert data["count"] == 3  # the draft is not there
        assert titles(data) == ["Kenya NAP II", "Resolution 2250", "Yemen NAP"]
        kenya = data["results"][0]
        assert kenya["external_id"] == "nap-ke-2"
        assert kenya["url"] == f"http://testserver{frameworks['kenya'].url}"
        assert kenya["status"] == "expired"
        assert "provisions" not in kenya
        assert list(kenya) == [
            "id",
            "external_id",
            "title",
            "url",
            "kind",
            "symbol",
            "agendas",
            "country",
            "region",
            "organisation",
            "generation",
            "adopted_year",
            "start_year",
            "end_year",
            "status",
            "next_plan_expected",
            "lead_institution",
            "pillars",
            "budget",
            "me_framework",
            "civil_society_roles",
            "document_url",
            "summary",
            "sources",
            "coverage",
        ]
        assert kenya["next_plan_expected"] is None  # nothing known

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ("kind=nap", ["Kenya NAP II", "Yemen NAP"]),
            ("kind=global&kind=lap", ["Resolution 2250"]),
            ("kind=zzz", []),
            ("country=KE", ["Kenya NAP II"]),
            ("country=yem&country=KEN", ["Kenya NAP II", "Yemen NAP"]),
            ("agenda=YPS", ["Resolution 2250", "Yemen NAP"]),
            ("agenda=SP", []),
            ("status=active", ["Resolution 2250"]),
            ("status=expired&status=in-development", ["Kenya NAP II", "Yemen NAP"]),
            ("status=unknown", []),
            ("q=2250", ["Resolution 2250"]),
            ("q=youth", ["Resolution 2250"]),
            ("q=S/RES/2250", ["Resolution 2250"]),
            ("q=Kenya", ["Kenya NAP II"]),  # the draft plan of Kenya is not found
            ("q=the", []),
            ("q=youth&kind=nap", []),
            ("kind=nap&agenda=WPS&status=in-development", ["Yemen NAP"]),
            ("page_size=1&page=2", ["Resolution 2250"]),
            ("whatever=1", ["Kenya NAP II", "Resolution 2250", "Yemen NAP"]),
        ],
    )
    def test_framework_filters(self, client, frameworks, params, expected):
        assert sorted(framework_titles(client, params)) == sorted(expected)

    @pytest.mark.parametrize(
        ("params", "name"),
        [("page=0", "page"), ("page_size=500", "page_size"), ("page=x", "page")],
    )
    def test_framework_bad_parameters(self, client, frameworks, params, name):
        data = get(client, f"/api/v1/frameworks/?{params}", status=400)
        assert data["parameter"] == name

    def test_framework_detail_with_provisions(self, client, frameworks):
        kenya = frameworks["kenya"]
        data = get(client, f"/api/v1/frameworks/{kenya.pk}/")
        assert data["title"] == "Kenya NAP II"
        assert data["provisions"] == [
            {
                "id": frameworks["k23"].pk,
                "code": "2.3",
                "pillar": "participation",
                "text": "Increase women's participation in local peace committees.",
                "responsible": [],
                "indicators": [],
                "url": f"http://testserver{frameworks['k23'].url}",
                "linked_practice_count": 0,
                "latest_status": None,
            }
        ]
        assert client.get(data["provisions"][0]["url"]).status_code == 200

    def test_frameworks_carry_their_coverage_by_published_practices(self, client, frameworks):
        kenya, k23 = frameworks["kenya"], frameworks["k23"]
        k24 = ProvisionFactory(framework=kenya, code="2.4")
        k25 = ProvisionFactory(framework=kenya, code="2.5")
        PracticePageFactory(title="One", provisions=[(k23, "implements"), (k24, "monitors")])
        PracticePageFactory(title="Two", provisions=[(k23, "advocates-for")])
        draft(PracticePageFactory(title="Draft", provisions=[(k25, "implements")]))
        none = {"implements": 0, "complements": 0, "monitors": 0, "advocates-for": 0}
        expected = {
            "provisions": 3,
            "covered": 2,
            "by_relation": {**none, "implements": 1, "monitors": 1, "advocates-for": 1},
        }
        data = get(client, f"/api/v1/frameworks/{kenya.pk}/")
        assert data["coverage"] == expected
        assert {p["code"]: p["linked_practice_count"] for p in data["provisions"]} == {
            "2.3": 2,
            "2.4": 1,
            "2.5": 0,
        }
        listed = {r["title"]: r["coverage"] for r in get(client, "/api/v1/frameworks/")["results"]}
        assert listed["Kenya NAP II"] == expected
        assert listed["Yemen NAP"] == {"provisions": 0, "covered": 0, "by_relation": none}
        assert listed["Resolution 2250"] == {"provisions": 1, "covered": 0, "by_relation": none}

    def test_frameworks_carry_their_plan_facts_and_unknown_is_null(self, client, frameworks):
        kenya = frameworks["kenya"]
        kenya.budget, kenya.me_framework = "not-allocated", "yes"
        kenya.civil_society_roles = ["monitoring", "drafting"]
        kenya.document_url = "https://example.org/kenya-nap.pdf"
        kenya.next_plan_expected = "Drafting began in 2025"
        kenya.save_revision().publish()
        yemen = frameworks["future"]
        yemen.civil_society_roles_known = True  # the sources say civil society had no role
        yemen.save_revision().publish()

        detail = get(client, f"/api/v1/frameworks/{kenya.pk}/")
        assert detail["budget"] == "not-allocated"
        assert detail["me_framework"] == "yes"
        assert detail["civil_society_roles"] == ["drafting", "monitoring"]
        assert detail["document_url"] == "https://example.org/kenya-nap.pdf"
        assert detail["next_plan_expected"] == "Drafting began in 2025"

        listed = {r["title"]: r for r in get(client, "/api/v1/frameworks/")["results"]}
        assert listed["Kenya NAP II"]["civil_society_roles"] == ["drafting", "monitoring"]
        assert listed["Yemen NAP"]["civil_society_roles"] == []
        unknown = listed["Resolution 2250"]
        assert (unknown["budget"], unknown["me_framework"]) == ("unknown", "unknown")
        assert unknown["civil_society_roles"] is None
        assert unknown["document_url"] is None
        assert unknown["next_plan_expected"] is None

    def test_plan_facts_read_from_the_api_import_back_unchanged(self, client, frameworks, tmp_path):
        from frameworks.models import FrameworkPage

        kenya, yemen = frameworks["kenya"], frameworks["future"]
        kenya.budget, kenya.me_framework = "allocated", "no"
        kenya.civil_society_roles = ["implementation"]
        kenya.document_url = "https://example.org/kenya-nap.pdf"
        kenya.next_plan_expected = "2027"
        kenya.save_revision().publish()
        yemen.civil_society_roles_known = True
        yemen.save_revision().publish()
        records = []
        for page in (kenya, yemen, frameworks["global"]):  # known facts, none, unknown
            data = get(client, f"/api/v1/frameworks/{page.pk}/")
            record = {key: data[key] for key in ("kind", "title", "country", *PLAN_FACTS)}
            records.append({**record, "external_id": f"copy-of-{page.external_id}"})
        (tmp_path / "copies.json").write_text(json.dumps({"frameworks": records}), "utf-8")
        call_command("import_frameworks", str(tmp_path), stdout=io.StringIO())

        for page in (kenya, yemen, frameworks["global"]):
            copy = FrameworkPage.objects.get(external_id=f"copy-of-{page.external_id}")
            page.refresh_from_db()
            assert [getattr(copy, name) for name in PLAN_FACTS] == [
                getattr(page, name) for name in PLAN_FACTS
            ]
            assert copy.known_civil_society_roles == page.known_civil_society_roles
        assert (
            FrameworkPage.objects.get(external_id="copy-of-nap-ye-1").known_civil_society_roles
            == []
        )
