from django.core.exceptions import PermissionDenied

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.models import BaseViewRestriction
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation, OrganisationMembership, SuggestedProvision


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "kind", "region", "founded_year", "confirmed"]
    list_filter = ["kind", "network_type", "confirmed"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)


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
    menu_label = "Memberships"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["user", "organisation", "confirmed"]
    list_filter = ["confirmed"]


register_snippet(OrganisationMembershipViewSet)


register_permission_policy(SuggestedProvision, NoAddingPermissionPolicy(SuggestedProvision))


class SuggestedProvisionViewSet(SnippetViewSet):
    """Provisions members described for plans whose provisions are not entered yet: the editors
    enter them in the plan, link the practice, and mark the suggestion entered (or dismissed)."""

    model = SuggestedProvision
    icon = "list-ul"
    menu_label = "Suggested provisions"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["framework", "text", "reference", "practice", "status", "created_at"]
    list_filter = ["status"]


register_snippet(SuggestedProvisionViewSet)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(
        "practices.withdraw",
        "Member took information back",
        "Published at once what the member withdrew (names, place, files); the rest awaits review",
    )

    @actions.register_action("practices.review.reject")
    class RejectedFormatter(LogFormatter):
        label = "Practice review: reject"

        def format_message(self, log_entry):
            title = ((log_entry.data or {}).get("task") or {}).get("title")
            return f"Rejected at '{title}'; not to be published" if title else "Rejected"

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
