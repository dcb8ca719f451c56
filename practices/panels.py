"""Read-only panels of the practice's admin editor: who submitted it, and its organisations with
their confirmation state, so that an editor reviewing it can check them (and confirm an
organisation a member proposed) without leaving the page."""

from django.urls import reverse

from wagtail.admin.panels import Panel

from core.people import display_name


def organisation_states(practice):
    """The practice's organisations (as the editor sees them now, saved or not), each with
    whether an editor has confirmed it and the address of its edit page in the admin."""
    rows = []
    for link in practice.practice_organisations.all():
        organisation = link.organisation
        if organisation is None:
            continue
        rows.append(
            {
                "name": organisation.name,
                "confirmed": organisation.confirmed,
                "edit_url": reverse(
                    "wagtailsnippets_practices_organisation:edit", args=[organisation.pk]
                ),
            }
        )
    return rows


def unconfirmed_organisations(practice):
    return [
        link.organisation
        for link in practice.practice_organisations.all()
        if link.organisation is not None and not link.organisation.confirmed
    ]


def member_summary(practice):
    """The member who submitted the practice: name, e-mail, organisation and whether an editor
    confirmed that they belong to it. For the editors only."""
    owner = getattr(practice, "owner", None)
    if owner is None:
        return None
    membership = getattr(owner, "organisation_membership", None)
    return {
        "name": display_name(owner),
        "email": owner.email,
        "is_editor": owner.has_perm("wagtailadmin.access_admin"),
        "organisation": membership.organisation.name if membership else "",
        "organisation_confirmed": membership.organisation.confirmed if membership else None,
        "membership_confirmed": membership.confirmed if membership else None,
        "membership_url": (
            reverse("wagtailsnippets_practices_organisationmembership:edit", args=[membership.pk])
            if membership
            else ""
        ),
    }


class ReviewInformationPanel(Panel):
    """What an editor needs to review a submission: with ``member=True`` the member who sent it
    (name, e-mail, organisation), and the practice's organisations with their confirmation
    state and a prompt to confirm each unconfirmed one."""

    def __init__(self, member=True, **kwargs):
        super().__init__(**kwargs)
        self.member = member

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["member"] = self.member
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "practices/admin/review_information_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["member"] = member_summary(self.instance) if self.panel.member else None
            context["show_member"] = self.panel.member
            context["organisations"] = organisation_states(self.instance)
            return context
