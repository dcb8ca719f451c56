from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "kind", "region", "founded_year"]
    list_filter = ["kind", "network_type"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)
