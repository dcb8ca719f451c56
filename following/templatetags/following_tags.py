from django import template

from ..models import TargetKind
from ..targets import normalise_search

register = template.Library()


@register.inclusion_tag("includes/follow.html", takes_context=True)
def follow_listing(context, query):
    """The listing's "Follow by e-mail": the theme, when one theme alone is chosen; else the
    search as it stands (its query string, normalised)."""
    request = context["request"]
    filters = dict(query.filters) if query else {}
    if query and not query.q and list(filters) == ["theme"] and len(filters["theme"]) == 1:
        theme = filters["theme"][0]
        kind, key, label = TargetKind.THEME, theme, f"the theme “{theme}”"
    else:
        key = normalise_search(request.GET.urlencode())
        if key is None:  # a query the listing refuses: nothing to follow
            return {"kind": ""}
        kind = TargetKind.SEARCH
        label = "this search" if key else "new practices"
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "key": key,
        "label": label,
        # A link to the form's own page for a visitor: a search sets no cookie.
        "link_only": True,
    }
