"""What of a practice each audience sees is decided in one table (practices.serialisers), for
every surface at once: a private field is in no public output (the API, its CSV, a public
export) and is in the full export and the member's data download."""

import html
import json

from django.db.models import ManyToOneRel

from wagtail.models import Page

import pytest

from members.practice_forms import PRACTICE_FIELDS
from practices.models import PracticePage
from practices.serialisers import (
    API_DETAIL,
    EXCHANGE,
    MEMBER,
    NOT_PUBLIC,
    PUBLIC_ROWS,
    VISIBILITY,
    Audience,
)
from tests.factories import OrganisationFactory, PracticePageFactory, UserFactory
from tests.practices.test_practice_surfaces import api, csv_text, downloaded_practices, export

pytestmark = pytest.mark.django_db

CONTACT_EMAIL = "hodan.private@example.org"
FUNDING = "A grant from the Wajir traders' fund"
ORGANISATION = "Baidoa Market Traders Association"


def own_fields():
    """Every field and relation that PracticePage adds to a Wagtail page."""
    page_fields = {f.name for f in Page._meta.get_fields()}
    names = set()
    for field in PracticePage._meta.get_fields():
        if field.name in page_fields or field.name == "page_ptr":
            continue
        if isinstance(field, ManyToOneRel):
            # Rows of the practices app hold the practice's data; other apps' rows (the
            # search index, joint actions) are theirs.
            if field.related_model._meta.app_label != "practices":
                continue
            if field.name == "tagged_items":  # the rows behind ``themes``
                continue
        names.add(field.name)
    return names


def test_every_field_of_a_practice_has_its_audiences_decided():
    undecided = own_fields() - set(VISIBILITY)
    assert not undecided, f"add {sorted(undecided)} to practices.serialisers.VISIBILITY"
    assert {"contact_name", "contact_email", "location", "practice_organisations"} <= own_fields()


def test_every_key_of_every_surface_shows_decided_fields():
    for surface in (API_DETAIL, EXCHANGE, MEMBER):
        for key in surface:
            assert set(key.shown_fields()) <= set(VISIBILITY), key.name


def test_the_rows_the_public_sees_are_decided_for_relations_it_sees():
    relations = {
        field.name for field in PracticePage._meta.get_fields() if isinstance(field, ManyToOneRel)
    }
    assert set(PUBLIC_ROWS) <= relations & own_fields()
    for name in PUBLIC_ROWS:
        assert Audience.PUBLIC in VISIBILITY[name]


def test_the_member_download_holds_everything_the_submission_form_takes():
    assert set(PRACTICE_FIELDS) <= {key.name for key in MEMBER}


def test_the_contact_is_private():
    for name in ("contact_name", "contact_email"):
        assert Audience.PUBLIC not in VISIBILITY[name]
        assert {Audience.MEMBER, Audience.EXPORT} <= VISIBILITY[name]


@pytest.fixture
def practice(practice_index):
    return PracticePageFactory(
        owner=UserFactory(username="owner", email="owner@example.org"),
        title="Market women's peace network",
        countries=["SO"],
        contact_name="Hodan",
        contact_email=CONTACT_EMAIL,
        funding=FUNDING,
        organisations=[OrganisationFactory(name=ORGANISATION)],
    )


def public_outputs(client, practice):
    return {
        "API list": api(client, "/api/v1/practices/").decode(),
        "API detail": api(client, f"/api/v1/practices/{practice.pk}/").decode(),
        "CSV": csv_text(client),
        "public export": export(),
    }


def private_outputs(client, practice):
    return {
        "full export": export("--include-private"),
        "data download": json.dumps(downloaded_practices(client, practice.owner)),
    }


def test_the_contact_email_is_in_no_public_output_and_in_the_private_ones(client, practice):
    for name, output in public_outputs(client, practice).items():
        assert practice.title in output, name
        assert CONTACT_EMAIL not in output, name
    for name, output in private_outputs(client, practice).items():
        assert CONTACT_EMAIL in output, name


def test_a_field_made_private_in_the_table_leaves_every_public_output(
    client, practice, monkeypatch
):
    """The surfaces decide nothing themselves: marking a field private in the one table takes
    it out of the API, the CSV and a public export, and keeps it in the private outputs."""
    assert FUNDING in public_outputs(client, practice)["API detail"]

    monkeypatch.setitem(VISIBILITY, "funding", NOT_PUBLIC)
    public = public_outputs(client, practice)
    for name, output in public.items():
        assert practice.title in output, name
        assert FUNDING not in output, name
    assert '"funding"' not in public["API detail"] + public["public export"]
    for name, output in private_outputs(client, practice).items():
        assert FUNDING in output, name


def test_a_row_hidden_in_the_table_leaves_every_public_output(client, practice, monkeypatch):
    """Which rows of a relation the public sees is decided in one table too: hiding every
    organisation there takes their names out of the API, the CSV, a public export and the
    practice's page, and keeps them in the private outputs."""

    def public():
        page = html.unescape(client.get(practice.url).content.decode())
        return public_outputs(client, practice) | {"page": page}

    for name, output in public().items():
        assert ORGANISATION in output, name

    monkeypatch.setitem(PUBLIC_ROWS, "practice_organisations", lambda link: False)
    for name, output in public().items():
        assert practice.title in output, name
        assert ORGANISATION not in output, name
    for name, output in private_outputs(client, practice).items():
        assert ORGANISATION in output, name
