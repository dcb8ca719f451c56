"""Browser tests: Debian's Chromium driven by Playwright, pages checked with axe-core."""

import os
import shutil

import pytest

from tests.utils import rebuild_site_tree

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run "inside"
# it unless told that the test code's database access is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def page_tree(request):
    """Browser tests need committed data, so their database is emptied after each of them, and
    Django's serialized rollback does not bring Wagtail's page tree back reliably. Rebuild it
    the way the migration builds it when it is missing."""
    if "live_server" not in request.fixturenames and "page" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    rebuild_site_tree()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    outside = []
    tab.outside_requests = outside

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    yield tab
    context.close()


@pytest.fixture
def axe_check():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        # Colours are measured as they settle, not halfway through a transition (Wagtail's
        # admin buttons fade between states, which once measured a contrast of 4.37). A short
        # animation is waited for; a long one is sent to its end, where it settles too (the
        # admin's badge pulses five times over 25 s, which the test would otherwise wait out).
        page.evaluate(
            """() => Promise.all(document.getAnimations()
                .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
                .map((a) => {
                    if (a.effect.getComputedTiming().endTime > 1000) a.finish();
                    return a.finished.catch(() => null);
                }))"""
        )
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    return check
