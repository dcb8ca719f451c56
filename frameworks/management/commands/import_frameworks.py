"""``manage.py import_frameworks DIR``: load every ``*.json`` file of DIR as frameworks.

The format is described in data/README.md and declared in frameworks/exchange.py, from which
``export_frameworks`` writes it. Each framework is a page under the single frameworks index,
keyed by ``external_id``; its provisions are keyed by ``code`` within it. The whole directory
is one unit: every file is checked before anything is written.
"""

import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from core.importing import ImportCommand, check_unique, plural, read_entries, unique_slug
from core.text import join_lines
from core.vocabulary import Pillar
from frameworks.exchange import FRAMEWORK
from frameworks.models import (
    FrameworkIndexPage,
    FrameworkPage,
    FrameworkTranslation,
    Provision,
    ProvisionTranslation,
)

# Words that, standing alone in a plan's pillar label, clearly name a product pillar. Labels
# such as "Conflict prevention" or "Protection of women and girls" are left for editors: the
# import only draws conclusions a reader would not dispute.
PILLAR_WORDS = {
    "prevention": Pillar.PREVENTION,
    "protection": Pillar.PROTECTION,
    "participation": Pillar.PARTICIPATION,
    "relief": Pillar.RELIEF_AND_RECOVERY,
    "recovery": Pillar.RELIEF_AND_RECOVERY,
    "partnerships": Pillar.PARTNERSHIPS,
}
LABEL_SEPARATORS = re.compile(r",|;|/|&|\band\b")


def pillars_named(label):
    """The product pillars a plan's own pillar label clearly names ("Protection and prevention")."""
    text = " ".join(label.lower().split())
    for pillar in Pillar:
        if text in (pillar.label.lower(), pillar.value):
            return {pillar.value}
    parts = (part.strip() for part in LABEL_SEPARATORS.split(text))
    return {PILLAR_WORDS[part].value for part in parts if part in PILLAR_WORDS}


def derive_pillars(labels, provisions):
    """Product pillars of a plan: its provisions' pillar codes and its clearly named labels."""
    found = {p["pillar"] for p in provisions if p["pillar"] in Pillar.values}
    for label in labels:
        found |= pillars_named(label)
    return [code for code in Pillar.values if code in found]


def framework_slug(external_id):
    return slugify(external_id, allow_unicode=True)[:255]


def provision_slug_base(code):
    # The same rule as Provision.unique_slug, so imported and edited provisions look alike.
    return slugify(code)[:50] or "provision"


class Command(ImportCommand):
    help = "Import frameworks and their provisions from every *.json file in a directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory of {'frameworks': [...]} JSON files.")
        super().add_arguments(parser)

    # Reading and checking.

    def read(self, options, problems):
        directory = Path(options["directory"])
        if not directory.is_dir():
            problems.in_file(directory, "is not a directory")
            return None
        paths = sorted(directory.glob("*.json"))
        if not paths:
            problems.in_file(directory, "has no *.json files")
        entries = []
        for path in paths:
            entries += read_entries(path, "frameworks", FRAMEWORK, problems)
        # Two ids that differ only in case or punctuation would share one web address.
        check_unique(entries, "external_id", problems, normalise=framework_slug, what="slug")
        index = self.framework_index(problems)
        if index is not None:
            self.check_slugs_are_free(entries, index, problems)
        self.check_linked_provisions_are_kept(entries, problems)
        return {"entries": entries, "index": index}

    def check_linked_provisions_are_kept(self, entries, problems):
        """Removing a provision would delete the practice links to it: refuse, and say which.

        Frameworks know nothing of practices, so the links are found through the reverse
        relation's name rather than an import of the practices app.
        """
        by_id = {entry.data.get("external_id"): entry for entry in entries}
        linked = (
            Provision.objects.filter(framework__external_id__in=[k for k in by_id if k])
            .filter(practice_links__isnull=False)
            .values_list("framework__external_id", "code")
            .distinct()
        )
        for external_id, code in linked:
            entry = by_id[external_id]
            codes = {
                p.get("code") for p in entry.data.get("provisions") or [] if isinstance(p, dict)
            }
            if code not in codes:
                problems.in_record(
                    entry,
                    "provisions",
                    f"provision {code!r} is linked to practices and cannot be removed; "
                    "keep it in the file, or unlink the practices first",
                )

    def framework_index(self, problems):
        # Frameworks live in the default locale; their translations are rows of their own.
        indexes = list(
            FrameworkIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)[:2]
        )
        if len(indexes) != 1:
            problems.in_file("site", "needs exactly one frameworks index page (run migrate)")
            return None
        return indexes[0]

    def check_slugs_are_free(self, entries, index, problems):
        """A new framework's slug must not be taken by another page under the index."""
        children = FrameworkPage.objects.child_of(index).values_list("slug", "external_id")
        owners = dict(children)
        stored_ids = set(owners.values())
        for entry in entries:
            external_id = entry.data.get("external_id")
            # A stored framework keeps the slug it has, whatever an editor made of it.
            if not external_id or external_id in stored_ids:
                continue
            slug = framework_slug(external_id)
            if not slug:
                problems.in_record(entry, "external_id", "gives an empty web address (slug)")
            elif slug in owners and owners[slug] != external_id:
                problems.in_record(
                    entry, "external_id", f"its slug {slug!r} is taken by another framework page"
                )

    # Writing.

    def write(self, data):
        entries, index = data["entries"], data["index"]
        external_ids = [entry.data["external_id"] for entry in entries]
        existing = {
            page.external_id: page
            for page in FrameworkPage.objects.filter(external_id__in=external_ids)
        }
        stored = defaultdict(list)
        for provision in Provision.objects.filter(framework__in=existing.values()):
            stored[provision.framework_id].append(provision)

        created = provisions = removed = 0
        for entry in self.progress(entries, "Frameworks"):
            values = entry.data
            page = existing.get(values["external_id"])
            if page is None:
                page = FrameworkPage(
                    external_id=values["external_id"],
                    slug=framework_slug(values["external_id"]),
                    live=False,
                )
            kept = self.set_fields(page, values, stored[page.pk] if page.pk else [])
            removed += len(stored[page.pk]) - kept if page.pk else 0
            provisions += len(values["provisions"])
            if page.pk is None:
                created += 1
                index.add_child(instance=page)
            page.save_revision().publish()

        updated = len(entries) - created
        summary = (
            f"Imported {plural(len(entries), 'framework')} ({created} created, "
            f"{updated} updated) with {plural(provisions, 'provision')}."
        )
        if removed:
            summary += f" Removed {plural(removed, 'provision')} no longer in the files."
        return summary

    def set_fields(self, page, values, stored_provisions):
        """Copy a record onto a page; returns how many stored provisions it keeps."""
        page.title = values["title"]
        page.kind = values["kind"]
        page.symbol = values["symbol"]
        page.agendas = values["agendas"]
        page.country = values["country"]
        page.organisation = values["organisation"]
        page.organisation_region = values["region"]
        page.document_type = values["document_type"]
        page.generation = values["generation"]
        page.adopted_year = values["adopted_year"]
        page.start_year = values["start_year"]
        page.end_year = values["end_year"]
        page.next_plan_expected = values["next_plan_expected"]
        page.lead_institution = values["lead_institution"]
        page.pillar_labels = join_lines(values["pillars"])
        page.pillars = derive_pillars(values["pillars"], values["provisions"])
        page.budget = values["budget"]
        page.me_framework = values["me_framework"]
        roles = values["civil_society_roles"]
        page.civil_society_roles = roles or []
        page.civil_society_roles_known = roles is not None
        page.document_url = values["document_url"]
        page.summary = values["summary"]
        page.sources = join_lines(values["sources"])
        provisions = self.provisions(values["provisions"], stored_provisions)
        page.provisions = provisions
        self.set_translations(page, values)
        return sum(1 for provision in provisions if provision.pk)

    def set_translations(self, page, values):
        """The framework's and its provisions' translations: those a record gives replace the
        stored ones; a record (or provision) without the key keeps them. Translations of
        provisions the record no longer has go with them."""
        if "translations" in values:
            page.translations = [
                FrameworkTranslation(
                    language=row["language"],
                    title=row["title"],
                    summary=row["summary"] or "",
                    sort_order=position,
                )
                for position, row in enumerate(values["translations"])
            ]
        stored = list(page.provision_translations.all()) if page.pk else []
        rows = []
        for record in values["provisions"]:
            if "translations" in record:
                rows += [
                    ProvisionTranslation(
                        code=record["code"], language=row["language"], text=row["text"]
                    )
                    for row in record["translations"]
                ]
            else:
                rows += [row for row in stored if row.code == record["code"]]
        for position, row in enumerate(rows):
            row.sort_order = position
        page.provision_translations = rows

    def provisions(self, records, stored):
        """The provisions in file order, reusing stored ones by code so their slugs stay."""
        by_code = {provision.code: provision for provision in stored}
        # New slugs avoid every stored slug, even of provisions about to be removed: modelcluster
        # deletes those first, but a removed provision's address is better not reused.
        taken = {provision.slug for provision in stored}
        result = []
        for position, record in enumerate(records):
            provision = by_code.get(record["code"]) or Provision(code=record["code"])
            if not provision.slug:
                provision.slug = unique_slug(provision_slug_base(record["code"]), taken)
            taken.add(provision.slug)
            provision.code_as_printed = record["code_as_printed"]
            provision.pillar = record["pillar"]
            provision.text = record["text"]
            provision.responsible = join_lines(record["responsible"])
            provision.indicators = join_lines(record["indicators"])
            provision.sort_order = position
            result.append(provision)
        return result
