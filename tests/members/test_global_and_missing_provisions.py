"""Global resolutions' paragraphs are always offered in the form; a country whose plan has no
provisions entered is named, and the member's own description of a provision reaches the
editors as a suggested provision, never the public."""

import json

import pytest

from practices.models import PracticePage, SuggestedProvision
from practices.submission import remove_member_practices
from tests.factories import FrameworkPageFactory, ProvisionFactory, editor

from .helpers import post_form, submit_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(practice_index):
    """Resolution 1325 with two operative paragraphs, adopted before a later one."""
    res = FrameworkPageFactory(
        title="S/RES/1325 (2000)", slug="s-res-1325-2000", kind="global", country="",
        adopted_year=2000,
    )  # fmt: skip
    later = FrameworkPageFactory(
        title="S/RES/1820 (2008)", slug="s-res-1820-2008", kind="global", country="",
        adopted_year=2008,
    )  # fmt: skip
    first = ProvisionFactory(
        framework=res,
        code="1",
        text="Urges member states to ensure "
        "increased representation of women at all decision-making levels.",
    )
    eighth = ProvisionFactory(
        framework=res,
        code="8",
        text="Calls on all actors negotiating peace agreements to adopt a gender perspective.",
    )
    other = ProvisionFactory(
        framework=later,
        code="3",
        text="Demands that all parties to armed conflict take measures against sexual violence.",
    )
    return res, [first, eighth], later, [other]


@pytest.fixture
def mali_plan(practice_index):
    return FrameworkPageFactory(title="Mali NAP (3)", slug="nap-ml-3", country="ML")


def test_global_paragraphs_are_offered_whatever_the_countries(member_client, resolution):
    res, paragraphs, later, others = resolution
    kenyan = ProvisionFactory(framework__country="KE", framework__title="Kenya NAP (2)")
    for countries in (["ML"], ["KE"], ["ML", "NG"]):
        response = post_form(member_client, countries=countries, action="refresh")
        assert response.status_code == 200
        groups = [
            (g["title"], [r["provision"] for r in g["rows"]])
            for g in response.context["form"].picker_groups()
            if not g["title"].startswith("Suggested")
        ]
        suggested = {
            r["provision"]
            for g in response.context["form"].picker_groups()
            if g["title"].startswith("Suggested")
            for r in g["rows"]
        }
        # The country's own plan first, then the resolutions in the order they were adopted,
        # each with its paragraphs (less those suggested above them).
        own = [kenyan] if countries == ["KE"] and kenyan not in suggested else []
        expected = [("Kenya NAP (2)", own)]
        expected += [
            ("S/RES/1325 (2000)", [p for p in paragraphs if p not in suggested]),
            ("S/RES/1820 (2008)", [p for p in others if p not in suggested]),
        ]
        assert groups == [(t, rows) for t, rows in expected if rows], countries
        html = response.content.decode()
        for provision in paragraphs + others:
            assert f'name="provisions" value="{provision.pk}"' in html


def test_a_global_paragraph_is_linked_from_the_form(member_client, resolution):
    res, (first, eighth), *_ = resolution
    practice = submit_new(
        member_client, countries=["ML"], provisions=[str(eighth.pk)],
        **{f"relation_{eighth.pk}": "advocates-for"},
    )  # fmt: skip
    link = practice.provision_links.get()
    assert (link.provision, link.relation) == (eighth, "advocates-for")


def test_per_country_sentences(member_client, resolution, mali_plan):
    FrameworkPageFactory(title="Nigeria NAP (1)", country="NG")
    FrameworkPageFactory(title="Nigeria NAP (2)", country="NG")
    ProvisionFactory(framework__country="KE", framework__title="Kenya NAP (2)")
    response = post_form(member_client, countries=["ML", "NG", "TD", "KE"], action="refresh")
    html = response.content.decode()
    assert "Mali’s plan is in the registry, but its provisions have not been entered yet." in html
    assert (
        "Nigeria’s 2 plans are in the registry, but their provisions have not been entered yet."
        in html
    )
    assert "Chad has no plan in the registry yet." in html
    # Kenya's plan has its provisions: nothing to say.
    assert "Kenya" not in " ".join(response.context["form"].country_notes)
    # Three plans to describe a provision of: the member says which.
    assert [f.title for f in response.context["form"].unentered_plans] == [
        "Mali NAP (3)", "Nigeria NAP (1)", "Nigeria NAP (2)",
    ]  # fmt: skip
    assert 'name="missing_plan"' in html and 'name="missing_text"' in html


def test_no_place_to_describe_when_every_plan_has_provisions(member_client, resolution):
    ProvisionFactory(framework__country="KE")
    html = post_form(member_client, countries=["KE"], action="refresh").content.decode()
    assert 'name="missing_text"' not in html
    assert "not been entered yet" not in html


def test_a_described_provision_reaches_the_editors_only(
    member, member_client, client, resolution, mali_plan
):
    res, (first, eighth), *_ = resolution
    practice = submit_new(
        member_client,
        countries=["ML"],
        provisions=[str(first.pk)],
        missing_text="Train <b>women</b> mediators in every cercle of Mopti.",
        missing_reference="p. 14, paragraph 3.2",
    )
    suggested = SuggestedProvision.objects.get()
    assert (suggested.framework, suggested.practice_id, suggested.member) == (
        mali_plan, practice.pk, member,
    )  # fmt: skip
    assert suggested.text == "Train <b>women</b> mediators in every cercle of Mopti."
    assert (suggested.reference, suggested.status) == ("p. 14, paragraph 3.2", "new")

    # The editors see it in the admin's listing and can mark it entered.
    admin = client
    admin.force_login(editor("editor-1"))
    listing = admin.get("/admin/snippets/practices/suggestedprovision/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Mopti" in html and "<b>women</b>" not in html and "Mali NAP (3)" in html
    edit = admin.get(f"/admin/snippets/practices/suggestedprovision/edit/{suggested.pk}/")
    assert edit.status_code == 200 and "p. 14, paragraph 3.2" in edit.content.decode()

    # Published, the practice shows its 1325 paragraph, never the member's words; nor does
    # the API.
    page = PracticePage.objects.get(pk=practice.pk)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    anonymous = type(client)()
    public = anonymous.get(page.url)
    assert public.status_code == 200
    assert "Mopti" not in public.content.decode()
    assert first.text[:40] in public.content.decode()
    for url in (
        f"/api/v1/practices/{page.pk}/", "/api/v1/practices/",
        f"/api/v1/frameworks/{mali_plan.pk}/", "/practices/export.csv",
    ):  # fmt: skip
        response = anonymous.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if getattr(response, "streaming", False) else response.content
        # The practice's results show the 1325 paragraph it links to (by its address).
        assert "/provisions/" in body.decode() or "/frameworks/" in url or "csv" in url
        assert "Mopti" not in body.decode() and "paragraph 3.2" not in body.decode()
    assert anonymous.get("/admin/snippets/practices/suggestedprovision/").status_code == 302


def test_the_member_says_which_plan_when_there_are_several(member_client, resolution):
    FrameworkPageFactory(title="Nigeria NAP (1)", country="NG")
    second = FrameworkPageFactory(title="Nigeria NAP (2)", country="NG")
    response = post_form(
        member_client, countries=["NG"], missing_text="Women in security sector reform.",
        action="submit",
    )  # fmt: skip
    assert response.status_code == 400
    assert "Say which plan" in response.content.decode()
    assert not SuggestedProvision.objects.exists()
    submit_new(
        member_client, countries=["NG"], missing_text="Women in security sector reform.",
        missing_plan=str(second.pk),
    )  # fmt: skip
    assert SuggestedProvision.objects.get().framework == second


def test_lengths_are_validated_and_show_provisions_saves_nothing(
    member_client, resolution, mali_plan
):
    response = post_form(
        member_client, countries=["ML"], missing_text="x" * (SuggestedProvision.MAX_TEXT + 1),
        missing_reference="y" * 300, action="submit",
    )  # fmt: skip
    assert response.status_code == 400
    form = response.context["form"]
    assert "missing_text" in form.errors and "missing_reference" in form.errors
    post_form(member_client, countries=["ML"], missing_text="Some words.", action="refresh")
    assert not SuggestedProvision.objects.exists()
    # A page number without a description is refused.
    response = post_form(member_client, countries=["ML"], missing_reference="p. 3",
                         action="submit")  # fmt: skip
    assert response.status_code == 400 and "missing_text" in response.context["form"].errors


def test_a_plan_of_another_country_cannot_be_named(member_client, resolution, mali_plan):
    chad = FrameworkPageFactory(title="Chad NAP (1)", country="TD")
    response = post_form(
        member_client, countries=["ML"], missing_text="Words.", missing_plan=str(chad.pk),
        action="submit",
    )  # fmt: skip
    assert response.status_code == 400
    assert not SuggestedProvision.objects.exists()


def test_in_the_data_download_and_gone_with_the_account(
    member, member_client, resolution, mali_plan
):
    practice = submit_new(
        member_client, countries=["ML"], missing_text="Radio programmes on the plan.",
        missing_reference="p. 9",
    )  # fmt: skip
    download = member_client.get("/my/account/data.json")
    assert download.status_code == 200
    data = json.loads(b"".join(download) if download.streaming else download.content)
    if True:
        assert data["suggested_provisions"] == [
            {
                "plan": "Mali NAP (3)", "practice": practice.title,
                "text": "Radio programmes on the plan.", "reference": "p. 9", "status": "New",
                "created_at": SuggestedProvision.objects.get().created_at.isoformat(),
            }
        ]  # fmt: skip
    # The practice was never published: it goes with the account, and its suggestion too.
    remove_member_practices(member)
    member.delete()
    assert not SuggestedProvision.objects.exists()


def test_kept_anonymous_with_a_published_practice(member, member_client, resolution, mali_plan):
    practice = submit_new(
        member_client, countries=["ML"], missing_text="Radio programmes on the plan."
    )
    PracticePage.objects.get(pk=practice.pk).get_latest_revision().publish()
    remove_member_practices(member)
    member.delete()
    suggested = SuggestedProvision.objects.get()
    assert suggested.member is None and suggested.practice_id == practice.pk


@pytest.mark.parametrize("restriction", ["password", "groups"])
def test_view_restricted_plans_and_resolutions_are_not_offered(
    member_client, resolution, mali_plan, restriction
):
    from django.contrib.auth.models import Group

    from wagtail.models import PageViewRestriction

    res, (first, eighth), later, (other,) = resolution
    kenyan = ProvisionFactory(framework__country="KE", framework__title="Kenya NAP (2)")
    for page in (later, kenyan.framework, mali_plan):
        view = PageViewRestriction.objects.create(
            page=page, restriction_type=restriction, password="secret"
        )
        if restriction == "groups":
            view.groups.add(Group.objects.create(name=f"Insiders {page.pk}"))
    response = post_form(
        member_client, countries=["ML", "KE"], provisions=[str(other.pk)], action="refresh"
    )
    html = response.content.decode()
    offered = {r["provision"] for g in response.context["form"].picker_groups() for r in g["rows"]}
    assert offered == {first, eighth}
    for hidden in ("S/RES/1820 (2008)", "Kenya NAP (2)", "Mali NAP (3)", other.text):
        assert hidden not in html
    assert response.context["form"].unentered_plans == []
    assert "Mali has no plan in the registry yet." in html
    # Naming the restricted plan, or ticking its provision, is refused.
    response = post_form(
        member_client, countries=["ML"], missing_text="Words.", missing_plan=str(mali_plan.pk),
        action="submit",
    )  # fmt: skip
    assert response.status_code == 400
    assert not SuggestedProvision.objects.exists()
    response = post_form(
        member_client, countries=["ML"], provisions=[str(other.pk)], action="submit",
        **{f"relation_{other.pk}": "implements"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not PracticePage.objects.filter(provision_links__provision=other).exists()
