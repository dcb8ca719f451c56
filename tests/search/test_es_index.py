"""The Elasticsearch index lifecycle without a server: the documents, the rebuild with its
alias swap, the command, and the updates on publish, unpublish and delete as background tasks.
The client is a fake that records every call."""

import logging

from django.core.management import CommandError, call_command

import pytest
from elasticsearch import ConnectionError as ElasticsearchConnectionError

from core.textsearch import SPELLING_RULES
from practices.models import PracticePage
from search.engines import es_index
from search.engines.es_documents import index_body, practice_document
from tests.factories import (
    FrameworkPageFactory,
    OrganisationFactory,
    PracticePageFactory,
    ProvisionFactory,
    draft,
)

from .es_fakes import NEW, NOW, OLD, FakeClient, missing_alias

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(practice_index):
    shown = PracticePageFactory(
        title="Women mediators of Wajir",
        summary="Market women mediate between clans.",
        description="Elders and youth meet monthly.",
        activities="Training.",
        location="Wajir town",
        countries=["KE", "SO"],
        organisations=[OrganisationFactory(name="Wajir Peace Women")],
        themes=["mediation", "early warning"],
        start_year=1993,
        end_year=1995,
        contact_name="Private Person",
        contact_email="private@example.org",
    )
    hidden = PracticePageFactory(
        title="Safe practice",
        location="Secret village",
        country_level_only=True,
        withhold_organisation=True,
        organisations=[OrganisationFactory(name="Hidden Network")],
        countries=["YE"],
    )
    unpublished = draft(PracticePageFactory(title="Draft practice"))
    return shown, hidden, unpublished


def live(page):
    return es_index.practices_to_index().get(pk=page.pk)


def test_the_practice_document_holds_public_values_and_every_facet(practices):
    shown, _, _ = practices
    document = practice_document(live(shown))
    assert document["id"] == shown.pk
    assert document["title"] == "Women mediators of Wajir"
    assert document["summary"] == "Market women mediate between clans."
    assert document["description"] == "Elders and youth meet monthly."
    for text in ("Training.", "Wajir town", "Wajir Peace Women", "Kenya", "Somalia", "mediation"):
        assert text in "\n".join(document["body"])
    # Separate values, so that no phrase runs from one text into the next.
    assert "Training." in document["body"]
    assert document["agenda"] == ["WPS"]
    assert document["level"] == ["local"]
    assert document["region"] == ["africa"]
    assert document["country"] == ["KE", "SO"]
    assert sorted(document["pillar"]) == ["participation", "prevention"]
    assert document["theme"] == ["early warning", "mediation"]
    assert (document["start_year"], document["end_year"]) == (1993, 1995)
    assert document["first_published_at"] == live(shown).first_published_at.isoformat()


def test_the_document_never_holds_contacts_withheld_names_or_hidden_locations(practices):
    shown, hidden, _ = practices
    assert "private" not in str(practice_document(live(shown))).lower()
    text = str(practice_document(live(hidden)))
    assert "Secret village" not in text and "Hidden Network" not in text
    assert "Yemen" in text


def test_the_mapping_analyses_text_with_stems_and_folded_accents_and_keeps_facets_exact():
    body = index_body("practices")
    analysis = body["settings"]["analysis"]
    spellings = [f"kb_spelling_{n}" for n in range(1, len(SPELLING_RULES) + 1)]
    assert analysis["analyzer"]["kb_text"]["filter"] == [
        "lowercase",
        "asciifolding",
        "kb_stop",
        *spellings,
        "kb_english",
    ]
    assert analysis["filter"]["kb_english"] == {"type": "snowball", "language": "English"}
    fields = body["mappings"]["properties"]
    for name in ("title", "summary", "description", "body"):
        assert fields[name]["type"] == "text" and fields[name]["analyzer"] == "kb_text"
    for facet in ("agenda", "level", "region", "country", "pillar", "theme"):
        assert fields[facet] == {"type": "keyword"}
    assert fields["title"]["fields"]["sort"] == {"type": "keyword", "normalizer": "kb_lowercase"}
    assert fields["start_year"] == fields["end_year"] == fields["id"] == {"type": "integer"}
    assert fields["first_published_at"] == {"type": "date"}


def swapping_client(previous=(OLD,)):
    def get_alias(name=None, index=None):
        if name is not None:
            if not previous:
                raise missing_alias()
            return {old: {"aliases": {"kb_practices": {}}} for old in previous}
        return {}

    return FakeClient(
        {
            "indices.get_alias": get_alias,
            "indices.exists": False,
            "bulk": {"errors": False, "items": []},
        }
    )


def test_rebuild_creates_a_versioned_index_loads_it_then_swaps_the_alias(practices):
    shown, hidden, _ = practices
    client = swapping_client()
    result = es_index.rebuild(client, "practices", now=NOW)
    assert result == {"index": NEW, "previous": [OLD], "count": 2}
    assert client.methods() == [
        "indices.create",
        "bulk",
        "indices.put_settings",
        "indices.refresh",
        "indices.get_alias",
        "indices.exists",
        "indices.update_aliases",
        "indices.delete",
    ]
    create = client.calls[0][1]
    assert create["index"] == NEW
    assert create["settings"]["refresh_interval"] == "-1"  # no refresh while loading
    assert create["mappings"] == index_body("practices")["mappings"]
    operations = client.calls[1][1]["operations"]
    assert operations[0::2] == [
        {"index": {"_index": NEW, "_id": str(shown.pk)}},
        {"index": {"_index": NEW, "_id": str(hidden.pk)}},
    ]
    assert operations[1] == practice_document(live(shown))
    assert client.calls[2][1] == {"index": NEW, "settings": {"index": {"refresh_interval": None}}}
    # One atomic call: searches see the old index until the new one takes its place.
    assert client.calls[6][1] == {
        "actions": [
            {"remove": {"index": OLD, "alias": "kb_practices"}},
            {"add": {"index": NEW, "alias": "kb_practices"}},
        ]
    }
    assert client.calls[7][1] == {"index": OLD, "ignore_unavailable": True}


def test_the_first_rebuild_adds_the_alias_and_deletes_nothing(practices):
    client = swapping_client(previous=())
    assert es_index.rebuild(client, "practices", now=NOW)["previous"] == []
    assert (
        "indices.update_aliases",
        {"actions": [{"add": {"index": NEW, "alias": "kb_practices"}}]},
    ) in client.calls
    assert "indices.delete" not in client.methods()


def test_an_index_squatting_the_alias_name_is_replaced_in_the_same_atomic_call(practices):
    client = swapping_client(previous=())
    client.answers["indices.exists"] = True
    client.answers["indices.exists_alias"] = False
    es_index.rebuild(client, "practices", now=NOW)
    assert client.calls[-1] == (
        "indices.update_aliases",
        {
            "actions": [
                {"remove_index": {"index": "kb_practices"}},
                {"add": {"index": NEW, "alias": "kb_practices"}},
            ]
        },
    )


def test_bulk_loads_in_chunks(practice_index):
    for n in range(5):
        PracticePageFactory(title=f"Practice {n}")
    client = swapping_client()
    assert es_index.rebuild(client, "practices", chunk_size=2, now=NOW)["count"] == 5
    assert [len(kw["operations"]) // 2 for m, kw in client.calls if m == "bulk"] == [2, 2, 1]


def test_a_failed_load_deletes_the_new_index_and_leaves_the_alias_alone(practices):
    client = swapping_client()
    client.answers["bulk"] = {
        "errors": True,
        "items": [
            {"index": {"_id": "1", "status": 201}},
            {"index": {"_id": "2", "status": 400, "error": {"type": "mapper_parsing_exception"}}},
        ],
    }
    with pytest.raises(es_index.BulkError, match="1 of 2 documents.*mapper_parsing_exception"):
        es_index.rebuild(client, "practices", now=NOW)
    assert client.methods() == ["indices.create", "bulk", "indices.delete"]
    assert client.calls[-1][1] == {"index": NEW, "ignore_unavailable": True}


def test_a_cluster_lost_during_the_load_leaves_the_alias_alone(practices):
    client = swapping_client()
    client.answers["bulk"] = ElasticsearchConnectionError("Connection refused")
    with pytest.raises(ElasticsearchConnectionError):
        es_index.rebuild(client, "practices", now=NOW)
    assert "indices.update_aliases" not in client.methods()


def test_the_provision_index_holds_provisions_of_live_frameworks(framework_index):
    kenya = FrameworkPageFactory(title="Kenya NAP", country="KE")
    kept = ProvisionFactory(framework=kenya, code="1", text="Women sit on peace committees.")
    gone = FrameworkPageFactory(title="Withdrawn", country="UG")
    ProvisionFactory(framework=gone, code="1", text="Hidden.")
    gone.unpublish()
    client = swapping_client(previous=())
    es_index.rebuild(client, "provisions", now=NOW)
    (bulk,) = [kw for m, kw in client.calls if m == "bulk"]
    assert bulk["operations"] == [
        {"index": {"_index": "kb_provisions-20261128010203456789", "_id": str(kept.pk)}},
        {
            "id": kept.pk,
            "text": "Women sit on peace committees.",
            "framework_title": "Kenya NAP",
            "framework_id": kenya.pk,
            "framework_kind": "nap",
            "framework_country": "KE",
        },
    ]


def test_the_command_needs_elasticsearch_configured(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="no cluster address"):
        call_command("es_index", "status")
    settings.SEARCH_ENGINE = "opensearch"
    settings.ELASTICSEARCH_URL = "https://es.invalid:9200"  # not the address of OpenSearch
    with pytest.raises(CommandError, match="no cluster address"):
        call_command("es_index", "status")


@pytest.fixture
def configured(settings, monkeypatch):
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "https://es.invalid:9200"
    client = swapping_client()
    monkeypatch.setattr("search.engines.elasticsearch.get_client", lambda: client)
    return client


def test_the_command_rebuilds_both_indices(configured, practices, capsys):
    call_command("es_index", "rebuild", "--no-progress")
    out = capsys.readouterr().out
    assert "practices: 2 documents in kb_practices-" in out
    assert f"(replaced {OLD})" in out
    assert "provisions: 0 documents in kb_provisions-" in out
    creates = [kw["index"] for m, kw in configured.calls if m == "indices.create"]
    assert [name.rsplit("-", 1)[0] for name in creates] == ["kb_practices", "kb_provisions"]


def test_the_command_reports_a_cluster_error_clearly(configured, practices):
    configured.answers["indices.create"] = ElasticsearchConnectionError("refused")
    with pytest.raises(CommandError, match="Elasticsearch: ConnectionError"):
        call_command("es_index", "rebuild", "--no-progress", "--only", "practices")


def test_the_command_status(configured, practices, capsys):
    configured.answers["count"] = {"count": 2}
    call_command("es_index", "status")
    out = capsys.readouterr().out
    assert '"alias": "kb_practices"' in out
    assert f'"{OLD}"' in out
    assert '"in_database": 2' in out


# Updates on publish, unpublish and delete, as background tasks.

FAMILY = {OLD: {"aliases": {"kb_practices": {}}}, NEW: {"aliases": {}}}


@pytest.fixture
def family_client(configured):
    configured.answers["indices.get_alias"] = lambda name=None, index=None: (
        FAMILY if index == "kb_practices-*" else {"kb_provisions-1": {"aliases": {}}}
    )
    return configured


def bulk_operations(client):
    return [op for m, kw in client.calls if m == "bulk" for op in kw["operations"]]


def test_publishing_indexes_the_practice_in_every_index_of_the_family(
    family_client, practice_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = PracticePageFactory(title="Newly published")
    operations = bulk_operations(family_client)
    assert operations[0::2] == [
        {"index": {"_index": NEW, "_id": str(page.pk)}},
        {"index": {"_index": OLD, "_id": str(page.pk)}},
    ] or operations[0::2] == [
        {"index": {"_index": OLD, "_id": str(page.pk)}},
        {"index": {"_index": NEW, "_id": str(page.pk)}},
    ]
    assert operations[1]["title"] == "Newly published"


def test_unpublishing_and_deleting_remove_the_practice(
    family_client, practices, django_capture_on_commit_callbacks
):
    shown, hidden, _ = practices
    with django_capture_on_commit_callbacks(execute=True):
        shown.unpublish()
    assert {"delete": {"_index": OLD, "_id": str(shown.pk)}} in bulk_operations(family_client)
    family_client.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PracticePage.objects.get(pk=hidden.pk).delete()
    assert {"delete": {"_index": NEW, "_id": str(hidden.pk)}} in bulk_operations(family_client)


def test_nothing_is_sent_before_the_transaction_commits(family_client, practice_index):
    PracticePageFactory(title="Not committed")
    assert "bulk" not in family_client.methods()


def test_nothing_is_sent_on_the_database_engine(
    settings, family_client, practice_index, django_capture_on_commit_callbacks
):
    settings.SEARCH_ENGINE = "database"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        PracticePageFactory(title="Database only")
    # The page cache's version bump (core.pagecache) follows any save; nothing of search's does.
    queued = [c for c in callbacks if getattr(c, "__module__", None) != "core.pagecache"]
    assert family_client.calls == [] and queued == []


def test_publishing_a_framework_replaces_its_provisions(
    family_client, framework_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        framework = FrameworkPageFactory(title="Kenya NAP", country="KE")
        ProvisionFactory(framework=framework, code="1", text="Women sit on committees.")
        framework.save_revision().publish()
    deletes = [kw for m, kw in family_client.calls if m == "delete_by_query"]
    assert deletes[-1]["query"] == {"term": {"framework_id": framework.pk}}
    assert bulk_operations(family_client)[-1]["text"] == "Women sit on committees."


def test_a_cluster_down_never_fails_the_editor(
    family_client, practice_index, django_capture_on_commit_callbacks, caplog
):
    family_client.answers["bulk"] = ElasticsearchConnectionError("Connection refused")
    with (
        caplog.at_level(logging.WARNING, logger="search.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = PracticePageFactory(title="Published while the cluster is down")
    assert page.live
    assert "Elasticsearch update failed (index practice" in caplog.text
    assert "es_index rebuild" in caplog.text


def test_the_task_runs_through_django_tasks(family_client, practices):
    from django_tasks import TaskResultStatus

    from search.tasks import index_practice_task

    result = index_practice_task.enqueue(practices[0].pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 2  # written to both indices of the family


def test_an_update_with_no_index_built_writes_nothing(configured, practices, caplog):
    configured.answers["indices.get_alias"] = lambda name=None, index=None: {}
    with caplog.at_level(logging.WARNING, logger="search.engines.es_index"):
        assert es_index.index_practice(configured, practices[0].pk) == 0
    assert "bulk" not in configured.methods()
    assert "run `manage.py es_index rebuild`" in caplog.text


@pytest.mark.parametrize(
    ("engine", "concurrent", "mode"),
    [("opensearch", True, "all"), ("opensearch", False, None), ("elasticsearch", True, None)],
)
def test_an_opensearch_index_searches_its_segments_concurrently(settings, engine, concurrent, mode):
    # OpenSearch (2.17+) spreads one search over several threads, a slice of the segments
    # each; Elasticsearch has no such index setting, and an older OpenSearch node refuses it.
    settings.SEARCH_ENGINE = engine
    settings.OPENSEARCH_CONCURRENT_SEARCH = concurrent
    for kind in ("practices", "provisions"):
        search = index_body(kind)["settings"].get("search", {})
        assert search.get("concurrent_segment_search", {}).get("mode") == mode


def test_the_highlighted_fields_keep_their_offsets_and_the_others_do_not():
    # The highlighter reads the words' offsets from the index instead of analysing each hit's
    # text again; only the three fields it highlights pay for them.
    properties = index_body("practices")["mappings"]["properties"]
    for field in ("title", "summary", "description"):
        assert properties[field]["index_options"] == "offsets"
    assert "index_options" not in properties["body"]
    assert not any("index_options" in properties[f"{f}_fr"] for f in ("title", "summary", "body"))
