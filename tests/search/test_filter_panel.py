"""The listing's filter panel, written in Python (search/templatetags/listing_tags.py): the
HTML a template loop wrote, every value escaped, counts shown as a template shows numbers."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

import pytest

from search.templatetags.listing_tags import facet_fieldsets

FACETS = [
    {
        "name": "country",
        "label": "Country",
        "options": [
            {"value": "KE", "label": "Kenya", "count": 2, "selected": True},
            {
                "value": '"><script>x</script>',
                "label": "<b>O'Brien & co</b>",
                "count": 0,
                "selected": False,
            },  # fmt: skip
        ],
    },
    {
        "name": "theme",
        "label": mark_safe("Theme <i>(free)</i>"),
        "options": [
            {"value": "mediation", "label": "mediation", "count": 12345, "selected": False},
        ],
    },  # fmt: skip
]

# What the listing's template loop rendered for FACETS, its whitespace left out.
TEMPLATE = Template(
    "{% for facet in facets %}"
    '<fieldset class="facet"><legend>{{ facet.label }}</legend><ul>'
    "{% for option in facet.options %}"
    '<li><input type="checkbox" form="practice-search" name="{{ facet.name }}" '
    'value="{{ option.value }}" id="f-{{ facet.name }}-{{ forloop.counter }}"'
    "{% if option.selected %} checked{% endif %}>"
    '<label for="f-{{ facet.name }}-{{ forloop.counter }}">{{ option.label }} '
    '<span class="facet-count">({{ option.count }})</span></label></li>'
    "{% endfor %}</ul></fieldset>{% endfor %}"
)


@pytest.mark.parametrize("grouped", [False, True])
def test_the_panel_is_the_html_the_template_wrote(settings, grouped):
    settings.USE_THOUSAND_SEPARATOR = grouped
    assert facet_fieldsets(FACETS) == TEMPLATE.render(Context({"facets": FACETS}))


def test_every_value_is_escaped_and_only_the_selected_are_checked():
    html = facet_fieldsets(FACETS)
    assert "<script>" not in html and "<b>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert "&lt;b&gt;O&#x27;Brien &amp; co&lt;/b&gt;" in html
    assert "<legend>Theme <i>(free)</i></legend>" in html  # a safe label stays as it is
    assert html.count(" checked") == 1
    assert 'id="f-country-1" checked>' in html and 'for="f-country-2"' in html


def test_no_facet_no_panel():
    assert facet_fieldsets([]) == ""
