from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares; it imports no other app of the project and defines no concrete
    model (core.models holds the abstract index page)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .pagecache import connect_signals

        connect_signals()
