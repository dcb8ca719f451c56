from wagtail.models import Site

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def email_through_tasks(settings):
    """Django's test set-up sends e-mail straight to the locmem outbox; the site sends it through
    a task after the commit (kb/mail.py). Tests take the site's path: a test's transaction never
    commits, so a test that expects e-mail runs the commit's callbacks (tests/members/conftest.py
    ``after_commit``)."""
    settings.EMAIL_BACKEND = "kb.mail.TaskEmailBackend"


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def practice_index(home_page):
    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.get()


@pytest.fixture
def framework_index(home_page):
    from frameworks.models import FrameworkIndexPage

    return FrameworkIndexPage.objects.get()
