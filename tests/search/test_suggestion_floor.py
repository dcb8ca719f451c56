"""The suggestion floor: for the sample practices, imported with the editors' provision links,
a linked provision is among the top five suggestions (asked as if the practice had never been
linked) for at least 70% of them, as `evaluate_suggestions` measures it, for members and for
editors alike. The build fails if a change of the suggestions finds fewer of those links."""

import re
from io import StringIO

from django.conf import settings
from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db

DATA = settings.KB_DATA_DIR
FLOOR = 0.70


@pytest.mark.data
def test_a_linked_provision_is_in_the_top_five_for_most_sample_practices(sample_practices):
    out = StringIO()
    call_command("evaluate_suggestions", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "editors and pages (the saved practice)",
        "members (the form's text and countries)",
    ]
    for line in lines:
        hits, evaluated = map(int, re.search(r"for (\d+) of (\d+) practices", line).groups())
        # The sample: 18 of its 23 practices carry editorial links to provisions.
        assert evaluated == 18, line
        assert hits / evaluated >= FLOOR, line
