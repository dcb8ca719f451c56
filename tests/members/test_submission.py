"""Members submit practices; the workflow, statuses and the form's promises."""

import io
import re
import zipfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import WorkflowState

import pytest

from practices.models import PracticePage
from practices.submission import Status, status_of
from tests.factories import FrameworkPageFactory, ProvisionFactory
from tests.files import pdf_bytes
from tests.utils import after_commit

from .conftest import practice_data
from .helpers import form_state

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def token(client, url="/practices/submit/"):
    return form_state(client, url)["form_token"]


def submit(client, url="/practices/submit/", **overrides):
    data = practice_data(**{**form_state(client, url), **overrides})
    with after_commit():
        return client.post(url, data)


def test_submit_page_needs_log_in(client, practice_index):
    response = client.get("/practices/submit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_save_as_draft_creates_a_draft_owned_by_the_member(member_client, member, practice_index):
    response = submit(member_client)
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    assert practice.owner == member
    assert not practice.live
    assert practice.revisions.count() >= 1
    assert practice.country_codes == ["KE"]
    assert sorted(practice.theme_names) == ["land disputes", "mediation"]
    assert practice.contact_email == "amina@example.org"
    assert status_of(practice)[0] == Status.DRAFT


def test_submit_for_review_starts_the_practice_review_workflow(
    member_client, an_editor, practice_index
):
    response = submit(member_client, action="submit")
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    state = practice.current_workflow_state
    assert state.workflow.name == "Practice review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Review by Editors"
    assert status_of(practice)[0] == Status.IN_REVIEW
    # Editors hear of it (Wagtail's own notification).
    assert any(an_editor.email in m.to for m in mail.outbox)
    # and find it in their review queue.
    from wagtail.models import TaskState

    assert TaskState.objects.reviewable_by(an_editor).count() == 1


def test_double_click_creates_one_practice(member_client, practice_index):
    data = practice_data(form_token=token(member_client))
    first = member_client.post("/practices/submit/", data)
    second = member_client.post("/practices/submit/", data)
    assert first.status_code == second.status_code == 302
    assert PracticePage.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_invalid_form_keeps_everything_and_marks_the_field(member_client, practice_index):
    response = submit(member_client, title="", end_year="2001", start_year="2010")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trained women mediators meet elders monthly" in html
    assert "amina@example.org" in html
    assert 'id="id_title_errors"' in html
    assert 'aria-describedby="id_title_errors id_title_help"' in html
    assert 'aria-invalid="true"' in html
    assert "The end year is before the start year." in html
    assert PracticePage.objects.count() == 0


def test_errors_are_tied_to_their_field(member_client, practice_index):
    html = submit(member_client, title="").content.decode()
    assert 'id="id_title_errors"' in html


def test_provision_link_with_relation(member_client, practice_index):
    provision = ProvisionFactory(framework__country="KE")
    response = submit(
        member_client,
        provisions=[str(provision.pk)],
        **{f"relation_{provision.pk}": "monitors"},
    )
    assert response.status_code == 302
    link = PracticePage.objects.get().provision_links.get()
    assert (link.provision, link.relation) == (provision, "monitors")


def test_whole_framework_links(member_client, practice_index):
    resolution = FrameworkPageFactory(title="S/RES/1325 (2000)", kind="global", country="")
    regional = FrameworkPageFactory(title="IGAD Regional Action Plan", kind="rap", country="")
    kenyan = FrameworkPageFactory(title="Kenya NAP (2)", country="KE")
    FrameworkPageFactory(title="Nigeria NAP (2)", country="NG")
    page = member_client.get("/practices/submit/").content.decode()
    assert "S/RES/1325 (2000)" in page and "IGAD Regional Action Plan" in page

    html = submit(member_client, action="refresh").content.decode()
    assert "Kenya NAP (2)" in html and "Nigeria NAP (2)" not in html

    response = submit(member_client, frameworks=[str(resolution.pk), str(kenyan.pk)])
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    assert {link.framework for link in practice.framework_links.all()} == {resolution, kenyan}
    edit = member_client.get(f"/my/submissions/{practice.pk}/edit/").content.decode()
    ticked = re.findall(r'name="frameworks" value="(\d+)"[^>]* checked', edit)
    assert sorted(ticked) == sorted([str(resolution.pk), str(kenyan.pk)])
    assert f'name="frameworks" value="{regional.pk}"' in edit


def test_an_unpublished_framework_cannot_be_linked(member_client, practice_index):
    hidden = FrameworkPageFactory(title="A draft plan", kind="global", country="", live=False)
    response = submit(member_client, frameworks=[str(hidden.pk)])
    assert response.status_code == 400
    assert "A draft plan" not in response.content.decode()
    assert PracticePage.objects.count() == 0


def test_provisions_are_grouped_by_framework_suggestions_first(member_client, practice_index):
    match = ProvisionFactory(
        framework__country="KE", framework__title="Kenya NAP (2)", code="1.1",
        text="Train women mediators for land disputes",
    )  # fmt: skip
    other = ProvisionFactory(
        framework__country="KE", framework__title="Kenya NAP (1)", code="4.2",
        text="Budget lines for gender desks",
    )  # fmt: skip
    form = submit(member_client, action="refresh").context["form"]
    groups = form.picker_groups()
    assert groups[0]["title"].startswith("Suggested")
    assert [row["provision"] for row in groups[0]["rows"]] == [match]
    assert groups[0]["open"]
    assert [(g["title"], [r["provision"] for r in g["rows"]]) for g in groups[1:]] == [
        ("Kenya NAP (1)", [other])
    ]


def test_show_provisions_lists_those_of_the_chosen_countries(member_client, practice_index):
    kenyan = ProvisionFactory(framework__country="KE", text="Local peace committees")
    ProvisionFactory(framework__country="NG", text="Nigerian commitment")
    response = submit(member_client, action="refresh")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{kenyan.pk}"' in html
    assert "Nigerian commitment" not in html
    assert PracticePage.objects.count() == 0


def test_attachment_checked_by_content(member_client, practice_index):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = submit(member_client, attachments=fake)
    assert response.status_code == 400
    assert "is not a PDF, DOCX, ODT, JPEG or PNG" in response.content.decode()

    real = SimpleUploadedFile("report.pdf", PDF, "application/octet-stream")
    response = submit(member_client, attachments=real)
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    document = practice.attachments.get().document
    assert document.collection.name == "Submissions (private)"


def test_docx_and_odt_recognised_by_their_content(member_client, practice_index):
    from practices.attachments import attachment_kind

    def archive(entries):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, content in entries.items():
                z.writestr(name, content)
        return SimpleUploadedFile("x", buffer.getvalue())

    odt = archive({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    docx = archive({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"})
    other = archive({"hello.txt": "hi"})
    assert attachment_kind(odt) == "odt"
    assert attachment_kind(docx) == "docx"
    assert attachment_kind(other) is None


def test_private_attachment_is_not_served_to_the_public(client, member_client, practice_index):
    real = SimpleUploadedFile("report.pdf", PDF, "application/pdf")
    submit(member_client, attachments=real)
    document = PracticePage.objects.get().attachments.get().document
    client.logout()
    response = client.get(document.url)
    assert response.status_code in (302, 403, 404)


def expire_session_and_post(client, member, text):
    client.force_login(member)
    owner = client.get("/practices/submit/").context["form_owner"]
    client.logout()  # the session expires while the member types
    data = practice_data(description=text, form_owner=owner)
    response = client.post("/practices/submit/", data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_expired_session_keeps_the_text(client, member, practice_index):
    expire_session_and_post(client, member, "Text typed while the session expired.")
    client.force_login(member)
    response = client.get("/practices/submit/?restore=1")
    assert "Text typed while the session expired." in response.content.decode()


def test_kept_text_goes_to_nobody_else(client, member, other_member, practice_index):
    """On a shared computer, the next person to sign in does not get it."""
    expire_session_and_post(client, member, "Private words of member A.")
    client.force_login(other_member)
    response = client.get("/practices/submit/?restore=1")
    assert "Private words of member A." not in response.content.decode()


def test_a_forged_owner_keeps_nothing(client, member, practice_index):
    data = practice_data(description="Typed by someone", form_owner=str(member.pk))
    client.post("/practices/submit/", data)
    client.force_login(member)
    response = client.get("/practices/submit/?restore=1")
    assert "Typed by someone" not in response.content.decode()


def test_other_member_cannot_open_or_withdraw(member_client, client, other_member, practice_index):
    submit(member_client, action="submit")
    practice = PracticePage.objects.get()
    member_client.logout()
    client.force_login(other_member)
    assert client.get(f"/my/submissions/{practice.pk}/edit/").status_code == 404
    assert client.get(f"/my/submissions/{practice.pk}/preview/").status_code == 404
    assert client.post(f"/my/submissions/{practice.pk}/withdraw/").status_code == 404
    assert "Women mediators of Wajir" not in client.get("/my/submissions/").content.decode()


def test_members_never_reach_the_admin(member_client, practice_index):
    response = member_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def approve(practice, user):
    with after_commit():
        practice.current_workflow_state.current_task_state.approve(user=user)


def request_changes(practice, user, comment):
    with after_commit():
        practice.current_workflow_state.current_task_state.reject(user=user, comment=comment)


def test_changes_requested_then_resubmitted_then_approved(
    member_client, member, an_editor, practice_index
):
    submit(member_client, action="submit")
    practice = PracticePage.objects.get()
    mail.outbox.clear()

    request_changes(practice, an_editor, "Please name the district.")
    practice.refresh_from_db()
    assert status_of(practice) == (Status.CHANGES_REQUESTED, "Please name the district.")
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Please name the district." in mail.outbox[0].body
    page = member_client.get("/my/submissions/").content.decode()
    assert "Changes requested" in page and "Please name the district." in page

    url = f"/my/submissions/{practice.pk}/edit/"
    submit(member_client, url, location="Wajir", action="submit")
    practice.refresh_from_db()
    assert status_of(practice)[0] == Status.IN_REVIEW
    mail.outbox.clear()

    approve(practice, an_editor)
    practice.refresh_from_db()
    assert practice.live and practice.location == "Wajir"
    assert status_of(practice)[0] == Status.PUBLISHED
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_editing_a_published_practice_keeps_it_online(
    member_client, an_editor, client, practice_index
):
    submit(member_client, action="submit")
    practice = PracticePage.objects.get()
    approve(practice, an_editor)
    url = f"/my/submissions/{practice.pk}/edit/"
    submit(member_client, url, title="A new title awaiting review", action="submit")
    practice.refresh_from_db()
    assert practice.live
    assert practice.title == "Women mediators of Wajir"
    assert status_of(practice)[0] == Status.IN_REVIEW
    public = client.get(practice.url)
    assert public.status_code == 200
    assert "A new title awaiting review" not in public.content.decode()


def test_withdraw(member_client, practice_index):
    submit(member_client, action="submit")
    practice = PracticePage.objects.get()
    response = member_client.post(f"/my/submissions/{practice.pk}/withdraw/")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert status_of(practice)[0] == Status.WITHDRAWN


def test_similar_practice_gives_a_warning_not_a_block(member_client, practice_index):
    submit(member_client)
    response = submit(member_client)
    assert response.status_code == 302
    assert PracticePage.objects.count() == 2
    page = member_client.get(response["Location"]).content.decode()
    assert "looks like an existing practice" in page


def test_submission_rate_limit(member_client, practice_index, settings):
    settings.KB_RATE_LIMITS = {"submit": "2/h"}
    from django.core.cache import cache

    cache.clear()
    assert submit(member_client).status_code == 302
    assert submit(member_client).status_code == 302
    assert submit(member_client).status_code == 429
    assert PracticePage.objects.count() == 2


def test_attachments_become_public_when_the_practice_is_published(
    member_client, an_editor, client, practice_index
):
    real = SimpleUploadedFile("report.pdf", PDF, "application/pdf")
    submit(member_client, attachments=real, action="submit")
    practice = PracticePage.objects.get()
    approve(practice, an_editor)
    document = practice.attachments.get().document
    document.refresh_from_db()
    assert document.collection.name == "Root"
    client.logout()
    assert client.get(document.url).status_code == 200


def test_editor_rejects_by_cancelling_the_workflow(
    member_client, member, an_editor, practice_index
):
    submit(member_client, action="submit")
    practice = PracticePage.objects.get()
    mail.outbox.clear()
    with after_commit():
        practice.current_workflow_state.cancel(user=an_editor)
    practice.refresh_from_db()
    assert status_of(practice)[0] == Status.REJECTED
    assert not practice.live
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Not accepted" in member_client.get("/my/submissions/").content.decode()
    # The member may revise it and submit it again.
    submit(member_client, f"/my/submissions/{practice.pk}/edit/", action="submit")
    practice.refresh_from_db()
    assert status_of(practice)[0] == Status.IN_REVIEW


def test_withdrawn_by_the_member_sends_no_mail(member_client, practice_index):
    submit(member_client, action="submit")
    practice = PracticePage.objects.get()
    mail.outbox.clear()
    with after_commit():
        member_client.post(f"/my/submissions/{practice.pk}/withdraw/")
    practice.refresh_from_db()
    assert status_of(practice)[0] == Status.WITHDRAWN
    assert mail.outbox == []


def test_suggestions_match_the_members_words_and_can_be_ticked(member_client, practice_index):
    from core.vocabulary import FrameworkKind
    from search.service import get_engine
    from search.suggestions import SuggestionSubject

    def suggest_provisions(text, countries):
        subject = SuggestionSubject(text, countries)
        return [s.item for s in get_engine().related_provisions(subject, limit=8)]

    matching = ProvisionFactory(
        framework__country="KE", text="Train women mediators for land disputes."
    )
    unrelated = ProvisionFactory(framework__country="KE", text="Budget lines for ministries.")
    global_one = ProvisionFactory(
        framework__kind=FrameworkKind.GLOBAL,
        framework__country="",
        text="Support women mediators in peace processes.",
    )
    elsewhere = ProvisionFactory(framework__country="NG", text="Women mediators in Nigeria.")
    found = suggest_provisions("women mediators settle land disputes", ["KE"])
    assert matching in found and global_one in found
    assert unrelated not in found and elsewhere not in found
    assert found[0] == matching
    assert suggest_provisions("", ["KE"]) == []

    html = submit(member_client, action="refresh").content.decode()
    assert "Suggested:" in html
    assert f'id="provision-{global_one.pk}"' in html
    # A ticked suggestion from a global framework is kept when the form is saved.
    response = submit(member_client, provisions=[str(global_one.pk)])
    assert response.status_code == 302
    assert PracticePage.objects.get().provision_links.get().provision == global_one


def test_ids_that_are_not_ascii_digits_are_ignored(member_client, practice_index):
    # "¹" and "٣" pass str.isdigit(); hypothesis found the first one.
    for bad in ("¹", "٣", "9" * 30, "-1"):
        response = submit(member_client, provisions=[bad], frameworks=[bad], action="refresh")
        assert response.status_code == 200
