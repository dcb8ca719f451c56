"""Editors turn a suggested provision into a link in one step, from the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.converters import is_key
from core.vocabulary import Relation
from frameworks.models import Provision
from practices.models import PracticePage, PracticeProvisionLink

from .service import get_engine
from .suggestions import SuggestionSubject


def link_provision(page, provision, relation, user, can_publish):
    """Add the link in a new revision; publish it if nothing else was waiting to be published.

    Returns "published", "draft" or "exists". Going through a revision keeps the history and
    never publishes someone else's unpublished changes along with the link.
    """
    latest = page.get_latest_revision_as_object()
    if any(link.provision_id == provision.pk for link in latest.provision_links.all()):
        return "exists"
    had_unpublished = page.has_unpublished_changes
    latest.provision_links.add(PracticeProvisionLink(provision=provision, relation=relation))
    revision = latest.save_revision(user=user, log_action=True)
    if page.live and can_publish and not had_unpublished:
        revision.publish(user=user)
        return "published"
    return "draft"


@require_http_methods(["GET", "POST"])
def suggestions(request, page_id):
    page = get_object_or_404(PracticePage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    if request.method == "POST":
        provision_id = request.POST.get("provision", "")
        provision = get_object_or_404(
            Provision, pk=int(provision_id) if is_key(provision_id) else 0
        )
        relation = request.POST.get("relation")
        if relation not in Relation.values:
            messages.error(request, gettext("Choose how the practice relates to the provision."))
        else:
            outcome = link_provision(
                page, provision, relation, request.user, permissions.can_publish()
            )
            text = {
                "published": gettext("Linked and published: %(provision)s."),
                "draft": gettext(
                    "Linked in a new draft; publish the practice to show the link: %(provision)s."
                ),
                "exists": gettext("Already linked: %(provision)s."),
            }[outcome]
            messages.success(request, text % {"provision": provision})
        return redirect("practice_suggestions", page_id=page.pk)

    latest = page.get_latest_revision_as_object()
    return TemplateResponse(
        request,
        "search/admin/suggestions.html",
        {
            "page": page,
            "suggestions": get_engine().related_provisions(
                SuggestionSubject.from_practice(latest), limit=10
            ),
            "relations": Relation.choices,
            "header_title": f"Suggested provisions: {page.title}",
            "page_title": "Suggested provisions",
            "page_subtitle": page.title,
            "header_icon": "link",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )
