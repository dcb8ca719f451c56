import io

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

from frameworks.models import FrameworkPage, Provision
from practices.models import PracticePage

pytestmark = pytest.mark.django_db


@pytest.mark.data
def test_demo_loads_the_real_data_once_and_creates_three_accounts(settings, home_page):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    assert FrameworkPage.objects.live().count() == 169
    assert Provision.objects.count() == 268
    assert Provision.objects.filter(framework__kind="global").count() == 31
    # The 23 sample practices and the 10 written in French, Spanish and Arabic.
    assert PracticePage.objects.live().count() == 33
    assert sorted(set(PracticePage.objects.values_list("language", flat=True))) == [
        "ar",
        "en",
        "es",
        "fr",
    ]
    # The practices come with the editors' links to provisions, global ones included.
    linked = PracticePage.objects.filter(provision_links__isnull=False).distinct()
    assert linked.count() == 28
    resolution = FrameworkPage.objects.get(external_id="s-res-1325-2000")
    assert Provision.objects.filter(framework=resolution, practice_links__isnull=False).exists()
    # So are provisions of Kenya's and Sierra Leone's plans, each to a published practice.
    for external_id, code in (("s-res-1325-2000", "8"), ("nap-ke-2", "1"), ("nap-sl-1", "1[b]")):
        provision = Provision.objects.get(framework__external_id=external_id, code=code)
        practices = (
            PracticePage.objects.live().public().filter(provision_links__provision=provision)
        )
        assert practices.exists(), (external_id, code)
    assert FrameworkPage.objects.filter(kind="nap").exclude(budget="unknown").count() == 44
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["admin", "editor", "member"]
    assert users.get(username="admin").is_superuser
    assert users.get(username="editor").groups.filter(name="Editors").exists()
    member = users.get(username="member")
    assert not member.is_staff and not member.groups.exists()
    assert "editor@example.org / editor-dev-only-password" in out.getvalue()

    second = io.StringIO()
    call_command("setup_demo", stdout=second)
    assert "Loading the demo data" not in second.getvalue()
    assert PracticePage.objects.count() == 33
    assert get_user_model().objects.count() == 3


def test_demo_refuses_to_run_without_debug(settings, home_page):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG only"):
        call_command("setup_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_the_demo_member_signs_in_by_email_as_the_readme_says(client, home_page):
    from kb.management.commands.setup_demo import Command

    Command(stdout=io.StringIO()).ensure_accounts()
    response = client.post(
        "/accounts/login/",
        {"login": "member@example.org", "password": "member-dev-only-password"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/my/submissions/"
    # A second run changes nothing.
    Command(stdout=io.StringIO()).ensure_accounts()
    assert get_user_model().objects.get(username="member").emailaddress_set.count() == 1


def test_every_account_of_the_readme_table_signs_in_as_typed(home_page):
    """What the README's demo table says to type signs in, and the name it gives is shown."""
    import re
    from pathlib import Path

    from django.conf import settings
    from django.test import Client

    from kb.management.commands.setup_demo import Command

    Command(stdout=io.StringIO()).ensure_accounts()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| ([^|]+) \|", readme, re.M)
    assert len(rows) == 3, rows
    for login, password, shown_as in rows:
        client = Client()
        response = client.post("/accounts/login/", {"login": login, "password": password})
        assert response.status_code == 302, login
        assert shown_as.strip() in client.get("/my/account/").content.decode(), login
