"""How often a true link is among the top suggestions: the measure of the suggested provisions.

A true link is a provision a published practice links to, or any provision of a framework it
links to as a whole. For each practice with true links, the suggestions are computed as if the
links did not exist, and a hit is counted when one of the top K belongs to them. They are asked
of the configured engine as members and editors ask it: for the saved practice, as editors and
its page see it, and for the practice's texts and countries, as a member typing the form sends
them (the form's text fields, its themes, the chosen countries).
"""

from dataclasses import replace

from django.core.management.base import BaseCommand

from practices.models import PracticePage
from search.service import get_engine
from search.suggestions import TEXT_FIELDS, SuggestionSubject


def true_links(practice):
    """The provisions the practice links to, and the frameworks it links to as a whole that
    have provisions (the others cannot be suggested)."""
    provisions = {link.provision_id for link in practice.provision_links.all()}
    frameworks = {
        link.framework_id
        for link in practice.framework_links.all()
        if link.framework.provisions.exists()
    }
    return provisions, frameworks


def is_hit(suggestion, provisions, frameworks):
    provision = suggestion.item
    return provision.pk in provisions or provision.framework_id in frameworks


def as_editors_see_it(practice):
    return replace(SuggestionSubject.from_practice(practice), exclude_ids=frozenset())


def as_a_member_types_it(practice):
    return SuggestionSubject.of(
        *(getattr(practice, name) for name in TEXT_FIELDS),
        *practice.theme_names,
        countries=practice.country_codes,
    )


SUBJECTS = (
    ("editors and pages (the saved practice)", as_editors_see_it),
    ("members (the form's text and countries)", as_a_member_types_it),
)


def evaluate(subject_of, k=5):
    practices = PracticePage.objects.live().prefetch_related(
        "provision_links", "framework_links__framework", "countries"
    )
    engine = get_engine()
    evaluated = hits = 0
    for practice in practices:
        provisions, frameworks = true_links(practice)
        if not provisions and not frameworks:
            continue
        evaluated += 1
        top = engine.related_provisions(subject_of(practice), limit=k)
        hits += any(is_hit(s, provisions, frameworks) for s in top)
    return evaluated, hits


class Command(BaseCommand):
    help = "Measure how often a true practice-provision link is among the top suggestions."

    def add_arguments(self, parser):
        parser.add_argument("-k", type=int, default=5)

    def handle(self, *args, k, **options):
        for label, subject_of in SUBJECTS:
            evaluated, hits = evaluate(subject_of, k)
            rate = f"{hits / evaluated:.0%}" if evaluated else "n/a"
            self.stdout.write(
                f"{label}: a true link in the top {k} for {hits} of {evaluated} practices "
                f"with links ({rate})."
            )
