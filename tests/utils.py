"""Small helpers shared by tests."""

from django.test import TestCase


def after_commit():
    """Run what waits for the transaction's commit (e-mail, index tasks) when the block ends: a
    test's transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def rebuild_site_tree():
    """Tests that commit (browser tests, concurrent requests) have their database emptied after
    each of them, and Django's serialized rollback does not bring Wagtail's page tree back
    reliably. Rebuild it as the site set-up (core/setup.py) builds it when it is missing."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Collection, Locale, Page, Site

    from core.setup import ensure_page_tree

    # The flush after the previous test removed content types this process still has cached
    # (a test that runs migration code, such as create_permissions, fills that cache).
    ContentType.objects.clear_cache()
    # Each part on its own: a test that flushed some tables may have left others.
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    if not Site.objects.exists():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
        ensure_page_tree(apps, changes=[])


def post_new_practice_in_admin(client, practice_index, **fields):
    """Post the admin's "add a practice" form with the required fields and no inline rows,
    changed by ``fields``; answers the response."""
    from django.urls import reverse

    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    values = {
        "title": "A practice",
        "slug": "a-practice",
        "summary": "x",
        "description": "y",
        "level": "local",
        "language": "en",
        **fields,
    }
    for inline in (
        "countries",
        "practice_organisations",
        "provision_links",
        "framework_links",
        "attachments",
    ):
        values.setdefault(inline, inline_formset([]))
    # Multiple choices are posted as repeated keys, which nested_form_data would flatten.
    choices = {name: values.pop(name) for name in list(values) if isinstance(values[name], list)}
    data = {**nested_form_data(values), **choices}
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", practice_index.pk])
    return client.post(url, data)


def shared_rows(django_db_blocker, build):
    """Rows made once for a class (or module) of tests that only read them, then taken away.

    A generator for a class- or module-scoped fixture (``yield from shared_rows(blocker,
    build)``): what ``build()`` creates, in a transaction of its own, stays for every test of
    the class; each test runs in a savepoint inside that transaction, rolled back after it (a
    test that writes leaves the shared rows as they were); the whole transaction is rolled back
    when the class is done, so tests elsewhere never see these rows. Not for tests that commit
    (``transactional_db``, ``live_server``)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            rows = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield rows
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh(objects):
    """The shared rows read again, one new instance each, so that a test that changes an instance
    in memory does not change it for the tests after it."""
    return {key: type(obj).objects.get(pk=obj.pk) for key, obj in objects.items()}
