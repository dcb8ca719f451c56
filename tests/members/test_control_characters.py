"""Control characters (C0 but tab and line breaks, DEL, C1) are refused wherever text comes in,
and text stored before they were refused never breaks a page, the feed, the CSV or the API."""

import csv
import io
from xml.etree import ElementTree

from django.core import mail
from django.core.exceptions import ValidationError

import pytest

from practices.models import Organisation, PracticePage
from tests.factories import PracticePageFactory, editor
from tests.utils import after_commit, post_new_practice_in_admin

from .helpers import post_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(practice_index):
    """A published practice whose title and summary hold control characters, as stored
    before the forms and importers refused them (written past every check)."""
    practice = PracticePageFactory(
        title="Peacemakers", summary="Women mediate.", contact_email="c@example.org"
    )
    PracticePage.objects.filter(pk=practice.pk).update(
        title="Peace\x01makers\x7f", summary="Women\x0b medi\x85ate\x1b."
    )
    return PracticePage.objects.get(pk=practice.pk)


def body(response):
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def test_the_feed_drops_them_and_stays_well_formed_xml(client, stored):
    feed = ElementTree.fromstring(body(client.get("/practices/feed/")))  # noqa: S314
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert titles == ["Peacemakers"]


@pytest.mark.parametrize(
    "url",
    [
        "/practices/",
        "/practices/?q=peacemakers",
        "/practices/export.csv",
        "/api/v1/practices/",
        "/search/?q=peacemakers",
    ],
)
def test_every_listing_answers(client, stored, url):
    text = body(client.get(url))
    if url.endswith(".csv"):
        assert list(csv.reader(io.StringIO(text)))


def test_the_page_and_its_record_answer(client, stored):
    assert "Peace" in body(client.get(stored.url))
    assert body(client.get(f"/api/v1/practices/{stored.pk}/"))
    assert body(client.get(f"/contact/practice/{stored.pk}/"))


# Forms.

CONTROL = ["\x01", "\x00", "\x7f", "\x85"]


@pytest.mark.parametrize("character", CONTROL)
def test_the_submission_form_refuses_them(member_client, practice_index, character):
    before = PracticePage.objects.count()
    response = post_form(member_client, title=f"Peace{character}makers")
    assert response.status_code in (200, 400)
    assert "control character" in response.content.decode()
    assert PracticePage.objects.count() == before


@pytest.mark.parametrize("character", CONTROL)
def test_the_relay_refuses_them(client, stored, character):
    message = {"name": "R", "email": "r@example.org", "message": f"Hello{character} there"}
    with after_commit():
        response = client.post(f"/contact/practice/{stored.pk}/", message)
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("character", CONTROL)
def test_sign_up_refuses_them_in_a_proposed_organisation(client, practice_index, character):
    data = {
        "email": "new@example.org",
        "display_name": "Amina",
        "password1": "a-long-and-unusual-password",
        "password2": "a-long-and-unusual-password",
        "new_organisation": f"Wajir{character} Women",
    }
    with after_commit():
        response = client.post("/accounts/signup/", data)
    assert response.status_code in (200, 400)
    assert "control character" in response.content.decode()
    assert not Organisation.objects.filter(name__startswith="Wajir").exists()


@pytest.mark.parametrize("character", CONTROL)
def test_my_account_refuses_them(member_client, practice_index, character):
    response = member_client.post(
        "/my/account/", {"display_name": "Amina", "new_organisation": f"Wajir{character} Women"}
    )
    assert response.status_code in (200, 400)
    assert "control character" in response.content.decode()
    assert not Organisation.objects.filter(name__startswith="Wajir").exists()


def test_tabs_and_line_breaks_are_still_welcome(member_client, practice_index):
    response = post_form(member_client, description="First line.\r\n\tSecond line.")
    assert response.status_code == 302


# Editors.


def test_models_refuse_them_so_the_admin_does(practice_index):
    with pytest.raises(ValidationError) as error:
        Organisation(name="Wajir\x01").full_clean()
    assert "control character" in str(error.value.message_dict["name"])
    practice = PracticePageFactory()
    practice.summary = "Women\x1b mediate."
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "summary" in error.value.message_dict


def test_the_admin_page_form_refuses_them(client, practice_index):
    client.force_login(editor())
    response = post_new_practice_in_admin(
        client, practice_index, title="Peace\x01makers", slug="peacemakers"
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not PracticePage.objects.filter(slug="peacemakers").exists()
