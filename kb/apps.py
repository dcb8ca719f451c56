"""The project's own app: site-wide system checks, the database cache's table and the default
Site's address (core.sites).

Rate limits (allauth's and core.ratelimit) count in the default cache. With
CACHE_BACKEND=db (production's default) that cache is a table, ``kb_cache``, which Django's
``createcachetable`` makes. Rather than a step an operator must remember, it is made after every
``migrate`` (post_migrate): whichever way the site is deployed (``make run``, ``make load-data``,
a deploy script) runs ``migrate``, and switching CACHE_BACKEND to ``db`` later only needs the
next ``migrate``. A migration would run once only, before the backend might be chosen. The
command does nothing when no DatabaseCache is configured or the table is there already, and
test databases get it from Django's test set-up.
"""

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.sites import apply_site_url


def create_cache_table(sender, using, verbosity=1, **kwargs):
    call_command("createcachetable", database=using, verbosity=verbosity)


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("Registry site")

    def ready(self):
        from django_tasks.signals import task_finished

        from search.signals import route_index_deletions

        from . import checks  # noqa: F401
        from .logs import log_task_finished

        task_finished.connect(log_task_finished, dispatch_uid="kb.log_task_finished")

        # Wagtail's search index removals through the task queue, like every other update.
        route_index_deletions()

        # Sent once per app with a models module per migrate; kb/models.py is there for this.
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="kb.create_cache_table")
        post_migrate.connect(apply_site_url, sender=self, dispatch_uid="kb.apply_site_url")
