"""A public export names only the organisations and links the public sees (confirmed
organisations, links to live frameworks), as the API does; importing it, or the API's output, back
over the site keeps the others where they were, while the ones a record could show follow it; a
full export round-trips everything through an empty site."""

import io
import json

from django.core.management import call_command

import pytest

from practices.models import Organisation, PracticePage
from tests.factories import FrameworkPageFactory, ProvisionFactory

pytestmark = pytest.mark.django_db

# The unconfirmed organisation leads, and the draft plan's links come first, so that keeping
# them anywhere but in their place shows.
RECORD = {
    "external_id": "practice-market",
    "title": "Market women's peace network",
    "summary": "Women mediators resolve land disputes.",
    "description": "A network of trained women mediators meets monthly with elders.",
    "organisations": ["Unverified Sisters Circle", "Bay Women's Network"],
    "countries": ["SO"],
    "provisions": [
        {"framework": "nap-ke-9", "code": "2.3", "relation": "monitors"},
        {"framework": "nap-so-1", "code": "1.1", "relation": "implements"},
    ],
    "frameworks": ["nap-ke-9", "nap-so-1"],
}

AS_IMPORTED = {
    "organisations": ["Unverified Sisters Circle", "Bay Women's Network"],
    "provisions": [("nap-ke-9", "2.3", "monitors"), ("nap-so-1", "1.1", "implements")],
    "frameworks": ["nap-ke-9", "nap-so-1"],
}


def import_records(tmp_path, records, name="import.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"practices": records}), "utf-8")
    import_file(path)


def import_file(path):
    call_command("import_practices", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def export(tmp_path, *args, name="export.json"):
    path = tmp_path / name
    call_command("export_practices", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return path.read_text("utf-8")


def stored():
    page = PracticePage.objects.get()
    return {
        "organisations": [o.name for o in page.organisations],
        "provisions": [
            (link.provision.framework.external_id, link.provision.code, link.relation)
            for link in page.provision_links.all()
        ],
        "frameworks": [link.framework.external_id for link in page.framework_links.all()],
    }


@pytest.fixture
def practice(tmp_path, framework_index, practice_index):
    live_plan = FrameworkPageFactory(external_id="nap-so-1", slug="nap-so-1", country="SO")
    draft_plan = FrameworkPageFactory(external_id="nap-ke-9", slug="nap-ke-9", live=False)
    for code in ("1.1", "1.2"):
        ProvisionFactory(framework=live_plan, code=code)
    ProvisionFactory(framework=draft_plan, code="2.3")
    import_records(tmp_path, [RECORD])
    Organisation.objects.filter(name="Unverified Sisters Circle").update(confirmed=False)
    assert stored() == AS_IMPORTED


def test_a_public_export_leaves_out_what_the_public_may_not_see(tmp_path, practice):
    text = export(tmp_path)
    assert "Unverified Sisters" not in text and "nap-ke-9" not in text
    (record,) = json.loads(text)["practices"]
    assert record["organisations"] == ["Bay Women's Network"]
    assert record["provisions"] == [
        {"framework": "nap-so-1", "code": "1.1", "relation": "implements"}
    ]
    assert record["frameworks"] == ["nap-so-1"]


def test_a_public_export_names_what_the_api_names(client, tmp_path, practice):
    (record,) = json.loads(export(tmp_path))["practices"]
    detail = client.get(f"/api/v1/practices/{PracticePage.objects.get().pk}/").json()
    assert record["organisations"] == detail["organisations"]
    assert record["provisions"] == [
        {key: value for key, value in link.items() if key != "url"} for link in detail["provisions"]
    ]
    assert record["frameworks"] == detail["frameworks"]


def test_importing_a_public_export_keeps_what_it_left_out_in_place(tmp_path, practice):
    private_before = export(tmp_path, "--include-private", name="private.json")
    export(tmp_path, name="public.json")
    import_file(tmp_path / "public.json")
    assert stored() == AS_IMPORTED
    assert export(tmp_path, "--include-private", name="again.json") == private_before


def test_importing_the_apis_output_keeps_what_it_left_out(client, tmp_path, practice):
    record = client.get(f"/api/v1/practices/{PracticePage.objects.get().pk}/").json()
    import_records(tmp_path, [record], name="from-api.json")
    assert stored() == AS_IMPORTED


def test_what_a_record_could_show_follows_it(tmp_path, practice):
    (record,) = json.loads(export(tmp_path))["practices"]
    record["organisations"] = ["New Partners", "Bay Women's Network"]
    record["provisions"] = [{"framework": "nap-so-1", "code": "1.2", "relation": "monitors"}]
    record["frameworks"] = []
    import_records(tmp_path, [record], name="edited.json")
    assert stored() == {
        # The hidden rows keep their places; the record's fill the others, in its order.
        "organisations": ["Unverified Sisters Circle", "New Partners", "Bay Women's Network"],
        "provisions": [("nap-ke-9", "2.3", "monitors"), ("nap-so-1", "1.2", "monitors")],
        "frameworks": ["nap-ke-9"],
    }


def test_a_record_that_names_a_hidden_link_decides_it(tmp_path, practice):
    import_records(
        tmp_path,
        [
            {
                **RECORD,
                "organisations": ["Bay Women's Network", "Unverified Sisters Circle"],
                "provisions": [{"framework": "nap-ke-9", "code": "2.3", "relation": "implements"}],
                "frameworks": ["nap-so-1", "nap-ke-9"],
            }
        ],
        name="reordered.json",
    )
    assert stored() == {
        "organisations": ["Bay Women's Network", "Unverified Sisters Circle"],
        "provisions": [("nap-ke-9", "2.3", "implements")],
        "frameworks": ["nap-so-1", "nap-ke-9"],
    }


def test_a_full_export_round_trips_through_an_empty_site(tmp_path, practice):
    first = export(tmp_path, "--include-private", name="first.json")
    (record,) = json.loads(first)["practices"]
    assert record["organisations"] == AS_IMPORTED["organisations"]
    assert record["frameworks"] == AS_IMPORTED["frameworks"]
    for page in PracticePage.objects.all():
        page.delete()
    Organisation.objects.all().delete()
    import_file(tmp_path / "first.json")
    assert stored() == AS_IMPORTED
    assert export(tmp_path, "--include-private", name="second.json") == first
