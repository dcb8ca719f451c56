"""The site search's groups and results are headed in the visitor's language."""

import shutil
import subprocess

from django.test import RequestFactory
from django.utils import translation

import pytest

from search.views import site_search
from tests.factories import FrameworkPageFactory, ProvisionFactory
from tests.test_architecture import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_catalogue(settings, tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (gettext) is not installed")
    compiled = tmp_path / "fr" / "LC_MESSAGES"
    compiled.mkdir(parents=True)
    source = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    subprocess.run(  # noqa: S603 - fixed arguments
        ["msgfmt", "-o", str(compiled / "django.mo"), str(source)],  # noqa: S607
        check=True,
    )
    settings.LOCALE_PATHS = [str(tmp_path)]  # the setting's change resets Django's catalogues


def test_site_search_groups_are_headed_in_french(framework_index, french_catalogue):
    framework = FrameworkPageFactory(title="Plan du Kenya")
    ProvisionFactory(framework=framework, code="2.3", text="Comités de paix des comtés.")
    with translation.override("fr"):
        response = site_search(RequestFactory().get("/search/", {"q": "comités"}))
        titles = [group["title"] for group in response.context_data["groups"]]
        provisions = response.context_data["groups"][2]["items"]
    assert titles[:3] == ["Bonnes pratiques", "Cadres politiques", "Dispositions"]
    assert provisions[0]["title"] == "Plan du Kenya, disposition 2.3"
