"""/my/account/data.json promises "everything the registry holds about" the member (issue 3)."""

import json

import pytest

from actions.models import Participation
from practices.models import OrganisationMembership
from tests.factories import JointActionPageFactory, OrganisationFactory
from tests.members.helpers import submit_new, task_state_of
from tests.utils import after_commit

pytestmark = pytest.mark.django_db


def download(client):
    response = client.get("/my/account/data.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_data_download_includes_the_joint_actions_the_member_joined(
    member, member_client, home_page
):
    organisation = OrganisationFactory(name="Wajir Women for Peace")
    OrganisationMembership.objects.create(user=member, organisation=organisation, confirmed=True)
    action = JointActionPageFactory(title="Localise the Kenyan NAP")
    # Participation.joined_by is a record of this member (who joined, when) held by the registry.
    Participation.objects.create(action=action, organisation=organisation, joined_by=member)

    body = json.dumps(download(member_client))
    assert "Localise the Kenyan NAP" in body


def test_data_download_includes_the_editors_comments_on_the_members_practices(
    member_client, an_editor, practice_index
):
    practice = submit_new(member_client)
    with after_commit():
        task_state_of(practice).specific.task.specific.on_action(
            task_state_of(practice), an_editor, "reject", comment="Please add the dates."
        )
    # My submissions shows this comment; the download does not.
    assert "Please add the dates." in member_client.get("/my/submissions/").content.decode()
    assert "Please add the dates." in json.dumps(download(member_client))
