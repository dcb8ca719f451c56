"""How often an editorial link is among the top suggestions: the measure of the suggested
provisions.

For each published practice linked to provisions (the editors' links of the sample practices),
the suggestions are computed as if it had never been linked: its links are neither excluded
from the candidates nor counted among the practices that carry a provision out. A hit is
counted when one of the top K is a provision it links to. The candidates are those members and
editors are offered: the provisions of its countries' plans and of every regional and global
framework. The suggestions are asked of the configured engine as members and editors ask it:
for the saved practice, as editors and its page see it, and for the practice's texts and
countries, as a member typing the form sends them (the form's text fields, its themes, the
chosen countries).
"""

from dataclasses import replace

from django.core.management.base import BaseCommand

from practices.models import PracticePage
from search.service import get_engine
from search.suggestions import TEXT_FIELDS, SuggestionSubject


def true_links(practice):
    """The provisions the practice links to."""
    return {link.provision_id for link in practice.provision_links.all()}


def is_hit(suggestion, provisions):
    return suggestion.item.pk in provisions


def as_editors_see_it(practice):
    return replace(
        SuggestionSubject.from_practice(practice),
        exclude_ids=frozenset(),
        ignore_links_of=practice.pk,
    )


def as_a_member_types_it(practice):
    return replace(
        SuggestionSubject.of(
            *(getattr(practice, name) for name in TEXT_FIELDS),
            *practice.theme_names,
            countries=practice.country_codes,
        ),
        ignore_links_of=practice.pk,
    )


SUBJECTS = (
    ("editors and pages (the saved practice)", as_editors_see_it),
    ("members (the form's text and countries)", as_a_member_types_it),
)


def evaluate(subject_of, k=5):
    practices = (
        PracticePage.objects.live().public().prefetch_related("provision_links", "countries")
    )
    engine = get_engine()
    evaluated = hits = 0
    for practice in practices:
        provisions = true_links(practice)
        if not provisions:
            continue
        evaluated += 1
        top = engine.related_provisions(subject_of(practice), limit=k)
        hits += any(is_hit(s, provisions) for s in top)
    return evaluated, hits


class Command(BaseCommand):
    help = "Measure how often an editorial practice-provision link is among the top suggestions."

    def add_arguments(self, parser):
        parser.add_argument("-k", type=int, default=5)

    def handle(self, *args, k, **options):
        for label, subject_of in SUBJECTS:
            evaluated, hits = evaluate(subject_of, k)
            rate = f"{hits / evaluated:.0%}" if evaluated else "n/a"
            self.stdout.write(
                f"{label}: a linked provision in the top {k} for {hits} of {evaluated} practices "
                f"with links ({rate})."
            )
