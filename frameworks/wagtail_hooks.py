from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Provision


class ProvisionViewSet(SnippetViewSet):
    """Provisions are edited inside their framework; this gives editors a searchable chooser
    (for linking practices) and a list of every provision across frameworks."""

    model = Provision
    icon = "list-ol"
    menu_label = _("Provisions")
    add_to_admin_menu = False
    list_display = ["framework", "code", "pillar"]
    list_filter = ["pillar"]
    search_fields = ["text", "code"]
    inspect_view_enabled = True


register_snippet(ProvisionViewSet)
