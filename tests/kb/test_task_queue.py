"""With TASK_BACKEND=database, no request talks to the mail server or Elasticsearch: e-mail and
search-index updates become rows in the task table, and the worker (`db_worker`) does them."""

import smtplib

from django.core import mail
from django.core.management import call_command

import pytest
from django_tasks_db.models import DBTaskResult

from search import signals as search_signals
from tests.factories import PracticePageFactory
from tests.utils import after_commit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    return settings


@pytest.fixture
def no_smtp(monkeypatch):
    """Any SMTP connection attempt is recorded and refused."""
    opened = []

    def refuse(*args, **kwargs):
        opened.append((args, kwargs))
        raise OSError("no SMTP connection may be opened here")

    monkeypatch.setattr(smtplib.SMTP, "__init__", refuse)
    monkeypatch.setattr(smtplib.SMTP_SSL, "__init__", refuse)
    return opened


def run_worker(monkeypatch):
    """The worker's own loop (`db_worker --batch`), minus its closing of the database connection,
    which would end the test's transaction."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def paths():
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


def sign_up(client):
    with after_commit():
        return client.post(
            "/accounts/signup/",
            {
                "email": "queued@example.org",
                "display_name": "Amina Yusuf",
                "password1": "a-long-and-unusual-password",
                "password2": "a-long-and-unusual-password",
                "new_organisation": "Wajir Women for Peace",
            },
        )


def test_sign_up_queues_its_email_and_the_worker_delivers_it(
    client, practice_index, database_tasks, no_smtp, monkeypatch
):
    database_tasks.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    response = sign_up(client)
    assert response.status_code == 302
    assert no_smtp == []
    assert mail.outbox == []
    assert paths().count("kb.mail.deliver_email_task") == 1
    email_task = DBTaskResult.objects.get(task_path="kb.mail.deliver_email_task")
    assert email_task.status == "READY"

    # The worker, with a mailbox it can reach, delivers it.
    database_tasks.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker(monkeypatch)
    assert [m.to for m in mail.outbox] == [["queued@example.org"]]
    email_task.refresh_from_db()
    assert email_task.status == "SUCCESSFUL"


def test_the_smtp_connection_is_made_by_the_worker_not_the_request(
    client, practice_index, database_tasks, no_smtp, monkeypatch
):
    database_tasks.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    sign_up(client)
    assert no_smtp == []
    run_worker(monkeypatch)
    # The worker tried (and was refused): the task failed, the request never knew.
    email_task = DBTaskResult.objects.get(task_path="kb.mail.deliver_email_task")
    assert len(no_smtp) == 1
    assert email_task.status == "FAILED"


def test_publishing_queues_the_index_updates(practice_index, database_tasks, monkeypatch):
    database_tasks.SEARCH_ENGINE = "elasticsearch"
    database_tasks.ELASTICSEARCH_URL = "http://127.0.0.1:9"

    def no_cluster(*args, **kwargs):
        raise AssertionError("Elasticsearch contacted during the request")

    monkeypatch.setattr("search.engines.elasticsearch.get_client", no_cluster)
    page = PracticePageFactory(parent=practice_index, live=False)
    DBTaskResult.objects.all().delete()
    with after_commit():
        page.save_revision().publish()
    queued = paths()
    assert "search.tasks.index_practice_task" in queued
    # Wagtail's own index (modelsearch) is updated through a task as well.
    assert "modelsearch.tasks.insert_or_update_object_task" in queued


@pytest.fixture
def routed_deletions(settings):
    from django.db.models.signals import post_delete

    from modelsearch import index
    from modelsearch.signal_handlers import post_delete_signal_handler

    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    search_signals.route_index_deletions()
    yield
    for model in index.get_indexed_models():
        if post_delete.disconnect(
            search_signals.on_indexed_deleted,
            sender=model,
            dispatch_uid=f"es-wagtail-del-{model._meta.label}",
        ):
            post_delete.connect(post_delete_signal_handler, sender=model)


def test_wagtail_index_removals_go_through_a_task(
    practice_index, database_tasks, routed_deletions, monkeypatch
):
    removed = []
    monkeypatch.setattr(
        "modelsearch.index.remove_object", lambda instance: removed.append(instance)
    )
    page = PracticePageFactory(parent=practice_index)
    DBTaskResult.objects.all().delete()
    page.delete()
    assert removed == []
    assert "search.tasks.remove_indexed_object_task" in paths()


def test_without_elasticsearch_wagtail_removes_in_place(practice_index):
    """The database search backend is the site's own database: nothing to route."""
    from django.db.models.signals import post_delete

    from practices.models import PracticePage

    receivers = list(post_delete._live_receivers(PracticePage)[0])
    assert search_signals.on_indexed_deleted not in receivers
