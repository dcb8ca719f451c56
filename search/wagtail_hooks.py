from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.widgets import Button

from practices.models import PracticeIndexPage, PracticePage

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


# The innermost of the on_serve_page hooks (Wagtail's are of order 0): a page its view
# restrictions refuse is never searched.
@hooks.register("on_serve_page", order=100)
def serve_practice_listing(serve_page):
    """The practice listing's search and facets come from this app's service, and practices
    does not import search: the PracticeIndexPage's template is given the listing as
    ``search``."""

    def serve(page, request, serve_args, serve_kwargs):
        response = serve_page(page, request, serve_args, serve_kwargs)
        if isinstance(page, PracticeIndexPage):
            response.context_data["search"] = practice_listing(request)
        return response

    return serve
