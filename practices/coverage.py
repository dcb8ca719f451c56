"""Coverage: which provisions have at least one published practice linked, and by which relation.

The one place that counts it, for the framework pages, the country profiles, the registry-wide
gaps page and the API. Only published practices (live and public, hence never a draft, a
practice in review or a withdrawn one) count. A provision counts once overall however many
practices are linked to it, and once for each relation at least one of them has with it; a
provision with no published practice is a gap.
"""

from dataclasses import dataclass, field

from core.vocabulary import Relation

from .models import PracticePage, PracticeProvisionLink


def published_links(provisions):
    """The links of published practices to ``provisions`` (a queryset of provisions)."""
    return PracticeProvisionLink.objects.filter(
        provision__in=provisions, practice__in=PracticePage.objects.live().public().originals()
    )


@dataclass
class Coverage:
    provisions: int = 0
    covered: int = 0
    # {relation code: provisions with at least one published practice linked so}
    by_relation: dict = field(default_factory=lambda: dict.fromkeys(Relation.values, 0))
    # {provision id: number of distinct published practices linked to it}
    practice_counts: dict = field(default_factory=dict)
    gap_ids: list = field(default_factory=list)

    @property
    def gaps(self):
        return self.provisions - self.covered

    @property
    def relations(self):
        """[(code, label, provisions)] in the vocabulary's order."""
        return [(code, name, self.by_relation[code]) for code, name in Relation.choices]

    def as_data(self):
        """The counts as the API gives them."""
        return {
            "provisions": self.provisions,
            "covered": self.covered,
            "by_relation": dict(self.by_relation),
        }


def coverage_by_framework(provisions):
    """{framework id: Coverage} of ``provisions`` (a queryset), grouped by their framework, in
    two queries. A framework without provisions in ``provisions`` is absent."""
    result = {}
    framework_of = {}
    for provision_id, framework_id in provisions.values_list("pk", "framework_id"):
        framework_of[provision_id] = framework_id
        result.setdefault(framework_id, Coverage()).provisions += 1
    relations, practices = {}, {}
    links = published_links(provisions).values_list("provision_id", "relation", "practice_id")
    for provision_id, relation, practice_id in links:
        relations.setdefault(provision_id, set()).add(relation)
        practices.setdefault(provision_id, set()).add(practice_id)
    for provision_id, framework_id in framework_of.items():
        entry = result[framework_id]
        if provision_id in practices:
            entry.covered += 1
            entry.practice_counts[provision_id] = len(practices[provision_id])
            for relation in relations[provision_id]:
                if relation in entry.by_relation:
                    entry.by_relation[relation] += 1
        else:
            entry.gap_ids.append(provision_id)
    return result


def coverage(provisions):
    """The Coverage of ``provisions`` (a queryset) taken together."""
    total = Coverage()
    for entry in coverage_by_framework(provisions).values():
        total.provisions += entry.provisions
        total.covered += entry.covered
        total.practice_counts.update(entry.practice_counts)
        total.gap_ids += entry.gap_ids
        for relation, n in entry.by_relation.items():
            total.by_relation[relation] += n
    return total


def gap_provisions(provisions):
    """``provisions`` (a queryset) that no published practice is linked to."""
    return provisions.exclude(pk__in=published_links(provisions).values("provision_id"))
