"""publish_attachments moves a document that the newly published version no longer attaches
back to the private collection when no *PracticeAttachment* uses it, without looking at the
other things that use documents: a framework's own text (FrameworkPage.document). A document
an editor attached to a member's practice (e.g. the national action plan's PDF) and that the
member later removes disappears from the public framework page once the editors approve."""

from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from practices.models import PracticeAttachment, PracticePage
from tests.factories import FrameworkPageFactory
from tests.files import pdf_bytes
from tests.members.helpers import edit, submit_new, task_state_of
from tests.utils import after_commit

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def test_a_framework_document_stays_public_when_a_practice_drops_it(
    member_client, an_editor, practice_index, framework_index
):
    from django.core.files.base import ContentFile

    nap_pdf = get_document_model().objects.create(
        title="Kenya NAP",
        file=ContentFile(PDF, name="kenya-nap.pdf"),
        collection=Collection.get_first_root_node(),
    )
    framework = FrameworkPageFactory(title="Kenya NAP", document=nap_pdf)
    url = nap_pdf.url
    assert Client().get(url).status_code == 200

    # The member submits; the editor adds the plan's PDF while reviewing, then approves.
    practice = submit_new(member_client)
    latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    latest.attachments = [PracticeAttachment(document=nap_pdf)]
    latest.save_revision(user=an_editor)
    with after_commit():
        task_state_of(practice).approve(user=an_editor)
    assert PracticePage.objects.get(pk=practice.pk).attachments.count() == 1

    # The member takes it off their practice; the editors approve.
    edit(member_client, practice, remove_attachments=[str(nap_pdf.pk)], action="submit")
    with after_commit():
        task_state_of(practice).approve(user=an_editor)

    assert Client().get(framework.url).status_code == 200
    assert Client().get(url).status_code == 200, "the framework's own text is no longer public"
