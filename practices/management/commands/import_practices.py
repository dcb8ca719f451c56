"""``manage.py import_practices FILE``: load ``{"practices": [...]}`` as published practices.

The format is the API's result format without ids and urls (practices/exchange.py). Each
practice is identified by its ``external_id``: a second import of the same id publishes a new
revision of the same page and replaces its countries, organisations, links and themes; what a
public export or the API leaves out (the contact, withheld organisations, a hidden location, the
safety options, unconfirmed organisations, links to frameworks that are not live) stays as
stored.

A new practice is created in the locale of its language (a French one under the French practice
index; a language that is not a content language in the default locale). Its ``translations``
are published as Wagtail translations of its page, one per language, identified by the
practice's external_id and the language: a second import updates them. A translation holds its
own text and the original's classification, countries, links and safety options.
"""

from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from wagtail.models import Locale, Page

from core.importing import (
    ImportCommand,
    check_unique,
    plural,
    read_entries,
    unique_slug,
)
from core.models import content_locale_code
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
from practices.serialisers import TRANSLATED_FIELDS

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


def sync_with_original(translation, original):
    """What a translation shares with its original (every field but its text, its place and
    its identity, and the child rows) made the same as the original's again."""
    own = set(TRANSLATED_FIELDS) | set(PracticePage.exclude_fields_in_copy)
    for field in PracticePage._meta.concrete_fields:
        if field.model is PracticePage and field.name not in own and not field.primary_key:
            setattr(translation, field.attname, getattr(original, field.attname))
    for name in ("countries", "practice_organisations", "provision_links", "framework_links"):
        rows = []
        for position, row in enumerate(getattr(original, name).all()):
            row.pk = None
            row.sort_order = position
            rows.append(row)
        setattr(translation, name, rows)
    translation.themes.set([tag.name for tag in original.themes.all()])


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
        indexes = {
            index.locale.language_code: index
            for index in PracticeIndexPage.objects.select_related("locale").order_by("-path")
        }
        if not indexes:
            problems.in_file("site", "has no practices index page (run migrate)")
        self.check_translation_locales(entries, indexes, problems)
        return {
            "entries": entries,
            "indexes": indexes,
            "frameworks": frameworks,
            "provisions": provisions,
        }

    def check_translation_locales(self, entries, indexes, problems):
        """A translation goes under its locale's practice index, which setup_site makes."""
        for entry in entries:
            for number, translation in enumerate(entry.data.get("translations") or [], start=1):
                if translation["language"] not in indexes:
                    problems.in_record(
                        entry,
                        f"translations[{number}].language",
                        f"the site has no practices index page in {translation['language']!r} "
                        "(run setup_site)",
                    )

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
        entries, indexes = data["entries"], data["indexes"]
        existing = {
            page.external_id: page
            for page in PracticePage.objects.filter(
                external_id__in=[entry.data["external_id"] for entry in entries]
            )
        }
        for entry in entries:
            split_credits(entry.data)
        organisations, added = self.organisations(entries)
        taken = {}
        created = translated = 0
        for entry in self.progress(entries, "Practices"):
            values = entry.data
            page = existing.get(values["external_id"])
            if page is None:
                page = PracticePage(external_id=values["external_id"], live=False)
            self.set_fields(page, values)
            self.set_relations(page, values, organisations, data)
            if page.pk is None:
                created += 1
                index = indexes.get(content_locale_code(page.language)) or indexes.get(
                    settings.LANGUAGE_CODE, next(iter(indexes.values()))
                )
                if index.pk not in taken:
                    taken[index.pk] = set(
                        Page.objects.child_of(index).values_list("slug", flat=True)
                    )
                page.slug = unique_slug(practice_slug_base(values["title"]), taken[index.pk])
                taken[index.pk].add(page.slug)
                index.add_child(instance=page)
            page.save_revision().publish()
            for translation in values.get("translations", []):
                self.write_translation(page, translation)
                translated += 1

        summary = (
            f"Imported {plural(len(entries), 'practice')} ({created} created, "
            f"{len(entries) - created} updated)."
        )
        if translated:
            summary += f" Published {plural(translated, 'translation')}."
        if added:
            summary += f" Added {plural(added, 'organisation')}."
        return summary

    def write_translation(self, page, values):
        """Publish ``values`` as the translation of ``page`` into their language: the page's
        Wagtail translation in that locale, made by copying the page when there is none, and
        otherwise brought up to date with it. Text left empty is the original's."""
        locale = Locale.objects.get(language_code=values["language"])
        translation = PracticePage.objects.filter(
            translation_key=page.translation_key, locale=locale
        ).first()
        if translation is None:
            translation = page.copy_for_translation(locale).specific
        else:
            sync_with_original(translation, page)
        for name in TRANSLATED_FIELDS:
            setattr(translation, name, values.get(name) or getattr(page, name))
        translation.save_revision().publish()

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
