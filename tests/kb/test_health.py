"""/health/live/ and /health/ready/: JSON, never cached, 503 when a required part fails."""

import json
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from kb import health
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def get(client, path):
    response = client.get(path)
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response, json.loads(response.content)


def test_live_answers_without_the_database(client, monkeypatch):
    def no_database(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(health.connection, "cursor", no_database)
    response, body = get(client, "/health/live/")
    assert response.status_code == 200
    assert body == {"status": "ok"}


def test_ready_reports_every_part(client, practice_index):
    PracticePageFactory(parent=practice_index)
    PracticePageFactory(parent=practice_index, live=False)
    response, body = get(client, "/health/ready/")
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "cache", "storage", "tasks", "search"}
    assert all(part["status"] == "ok" for part in checks.values())
    assert checks["tasks"]["backend"] == "ImmediateBackend"
    # The search check counts live practices only.
    assert checks["search"]["documents"] == 1


@pytest.mark.parametrize("part", ["database", "cache", "storage"])
def test_ready_fails_when_a_required_part_fails(client, monkeypatch, part):
    def broken():
        raise OSError("secret-host.internal:5432 refused")

    monkeypatch.setitem(health.CHECKS, part, broken)
    response, body = get(client, "/health/ready/")
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"][part] == {"status": "unavailable", "error": "OSError"}
    # The error's text (an address, a path) is never shown.
    assert "secret-host" not in response.content.decode()


def test_cache_that_loses_values_fails(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key, default=None: None)
    response, body = get(client, "/health/ready/")
    assert response.status_code == 503
    assert body["checks"]["cache"]["status"] == "unavailable"


def test_storage_that_loses_files_fails(client, monkeypatch, media_root):
    from django.core.files.storage import default_storage

    def unreadable(name, mode="rb"):
        raise FileNotFoundError(name)

    monkeypatch.setattr(default_storage, "open", unreadable)
    response, body = get(client, "/health/ready/")
    assert response.status_code == 503
    assert body["checks"]["storage"]["status"] == "unavailable"


def test_storage_check_leaves_no_file(client, media_root):
    get(client, "/health/ready/")
    assert not any(p.is_file() for p in media_root.rglob("*"))


def queue(age_seconds, status="READY"):
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="kb.mail.deliver_email_task",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=age_seconds)
    )


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_TASK_MAX_AGE = 600


def test_ready_reports_the_queue(client, database_tasks):
    queue(30)
    queue(120)
    queue(5000, status="SUCCESSFUL")  # done: not waiting
    response, body = get(client, "/health/ready/")
    assert response.status_code == 200, body
    tasks = body["checks"]["tasks"]
    assert tasks["waiting"] == 2
    assert 119 <= tasks["oldest_waiting_seconds"] < 180


def test_ready_fails_when_tasks_wait_too_long(client, database_tasks):
    queue(601)
    response, body = get(client, "/health/ready/")
    assert response.status_code == 503
    assert body["checks"]["tasks"]["status"] == "stale"
    assert body["checks"]["tasks"]["waiting"] == 1


def test_elasticsearch_down_is_reported_but_not_a_failure(client, monkeypatch):
    monkeypatch.setattr(
        health.search_health,
        "check",
        lambda: ({"engine": "elasticsearch", "status": "unavailable", "fallback": "database"}, 503),
    )
    response, body = get(client, "/health/ready/")
    assert response.status_code == 200
    assert body["checks"]["search"]["status"] == "unavailable"
    assert body["checks"]["search"]["required"] is False


def test_a_flood_of_readiness_requests_runs_the_checks_once_per_interval(
    client, monkeypatch, settings
):
    """Each round writes to the cache and the storage: anyone asking must not multiply that."""
    rounds = []
    monkeypatch.setattr(
        health, "CHECKS", {"database": lambda: rounds.append(1) or {"status": "ok"}}
    )
    monkeypatch.setitem(health.LAST_ROUND, "at", None)
    settings.HEALTH_READY_INTERVAL = 60
    answers = [client.get("/health/ready/") for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert {a.json()["checks"]["database"]["status"] for a in answers} == {"ok"}
    assert len(rounds) == 1
    settings.HEALTH_READY_INTERVAL = 0
    client.get("/health/ready/")
    assert len(rounds) == 2


def test_health_answers_get_only(client):
    assert client.post("/health/ready/").status_code == 405
    assert client.post("/health/live/").status_code == 405
