"""``manage.py import_practices FILE``: load ``{"practices": [...]}`` as published practices.

The format is the API's result format without ids and urls (practices/exchange.py). Each
practice is identified by its ``external_id``: a second import of the same id publishes a new
revision of the same page and replaces its countries, organisations, links and themes; what a
public export or the API leaves out (the contact, withheld organisations, a hidden location, the
safety options, unconfirmed organisations, links to frameworks that are not live) stays as
stored.
"""

from pathlib import Path

from django.utils.text import slugify

from wagtail.models import Page

from core.importing import (
    ImportCommand,
    check_unique,
    plural,
    read_entries,
    unique_slug,
)
from core.text import join_lines, split_credit
from frameworks.models import FrameworkPage, Provision
from practices.exchange import PRACTICE, keeping_hidden, keeps_stored
from practices.models import (
    Organisation,
    PracticeCountry,
    PracticeFrameworkLink,
    PracticeIndexPage,
    PracticeOrganisation,
    PracticePage,
    PracticeProvisionLink,
)

# Record keys stored on the page as they are.
PLAIN_FIELDS = (
    "title",
    "summary",
    "description",
    "level",
    "agendas",
    "pillars",
    "start_year",
    "end_year",
    "stakeholders",
    "activities",
    "outcomes",
    "challenge_types",
    "challenges",
    "lessons_learned",
    "funding",
    "language",
)

# The links an import replaces: what their check for the public reads, and what a row links to.
LINKS = {
    "practice_organisations": ("organisation", lambda row: row.organisation_id),
    "provision_links": ("provision__framework", lambda row: row.provision_id),
    "framework_links": ("framework", lambda row: row.framework_id),
}


def split_credits(values):
    """A record without a credit line (the sources' files) names its organisations the way a
    credit reads, "GNWP with the Ministry of Interior": the organisations become the names alone
    and the credit line the text as written. A record with a credit line, even empty (an
    export), names its organisations exactly."""
    if "credit_line" in values or "organisations" not in values:
        return
    names, credits = [], []
    for text in values["organisations"]:
        found, credit = split_credit(text)
        names += [name for name in found if name not in names]
        if credit:
            credits.append(credit)
    values["organisations"] = names
    values["credit_line"] = "; ".join(credits)[:500]


def practice_slug_base(title):
    # Leave room for the "-2" that makes a repeated title unique.
    return slugify(title, allow_unicode=True)[:240].strip("-") or "practice"


class Command(ImportCommand):
    help = "Import practices from a {'practices': [...]} JSON file and publish them."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file with a 'practices' list.")
        super().add_arguments(parser)

    # Reading and checking.

    def read(self, options, problems):
        path = Path(options["file"])
        entries = read_entries(path, "practices", PRACTICE, problems)
        check_unique(entries, "external_id", problems)
        frameworks, provisions = self.resolve_links(entries, problems)
        index = PracticeIndexPage.objects.first()
        if index is None:
            problems.in_file("site", "has no practices index page (run migrate)")
        return {
            "entries": entries,
            "index": index,
            "frameworks": frameworks,
            "provisions": provisions,
        }

    def resolve_links(self, entries, problems):
        """Primary keys of the frameworks and provisions the records name; unknown ones are
        problems, since a link that silently disappears would misreport a practice."""
        wanted = set()
        for entry in entries:
            wanted |= {link["framework"] for link in entry.data.get("provisions", [])}
            wanted |= set(entry.data.get("frameworks", []))
        frameworks = dict(
            FrameworkPage.objects.filter(external_id__in=wanted).values_list("external_id", "pk")
        )
        provisions = {
            (external_id, code): pk
            for external_id, code, pk in Provision.objects.filter(
                framework__external_id__in=wanted
            ).values_list("framework__external_id", "code", "pk")
        }
        for entry in entries:
            self.check_provision_links(entry, frameworks, provisions, problems)
            for external_id in entry.data.get("frameworks", []):
                if external_id not in frameworks:
                    problems.in_record(
                        entry, "frameworks", f"no framework with external_id {external_id!r}"
                    )
        return frameworks, provisions

    def check_provision_links(self, entry, frameworks, provisions, problems):
        for number, link in enumerate(entry.data.get("provisions", []), start=1):
            framework, code = link["framework"], link["code"]
            if framework not in frameworks:
                problems.in_record(
                    entry,
                    f"provisions[{number}].framework",
                    f"no framework with external_id {framework!r}",
                )
            elif (framework, code) not in provisions:
                problems.in_record(
                    entry,
                    f"provisions[{number}].code",
                    f"framework {framework!r} has no provision with code {code!r}",
                )

    # Writing.

    def write(self, data):
        entries, index = data["entries"], data["index"]
        existing = {
            page.external_id: page
            for page in PracticePage.objects.filter(
                external_id__in=[entry.data["external_id"] for entry in entries]
            )
        }
        for entry in entries:
            split_credits(entry.data)
        organisations, added = self.organisations(entries)
        taken = set(Page.objects.child_of(index).values_list("slug", flat=True))
        created = 0
        for entry in self.progress(entries, "Practices"):
            values = entry.data
            page = existing.get(values["external_id"])
            if page is None:
                page = PracticePage(external_id=values["external_id"], live=False)
            self.set_fields(page, values)
            self.set_relations(page, values, organisations, data)
            if page.pk is None:
                created += 1
                page.slug = unique_slug(practice_slug_base(values["title"]), taken)
                taken.add(page.slug)
                index.add_child(instance=page)
            page.save_revision().publish()

        summary = (
            f"Imported {plural(len(entries), 'practice')} ({created} created, "
            f"{len(entries) - created} updated)."
        )
        if added:
            summary += f" Added {plural(added, 'organisation')}."
        return summary

    def organisations(self, entries):
        """Every organisation the records name, by name, creating the missing ones."""
        names = {name for entry in entries for name in entry.data.get("organisations", [])}
        found = {o.name: o for o in Organisation.objects.filter(name__in=names)}
        missing = sorted(names - found.keys())
        for name in missing:
            found[name] = Organisation.objects.create(name=name)
        return found, len(missing)

    def set_fields(self, page, values):
        for name in PLAIN_FIELDS:
            setattr(page, name, values[name])
        page.sources = join_lines(values["sources"])
        if "safety" in values:
            page.withhold_organisation = values["safety"]["withhold_organisation"]
            page.country_level_only = values["safety"]["country_level_only"]
        if not keeps_stored(values, "credit_line", page.withhold_organisation):
            page.credit_line = values["credit_line"]
        if not keeps_stored(values, "location", page.country_level_only):
            page.location = values["location"]
        if "contact" in values:
            page.contact_name = values["contact"]["name"]
            page.contact_email = values["contact"]["email"]

    def set_relations(self, page, values, organisations, data):
        """Replace the page's child objects; modelcluster writes them when it is published."""
        page.countries = [
            PracticeCountry(country=code, sort_order=position)
            for position, code in enumerate(values["countries"])
        ]
        if not keeps_stored(values, "organisations", page.withhold_organisation):
            self.set_links(
                page,
                "practice_organisations",
                [
                    PracticeOrganisation(organisation=organisations[name])
                    for name in values["organisations"]
                ],
            )
        self.set_links(
            page,
            "provision_links",
            [
                PracticeProvisionLink(
                    provision_id=data["provisions"][(link["framework"], link["code"])],
                    relation=link["relation"],
                )
                for link in values["provisions"]
            ],
        )
        self.set_links(
            page,
            "framework_links",
            [
                PracticeFrameworkLink(framework_id=data["frameworks"][external_id])
                for external_id in values["frameworks"]
            ],
        )
        page.themes.set(values["themes"])

    def set_links(self, page, name, imported):
        """Replace the rows of relation ``name`` with the ``imported`` ones, keeping in place the
        stored rows that a public export could not name and the record does not
        (exchange.keeping_hidden); numbered in their new order."""
        rows = imported
        if page.pk is not None:
            related, identity = LINKS[name]
            stored = list(getattr(page, name).select_related(related))
            rows = keeping_hidden(name, stored, imported, identity)
        for position, row in enumerate(rows):
            row.pk = None  # a kept row is written again with the others
            row.sort_order = position
        setattr(page, name, rows)
