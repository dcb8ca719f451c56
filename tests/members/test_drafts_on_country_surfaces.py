"""A member's draft puts nothing on the country surfaces (sitemap, profile, map)."""

from django.test import Client

import pytest

from .helpers import submit_new

pytestmark = pytest.mark.django_db

TITLE = "Quokka listening circles of Abeche"


def test_draft_country_is_on_no_country_surface(member_client, practice_index):
    submit_new(member_client, title=TITLE, countries=["TD"], location="Abeche", action="submit")
    public = Client()
    assert "/countries/TD/" not in public.get("/sitemap.xml").content.decode()
    for url in ("/countries/TD/", "/countries/", "/"):
        response = public.get(url)
        body = response.content.decode()
        assert TITLE not in body and "Abeche" not in body, url
    # A practice in review is not counted on the practice map, nor listed beside it.
    body = public.get("/countries/?map=practices").content.decode()
    assert 'data-country="TD" data-practices="0"' in body
    assert '<tr data-country="TD">' not in body
