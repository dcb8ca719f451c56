"""How often a true link is among the top suggestions: the measure of the similarity links.

A true link is a provision a published practice links to, or any provision of a framework it
links to as a whole. For each practice with true links, the suggestions are computed as if the
links did not exist, and a hit is counted when one of the top K belongs to them. Two candidate
rules are measured: the site's (frameworks of the practice's countries plus regional and global
ones) and text alone (every provision, to show what the words contribute).
"""

from django.core.management.base import BaseCommand

from practices.models import PracticePage
from search.engines.database_suggestions import related_provisions


def true_links(practice):
    provisions = {link.provision_id for link in practice.provision_links.all()}
    frameworks = {link.framework_id for link in practice.framework_links.all()}
    return provisions, frameworks


def is_hit(suggestion, provisions, frameworks):
    provision = suggestion.item
    return provision.pk in provisions or provision.framework_id in frameworks


def evaluate(k=5, any_country=False):
    practices = PracticePage.objects.live().prefetch_related(
        "provision_links", "framework_links__framework__provisions", "countries"
    )
    evaluated = hits = 0
    for practice in practices:
        provisions, frameworks = true_links(practice)
        # Only links the suggestions could find: frameworks with provisions.
        frameworks = {
            link.framework_id
            for link in practice.framework_links.all()
            if link.framework.provisions.exists()
        }
        if not provisions and not frameworks:
            continue
        evaluated += 1
        top = related_provisions(practice, limit=k, include_linked=True, any_country=any_country)
        hits += any(is_hit(s, provisions, frameworks) for s in top)
    return evaluated, hits


class Command(BaseCommand):
    help = "Measure how often a true practice-provision link is among the top suggestions."

    def add_arguments(self, parser):
        parser.add_argument("-k", type=int, default=5)

    def handle(self, *args, k, **options):
        for label, any_country in (("site rule", False), ("text alone", True)):
            evaluated, hits = evaluate(k, any_country)
            rate = f"{hits / evaluated:.0%}" if evaluated else "n/a"
            self.stdout.write(
                f"{label}: a true link in the top {k} for {hits} of {evaluated} practices "
                f"with links ({rate})."
            )
