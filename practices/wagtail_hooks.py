import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.models import BaseViewRestriction, Page, TaskState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from core.people import display_name

from .models import (
    NOT_APPROVED,
    ApprovalDecisionForm,
    Organisation,
    OrganisationMembership,
    PracticePage,
    PracticeReviewTask,
    SuggestedProvision,
    not_approved_url,
)
from .panels import unconfirmed_organisations


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "region", "founded_year", "confirmed"]
    list_filter = ["kind", "network_type", "confirmed"]
    search_fields = ["name"]


class NoAddingPermissionPolicy(ModelPermissionPolicy):
    """What members make from the site (their memberships at sign-up or on their account page;
    the provisions they describe in their form): in the admin, editors confirm, triage or
    delete them, and nobody adds one, whatever their permissions."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return super().users_with_any_permission(["add"]).none()
        return super().users_with_any_permission(actions)


register_permission_policy(OrganisationMembership, NoAddingPermissionPolicy(OrganisationMembership))


class OrganisationMembershipViewSet(SnippetViewSet):
    """Editors confirm that a member belongs to the organisation they named: the member and the
    organisation are shown, not edited (the member changes it on their account page, which
    withdraws the confirmation)."""

    model = OrganisationMembership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "organisation", "confirmed"]
    list_filter = ["confirmed"]


register_permission_policy(SuggestedProvision, NoAddingPermissionPolicy(SuggestedProvision))


class SuggestedProvisionViewSet(SnippetViewSet):
    """Provisions members described for plans whose provisions are not entered yet: the editors
    enter them in the plan, link the practice, and mark the suggestion entered (or dismissed)."""

    model = SuggestedProvision
    icon = "list-ul"
    menu_label = _("Suggested provisions")
    list_display = ["framework", "text", "reference", "practice", "status", "created_at"]
    list_filter = ["status"]


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        "practices.withdraw",
        _("Member took information back"),
        _(
            "Published at once what the member withdrew (names, place, files); the rest awaits "
            "review"
        ),
    )

    @actions.register_action("practices.review.reject")
    class RejectedFormatter(LogFormatter):
        label = _("Practice review: reject")

        def format_message(self, log_entry):
            title = ((log_entry.data or {}).get("task") or {}).get("title")
            if title:
                return gettext("Rejected at “%(task)s”; not to be published") % {"task": title}
            return gettext("Rejected")

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")


@hooks.register("before_serve_document", order=-1)
def refuse_a_private_document_to_signed_in_visitors(document, request):
    """Wagtail sends whoever may not open a private document (a submission's attachment) to the
    sign-in page; a visitor who is signed in already is sent straight back from there, in a loop.
    Refuse them instead. Runs before Wagtail's own check, which still handles everyone else."""
    if not request.user.is_authenticated:
        return None
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type in (
            BaseViewRestriction.LOGIN,
            BaseViewRestriction.GROUPS,
        ) and not restriction.accept_request(request):
            raise PermissionDenied
    return None


DESTRUCTIVE_ACTIONS = ("action-cancel-workflow", "action-unpublish", "action-delete")


@hooks.register("construct_page_action_menu")
def review_actions_first_destructive_last(menu_items, request, context):
    """The page editor's actions: the default one (Save draft) stays the main button; in *More
    actions* the review's answers (approve, request changes, reject) come first, then the
    rest, and what takes a page down or ends its review (cancel the workflow, unpublish,
    delete) apart at the end, where a hurried tap does not land on it."""
    if not menu_items:
        return
    default, rest = menu_items[0], menu_items[1:]

    def rank(item):
        if isinstance(item, WorkflowMenuItem):
            return 0
        if item.name in DESTRUCTIVE_ACTIONS:
            return 2
        return 1

    menu_items[:] = [default, *sorted(rest, key=rank)]


def put_off_approval(request):
    """Whether the page editor's post is "Approve…" answered with "Do not approve yet"."""
    if request.POST.get("workflow-action-name") != PracticeReviewTask.APPROVE_DECIDING:
        return False
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return False
    return isinstance(data, dict) and (
        data.get("organisation_decision") == ApprovalDecisionForm.CANCEL
    )


@hooks.register("after_edit_page")
def back_to_the_editor_when_not_approved(request, page):
    """ "Do not approve yet" from the page editor: back to the editor (as from the dashboard),
    which says that the practice is still in review, rather than to the page listing."""
    if (
        request.method == "POST"
        and isinstance(page.specific, PracticePage)
        and put_off_approval(request)
        and page.workflow_in_progress
    ):
        return redirect(not_approved_url(page))
    return None


@hooks.register("before_edit_page")
def no_review_decision_by_autosave(request, page):
    """The page editor's autosave posts the whole edit form, with the hidden fields that a
    review action (Approve…, Request changes, Reject) adds to it just before the form is sent:
    the autosave would act on the review a second time, racing the real submission (the loser
    found no review left to act on, a server error, and its stale "not live" overwrote the
    page just published). A review decision is taken only by the form's own submission."""
    if (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and not request.accepts("text/html")
    ):
        return JsonResponse(
            {
                "success": False,
                "error_code": "blocked_by_hook",
                "error_message": "A review decision is being sent: not saved automatically.",
            },
            status=400,
        )
    return None


@hooks.register("before_edit_snippet")
def no_review_decision_by_autosave_of_a_snippet(request, instance):
    """The same for the snippets reviewed in the same workflow (monitoring notes)."""
    return no_review_decision_by_autosave(request, instance)


@hooks.register("before_edit_page")
def say_the_practice_is_not_approved(request, page):
    if (
        request.method == "GET"
        and request.GET.get("review") == NOT_APPROVED
        and isinstance(page.specific, PracticePage)
        and page.workflow_in_progress
    ):
        messages.warning(
            request,
            gettext(
                "“%(title)s” is not approved yet: it stays in review and "
                "unpublished. Approve it once its organisation is decided."
            )
            % {"title": page.get_admin_display_title()},
        )
    return None


class SubmittersPanel(Component):
    """The editors' dashboard: who sent each practice and monitoring note awaiting their review
    (the member's display name, e-mail and organisation with its confirmation state), which
    Wagtail's own panel, naming revisions by username, does not tell."""

    name = "submitters_awaiting_review"
    template_name = "practices/admin/submitters_panel.html"
    order = 210

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows = []
        states = (
            TaskState.objects.reviewable_by(request.user)
            .select_related("revision", "revision__user")
            .order_by("-started_at")
        )
        for state in states:
            obj = state.revision.content_object
            if obj is None:
                continue
            obj = getattr(obj, "specific", obj)
            is_page = isinstance(obj, Page)
            person = obj.owner if is_page else getattr(obj, "author", None)
            membership = getattr(person, "organisation_membership", None) if person else None
            rows.append(
                {
                    "title": str(state.revision.object_str or obj),
                    "edit_url": (
                        reverse("wagtailadmin_pages:edit", args=[obj.pk])
                        if is_page
                        else reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])
                    ),
                    "name": display_name(person) if person else "",
                    "email": person.email if person else "",
                    "organisation": membership.organisation if membership else None,
                    "membership_confirmed": membership.confirmed if membership else False,
                    "unconfirmed_organisations": (
                        unconfirmed_organisations(obj.get_latest_revision_as_object())
                        if isinstance(obj, PracticePage)
                        else []
                    ),
                }
            )
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def add_submitters_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(SubmittersPanel())


@hooks.register("insert_editor_js")
def label_tag_inputs():
    return format_html('<script src="{}"></script>', static("practices/admin/label-tag-inputs.js"))
