from django.urls import path, register_converter

from core.converters import KeyConverter

from . import monitoring_views, practice_views, views

register_converter(KeyConverter, "key")

urlpatterns = [
    path("practices/submit/", practice_views.submit, name="practice_submit"),
    path("my/submissions/", practice_views.my_submissions, name="my_submissions"),
    path(
        "monitoring/report/<key:provision_id>/",
        monitoring_views.report,
        name="monitoring_report",
    ),
    path("my/monitoring/<key:pk>/edit/", monitoring_views.edit, name="monitoring_edit"),
    path("my/submissions/<key:pk>/edit/", practice_views.edit, name="practice_edit"),
    path("my/submissions/<key:pk>/preview/", practice_views.preview, name="practice_preview"),
    path(
        "my/submissions/<key:pk>/submit/",
        practice_views.submit_for_review,
        name="practice_submit_for_review",
    ),
    path("my/submissions/<key:pk>/withdraw/", practice_views.withdraw, name="practice_withdraw"),
    path(
        "my/submissions/<key:pk>/attachments/<key:document_id>/",
        practice_views.attachment,
        name="practice_attachment",
    ),
    path("contact/practice/<key:pk>/", practice_views.contact, name="practice_contact"),
    path("my/account/", views.account, name="member_account"),
    path("my/account/data.json", views.download, name="member_data"),
    path("my/account/delete/", views.delete_account, name="member_delete"),
]
