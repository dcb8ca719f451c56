"""Monitoring notes: validation, the member's submission (confirmed organisations only), the
review workflow they share with practices, the provision's timeline, the summaries by latest
observed status, and what deleting an account does to them."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from core.setup import apply_site_setup
from core.vocabulary import ObservedStatus
from monitoring import review, stats
from monitoring.models import MonitoringNote
from practices.submission import Status
from tests.factories import FrameworkPageFactory, OrganisationFactory, ProvisionFactory, member_of

from .conftest import make_note, publish

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def note_for(provision, organisation, **fields):
    values = {
        "status": ObservedStatus.ACHIEVED,
        "from_year": YEAR - 2,
        "to_year": YEAR - 1,
        "evidence": "Seen.",
    }
    values.update(fields)
    return MonitoringNote(provision=provision, organisation=organisation, **values)


def form_data(**overrides):
    data = {
        "status": "stalled-or-reversed",
        "from_year": str(YEAR - 1),
        "from_month": "3",
        "to_year": str(YEAR - 1),
        "to_month": "9",
        "evidence": "The county stopped funding the women's peace forum in June.",
        "source_url": "https://example.org/county-budget",
        "local_women_organisations": "yes",
        "location": "Wajir East",
    }
    data.update(overrides)
    return data


# Validation


def test_a_valid_note_passes(provisions, organisation):
    note_for(provisions[0], organisation).full_clean()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"from_year": YEAR - 1, "to_year": YEAR - 2}, "to_year"),
        ({"from_year": YEAR - 1, "from_month": 6, "to_year": YEAR - 1, "to_month": 5}, "to_year"),
        ({"from_year": YEAR + 1, "to_year": YEAR + 1}, "from_year"),
        ({"from_year": YEAR - 1, "to_year": YEAR + 1}, "to_year"),
        ({"source_url": "ftp://example.org/x"}, "source_url"),
        ({"evidence": "x" * 2001}, "evidence"),
        ({"status": "finished"}, "status"),
        ({"from_month": 13}, "from_month"),
    ],
)
def test_invalid_notes_are_refused(provisions, organisation, fields, field):
    with pytest.raises(ValidationError) as refused:
        note_for(provisions[0], organisation, **fields).full_clean()
    assert field in refused.value.message_dict


def test_a_year_and_a_month_in_the_same_year_are_in_order(provisions, organisation):
    # The year alone covers the whole year: from 2024 to March 2024 is not refused.
    note_for(
        provisions[0], organisation, from_year=YEAR - 1, to_year=YEAR - 1, to_month=3
    ).full_clean()
    assert (
        note_for(
            provisions[0], organisation, from_year=YEAR - 1, from_month=2, to_year=YEAR - 1
        ).period_label
        == f"February {YEAR - 1} – {YEAR - 1}"
    )


def test_this_month_is_not_the_future(provisions, organisation):
    today = timezone.localdate()
    note_for(
        provisions[0],
        organisation,
        from_year=today.year,
        from_month=today.month,
        to_year=today.year,
        to_month=today.month,
    ).full_clean()


# The workflow


def test_setup_assigns_the_review_workflow_to_notes_once(practice_index):
    note = MonitoringNote()
    assert note.get_workflow().name == "Practice review"
    from django.apps import apps

    assert apply_site_setup(apps) == []


def test_submit_review_approve_publishes_onto_the_timeline(
    provisions, organisation, member, an_editor, client
):
    note = make_note(provisions[0], organisation, member)
    assert review.status_of(note) == (Status.IN_REVIEW, "")
    assert not note.live
    page = client.get(provisions[0].url)
    assert "Two district peace committees" not in page.content.decode()
    assert stats.latest_statuses([provisions[0].pk]) == {}

    publish(note, an_editor)
    assert note.live
    assert review.status_of(note) == (Status.PUBLISHED, "")
    page = client.get(provisions[0].url).content.decode()
    assert "Two district peace committees" in page
    assert "Wajir Women for Peace" in page
    assert stats.latest_statuses([provisions[0].pk]) == {provisions[0].pk: "in-progress"}


def test_rejected_note_is_never_public(provisions, organisation, member, an_editor, client):
    note = make_note(provisions[0], organisation, member, evidence="A rejected observation.")
    task_state = note.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, an_editor, "decline", comment="No source.")
    note.refresh_from_db()
    assert not note.live
    assert review.status_of(note) == (Status.REJECTED, "No source.")
    assert "A rejected observation." not in client.get(provisions[0].url).content.decode()
    assert stats.latest_statuses([provisions[0].pk]) == {}


def test_editor_approves_in_the_admin(provisions, organisation, member, editor_client, client):
    note = make_note(provisions[0], organisation, member)
    task_state = note.current_workflow_state.current_task_state
    url = (
        f"/admin/snippets/monitoring/monitoringnote/workflow/action/{note.pk}/approve/"
        f"{task_state.pk}/"
    )
    response = editor_client.post(url, {})
    assert response.status_code in (200, 302)
    note.refresh_from_db()
    assert note.live
    assert note.current_workflow_state is None
    assert WorkflowState.objects.for_instance(note).get().status == "approved"
    edit = editor_client.get(f"/admin/snippets/monitoring/monitoringnote/edit/{note.pk}/")
    assert edit.status_code == 200


# The member's submission


def test_member_of_a_confirmed_organisation_submits_from_the_provision(
    provisions, member_client, practice_index
):
    page = member_client.get(provisions[0].url).content.decode()
    report = f"/monitoring/report/{provisions[0].pk}/"
    assert report in page
    assert member_client.get(report).status_code == 200
    response = member_client.post(report, form_data())
    assert response.status_code == 302
    note = MonitoringNote.objects.get()
    assert note.provision == provisions[0]
    assert note.organisation.name == "Wajir Women for Peace"
    assert note.status == "stalled-or-reversed"
    assert review.status_of(note)[0] == Status.IN_REVIEW
    mine = member_client.get("/my/submissions/").content.decode()
    assert "My monitoring notes" in mine
    assert "In review" in mine and "Stalled or reversed" in mine


@pytest.mark.parametrize(
    "membership_confirmed, organisation_confirmed", [(False, True), (True, False)]
)
def test_members_of_unconfirmed_organisations_are_refused(
    provisions, client, practice_index, membership_confirmed, organisation_confirmed
):
    organisation = OrganisationFactory(name="Not yet checked", confirmed=organisation_confirmed)
    user = member_of(organisation, username="newcomer", confirmed=membership_confirmed)
    client.force_login(user)
    report = f"/monitoring/report/{provisions[0].pk}/"
    response = client.get(report)
    assert response.status_code == 403
    assert "confirmed" in response.content.decode()
    assert client.post(report, form_data()).status_code == 403
    assert not MonitoringNote.objects.exists()


def test_a_member_without_organisation_is_refused_and_a_visitor_signs_in(
    provisions, client, practice_index
):
    report = f"/monitoring/report/{provisions[0].pk}/"
    assert client.get(report).status_code == 302
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="alone"))
    assert client.get(report).status_code == 403


@pytest.mark.parametrize("key", ["999999999999999999999999", "0", "abc", "-1"])
def test_unknown_provisions_are_not_found(member_client, key, practice_index):
    assert member_client.get(f"/monitoring/report/{key}/").status_code == 404


def test_invalid_form_keeps_what_was_typed(provisions, member_client, practice_index):
    response = member_client.post(
        f"/monitoring/report/{provisions[0].pk}/",
        form_data(from_year=str(YEAR + 3), to_year=str(YEAR + 3)),
    )
    assert response.status_code == 400
    assert "The county stopped funding" in response.content.decode()
    assert not MonitoringNote.objects.exists()


def test_a_note_of_a_draft_framework_cannot_be_reported(member_client, practice_index):
    hidden = FrameworkPageFactory(title="Draft plan", live=False)
    provision = ProvisionFactory(framework=hidden, code="9.9")
    assert member_client.get(f"/monitoring/report/{provision.pk}/").status_code == 404


# Timeline and summaries


def test_timeline_is_newest_first_with_the_latest_status_prominent(
    provisions, organisation, member, an_editor, client
):
    old = make_note(
        provisions[1], organisation, member, status="not-started", from_year=YEAR - 3,
        to_year=YEAR - 3, evidence="Nothing had begun.",
    )  # fmt: skip
    new = make_note(
        provisions[1], organisation, member, status="achieved", from_year=YEAR - 1,
        to_year=YEAR - 1, to_month=5, evidence="The quota was met.",
    )  # fmt: skip
    publish(new, an_editor)
    publish(old, an_editor)
    page = client.get(provisions[1].url).content.decode()
    assert page.index("The quota was met.") < page.index("Nothing had begun.")
    latest = page[page.index('class="latest-status"') :][:300]
    assert "Achieved" in latest


def test_withheld_organisation_and_place_never_appear(
    provisions, organisation, member, an_editor, client
):
    note = make_note(
        provisions[0], organisation, member, withhold_organisation=True,
        country_level_only=True, location="Griftu village",
    )  # fmt: skip
    publish(note, an_editor)
    page = client.get(provisions[0].url).content.decode()
    assert "Two district peace committees" in page
    assert "Wajir Women for Peace" not in page
    assert "Griftu village" not in page
    assert "name withheld" in page


def test_summary_counts_by_latest_observed_status(
    provisions, framework, organisation, member, an_editor, client
):
    # Made by hand: 1.1 achieved after in progress (latest achieved); 1.2 stalled; 2.1 only a
    # note in review (not observed); 2.2 nothing. So achieved 1, stalled 1, not observed 2.
    p11, p12, p21, _p22 = provisions
    earlier = {"from_year": YEAR - 3, "to_year": YEAR - 3}
    later = {"from_year": YEAR - 1, "to_year": YEAR - 1}
    publish(make_note(p11, organisation, member, status="in-progress", **earlier), an_editor)
    publish(make_note(p11, organisation, member, status="achieved", **later), an_editor)
    publish(make_note(p12, organisation, member, status="stalled-or-reversed"), an_editor)
    make_note(p21, organisation, member, status="achieved")
    summary = stats.status_summary([p.pk for p in provisions])
    counts = {row["code"]: row["count"] for row in summary["rows"]}
    assert counts == {
        "not-started": 0,
        "in-progress": 0,
        "achieved": 1,
        "stalled-or-reversed": 1,
        "unknown": 0,
        "not-observed": 2,
    }
    assert summary["total"] == 4 and summary["observed"] == 2

    page = client.get(framework.url).content.decode()
    table = page[page.index("Provisions by latest observed status") :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">Achieved</th><td>1</td>' in table
    assert '<th scope="row">Not yet observed</th><td>2</td>' in table

    profile = client.get("/countries/KE/").content.decode()
    table = profile[profile.index("Provisions by latest observed status") :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">Stalled or reversed</th><td>1</td>' in table
    assert '<th scope="row">Not yet observed</th><td>2</td>' in table


# Account removal


def test_account_removal_keeps_published_notes_anonymous_and_deletes_the_rest(
    provisions, organisation, member, member_client, an_editor
):
    published = publish(make_note(provisions[0], organisation, member), an_editor)
    pending = make_note(provisions[1], organisation, member)
    response = member_client.post("/my/account/delete/", {"confirm": "delete"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.live and published.author is None
    assert not published.revisions.filter(user__isnull=False).exists()
    assert not MonitoringNote.objects.filter(pk=pending.pk).exists()


# The member's e-mails and data


def test_member_is_told_of_approval_and_rejection(
    provisions, organisation, member, an_editor, settings
):
    from django.core import mail

    from members.contribution import quiet_admin_notifications
    from tests.utils import after_commit

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    quiet_admin_notifications(member)  # as the member's form does

    def to_member():
        return [m for m in mail.outbox if m.to == [member.email]]

    mail.outbox.clear()
    with after_commit():
        publish(make_note(provisions[0], organisation, member), an_editor)
    (approved,) = to_member()
    assert approved.to == [member.email]
    assert "Published" in approved.subject and "1.1" in approved.subject
    assert "/my/submissions/" in approved.body

    mail.outbox.clear()
    note = make_note(provisions[1], organisation, member)
    task_state = note.current_workflow_state.current_task_state
    with after_commit():
        task_state.task.specific.on_action(task_state, an_editor, "decline", comment="No source.")
    (rejected,) = to_member()
    assert "Not accepted" in rejected.subject
    assert "No source." in rejected.body


def test_the_data_download_holds_the_members_notes(
    provisions, organisation, member, member_client, an_editor
):
    make_note(provisions[0], organisation, member, evidence="My own observation.")
    data = member_client.get("/my/account/data.json").json()
    (note,) = data["monitoring_notes"]
    assert note["evidence"] == "My own observation."
    assert note["review_status"] == "in-review"
    assert note["provision"] == "1.1"


@pytest.mark.parametrize(
    "overrides",
    [
        {"from_year": "9" * 400, "to_year": "9" * 400},
        {"from_month": "99"},
        {"status": "<script>"},
        {"evidence": "null \x00 byte"},
        {"source_url": "javascript:alert(1)"},
        {"local_women_organisations": "maybe"},
    ],
)
def test_hostile_input_is_refused_plainly(provisions, member_client, practice_index, overrides):
    response = member_client.post(f"/monitoring/report/{provisions[0].pk}/", form_data(**overrides))
    assert response.status_code == 400
    assert not MonitoringNote.objects.exists()


def test_changes_requested_the_member_corrects_and_the_review_resumes(
    provisions, organisation, member, member_client, other_client, an_editor, client
):
    note = make_note(provisions[0], organisation, member, evidence="First words.")
    edit = f"/my/monitoring/{note.pk}/edit/"
    # In review: not edited here.
    assert member_client.get(edit).status_code == 404
    task_state = note.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, an_editor, "reject", comment="Add the month.")
    note.refresh_from_db()
    assert review.status_of(note) == (Status.CHANGES_REQUESTED, "Add the month.")
    mine = member_client.get("/my/submissions/").content.decode()
    assert edit in mine and "Add the month." in mine
    # Another member cannot open it.
    assert other_client.get(edit).status_code == 404

    page = member_client.get(edit)
    assert page.status_code == 200 and "First words." in page.content.decode()
    response = member_client.post(edit, form_data(evidence="Corrected words."))
    assert response.status_code == 302
    note.refresh_from_db()
    assert review.status_of(note) == (Status.IN_REVIEW, "")
    assert not note.live
    publish(note, an_editor)
    page = client.get(provisions[0].url).content.decode()
    assert "Corrected words." in page and "First words." not in page
    assert MonitoringNote.objects.count() == 1


def test_the_autosave_does_not_act_on_a_notes_review(
    provisions, organisation, member, editor_client
):
    """The snippet editor's autosave posts its form with the hidden fields a review action
    adds to it, as the page editor's does: it must not approve the note (the form's own
    submission does)."""
    from tests.practices.test_review_from_editor import EditForm

    class SnippetForm(EditForm):
        def handle_starttag(self, tag, attrs):
            if tag == "form" and dict(attrs).get("id") == "w-editor-form":
                self.inside = True
            super().handle_starttag(tag, attrs)

    note = make_note(provisions[0], organisation, member)
    url = f"/admin/snippets/monitoring/monitoringnote/edit/{note.pk}/"
    parser = SnippetForm()
    parser.feed(editor_client.get(url).content.decode())
    assert parser.data, "the snippet editor's form was not found"
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update({"action-workflow-action": ["true"], "workflow-action-name": ["approve"]})
    response = editor_client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    note.refresh_from_db()
    assert not note.live
    assert note.current_workflow_state is not None
    # The form's own submission takes the decision.
    response = editor_client.post(url, data)
    assert response.status_code in (200, 302)
    note.refresh_from_db()
    assert note.live
