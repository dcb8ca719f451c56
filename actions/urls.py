from django.urls import re_path

from core.converters import KEY_PATTERN

from . import views

urlpatterns = [
    re_path(rf"^organisations/(?P<pk>{KEY_PATTERN})/$", views.organisation, name="organisation"),
]
