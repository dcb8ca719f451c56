from django.apps import AppConfig
from django.db.models.signals import pre_save


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practices"

    def ready(self):
        from wagtail.documents import get_document_model

        from . import signals  # noqa: F401
        from .documents import store_under_a_token, without_metadata

        # Connected first: the file is rewritten before it is renamed and written.
        pre_save.connect(
            without_metadata,
            sender=get_document_model(),
            dispatch_uid="practices.documents.without_metadata",
        )
        pre_save.connect(
            store_under_a_token,
            sender=get_document_model(),
            dispatch_uid="practices.documents.store_under_a_token",
        )
