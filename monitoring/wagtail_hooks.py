from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MonitoringNote


class MonitoringNoteViewSet(SnippetViewSet):
    """Editors review members' notes here: the "Practice review" workflow's task gives them
    Approve (publishes), Request changes and Reject, as for practices."""

    model = MonitoringNote
    icon = "clipboard-list"
    menu_label = _("Monitoring notes")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["provision", "status", "period_label", "organisation", "live"]
    list_filter = ["status", "live"]
    search_fields = ["evidence"]
    inspect_view_enabled = True


register_snippet(MonitoringNoteViewSet)
