"""A title with a line break is accepted by the form and then breaks every e-mail whose subject
carries it: the editors' notification, the member's, and the contact relay."""

from django.core import mail

import pytest

from practices.models import PracticePage
from tests.factories import PracticePageFactory
from tests.utils import after_commit

from .helpers import submit_new, task_state_of

pytestmark = pytest.mark.django_db

TITLE = "Women mediators\nof Wajir"


def test_title_with_a_line_break_is_refused_or_mail_still_goes(
    member_client, member, an_editor, practice_index
):
    practice = submit_new(member_client, title=TITLE, action="submit")
    # Either the form refuses the line break, or the editors still hear of the submission.
    if "\n" in PracticePage.objects.get(pk=practice.pk).title:
        assert any(an_editor.email in m.to for m in mail.outbox), "editors not notified"
        mail.outbox.clear()
        with after_commit():
            task_state_of(practice).approve(user=an_editor)
        assert any(member.email in m.to for m in mail.outbox), "member not told of approval"


def test_relay_to_a_practice_whose_title_has_a_line_break(client, practice_index):
    practice = PracticePageFactory(
        title="Peace huts\r\nBcc: x@example.org", contact_email="c@example.org"
    )
    with after_commit():
        response = client.post(
            f"/contact/practice/{practice.pk}/",
            {"name": "Visitor", "email": "v@example.org", "message": "Hello"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["c@example.org"]], "relay message lost"
