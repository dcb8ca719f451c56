import pytest

from tests.factories import FrameworkPageFactory, PracticePageFactory, ProvisionFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(practice_index, framework_index):
    framework = FrameworkPageFactory(
        title="Kenya national action plan", summary="Localised through county mediators."
    )
    ProvisionFactory(framework=framework, code="2.1", text="Train women mediators in every county.")
    PracticePageFactory(title="Mediators of Wajir", summary="Women mediate.", countries=["KE"])
    draft(PracticePageFactory(title="Secret mediators draft", summary="Mediators."))
    hidden = draft(FrameworkPageFactory(title="Draft mediation plan", summary="Mediators."))
    ProvisionFactory(framework=hidden, code="9", text="Hidden mediators provision.")


def test_results_are_grouped_by_type(client, content):
    html = client.get("/search/?q=mediator").content.decode()
    assert '<h2 id="practices">Good practices (1)</h2>' in html
    assert '<h2 id="frameworks">Frameworks (1)</h2>' in html
    assert '<h2 id="provisions">Provisions (1)</h2>' in html
    assert "Mediators of Wajir" in html
    assert "Kenya national action plan, provision 2.1" in html


def test_unpublished_content_is_not_found(client, content):
    html = client.get("/search/?q=mediators").content.decode()
    for hidden in ("Secret mediators draft", "Draft mediation plan", "Hidden mediators provision"):
        assert hidden not in html


@pytest.mark.parametrize(
    "q", ["", "AND", '"*"', "NEAR(", "🙂", "ا" * 50, "x" * 10_000, "a\x00b", "((mediator"]
)
def test_any_query_answers(client, content, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200


def test_a_un_symbol_finds_its_resolution(client, framework_index):
    FrameworkPageFactory(
        title="Youth, peace and security", symbol="S/RES/2250 (2015)", kind="global", country=""
    )
    html = client.get("/search/?q=S/RES/2250").content.decode()
    assert '<h2 id="frameworks">Frameworks (1)</h2>' in html


@pytest.mark.parametrize("q", ["Welcome", '"welcome', "welcome*", "(welcome)", "WELCOME:"])
def test_other_pages_are_found_by_their_words_whatever_surrounds_them(
    client, content, home_page, q
):
    home_page.title = "Welcome to the registry"
    home_page.save_revision().publish()
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert '<h2 id="pages">Other pages (1)</h2>' in response.content.decode()


def test_a_symbol_without_words_finds_no_other_page(client, content):
    response = client.get("/search/", {"q": "©"})
    assert response.status_code == 200
