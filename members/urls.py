from django.urls import path

from practices import views as practice_views

from . import views

urlpatterns = [
    path("practices/submit/", practice_views.submit, name="practice_submit"),
    path("my/submissions/", practice_views.my_submissions, name="my_submissions"),
    path("my/submissions/<int:pk>/edit/", practice_views.edit, name="practice_edit"),
    path("my/submissions/<int:pk>/preview/", practice_views.preview, name="practice_preview"),
    path("my/submissions/<int:pk>/withdraw/", practice_views.withdraw, name="practice_withdraw"),
    path(
        "my/submissions/<int:pk>/attachments/<int:document_id>/",
        practice_views.attachment,
        name="practice_attachment",
    ),
    path("contact/practice/<int:pk>/", practice_views.contact, name="practice_contact"),
    path("my/account/", views.account, name="member_account"),
    path("my/account/data.json", views.download, name="member_data"),
    path("my/account/delete/", views.delete_account, name="member_delete"),
]
