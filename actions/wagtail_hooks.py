from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Participation


class ParticipationViewSet(SnippetViewSet):
    """Organisations taking part in joint actions: members join and leave on the public site;
    editors add or remove any organisation here."""

    model = Participation
    icon = "group"
    menu_label = "Action participants"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["organisation", "action", "joined_at"]
    list_filter = ["action"]


register_snippet(ParticipationViewSet)
