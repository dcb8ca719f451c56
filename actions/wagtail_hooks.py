from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Participation


class ParticipationViewSet(SnippetViewSet):
    """Organisations taking part in joint actions: members join and leave on the public site;
    editors add or remove any organisation here."""

    model = Participation
    icon = "group"
    menu_label = _("Action participants")
    list_display = ["organisation", "action", "joined_at"]
    list_filter = ["action"]
