"""The admin menu's "Registry" group: the registry's records that editors check and confirm
(organisations, memberships, action participants, provisions members described), in one menu
item instead of four. The project gathers them, since they come from two apps (``practices``
and ``actions``); each app keeps its view set. Monitoring notes stay a menu item of their own:
they are content under review, as pages are."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from actions.wagtail_hooks import ParticipationViewSet
from practices.wagtail_hooks import (
    OrganisationMembershipViewSet,
    OrganisationViewSet,
    SuggestedProvisionViewSet,
)


class RegistryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Registry")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        OrganisationViewSet,
        OrganisationMembershipViewSet,
        ParticipationViewSet,
        SuggestedProvisionViewSet,
    )


register_snippet(RegistryViewSetGroup)
