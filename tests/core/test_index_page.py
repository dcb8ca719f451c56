"""The section index pages share one shape (core.models.IndexPage): an introduction, one page
of each kind, under the home page."""

import pytest

from actions.models import EventIndexPage, JointActionIndexPage
from core.models import IndexPage
from frameworks.models import FrameworkIndexPage
from practices.models import PracticeIndexPage

INDEX_PAGES = [PracticeIndexPage, FrameworkIndexPage, JointActionIndexPage, EventIndexPage]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", INDEX_PAGES)
def test_each_section_has_one_index_page_with_an_introduction(model, home_page):
    assert issubclass(model, IndexPage)
    assert "intro" in {
        panel.field_name for panel in model.content_panels if hasattr(panel, "field_name")
    }
    # One in each content language's locale, each under that locale's home page.
    assert sorted(model.objects.values_list("locale__language_code", flat=True)) == [
        "ar",
        "en",
        "es",
        "fr",
    ]
    # A second one cannot be added under the home page.
    assert not model.can_create_at(home_page)
    assert model.allowed_parent_page_models() == [type(home_page)]
