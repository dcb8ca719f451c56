from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.widgets import Button

from practices.models import PracticePage

from . import admin_views
from .views import practice_listing


@hooks.register("register_admin_urls")
def suggestion_urls():
    return [
        path(
            "practices/<int:page_id>/suggested-provisions/",
            admin_views.suggestions,
            name="practice_suggestions",
        )
    ]


def suggestions_button(page, user):
    if (
        isinstance(page.specific_deferred, PracticePage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            "Suggested provisions",
            reverse("practice_suggestions", args=[page.pk]),
            icon_name="link",
            priority=25,
        )


@hooks.register("register_page_header_buttons")
def header_button(page, user, view_name=None, next_url=None):
    yield from suggestions_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def listing_button(page, user, next_url=None):
    yield from suggestions_button(page, user)


@hooks.register("practice_listing_context")
def practice_listing_context(request):
    """The PracticeIndexPage's template gets the listing (practices does not import search)."""
    return {"search": practice_listing(request)}
