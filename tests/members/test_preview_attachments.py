"""A member previewing their own unpublished practice gets links to its attachments at
/documents/<id>/<name> (the public template), which the private collection refuses them: a
signed-in member is sent to the log-in page, which sends them on to My submissions. The
member's own download route (/my/submissions/<pk>/attachments/<id>/) is never linked there."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests.files import pdf_bytes
from tests.members.helpers import submit_new

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def test_attachment_links_in_the_members_preview_open_for_the_member(member_client, practice_index):
    upload = SimpleUploadedFile("names-of-mediators.pdf", PDF, "application/pdf")
    practice = submit_new(member_client, attachments=upload)
    html = member_client.get(f"/my/submissions/{practice.pk}/preview/").content.decode()
    links = re.findall(r'href="([^"]*(?:documents|attachments)/[^"]+)"', html)
    assert links, "the preview lists the attachment"
    for link in links:
        response = member_client.get(link)
        assert response.status_code == 200, (link, response.status_code, response.get("Location"))
