"""``manage.py import_organisations FILE``: load ``{"organisations": [...]}`` as snippets.

An organisation is identified by its ``external_id``, or by its name when it has none (the
practices import creates organisations by name, so a later import of their details finds them).
Every organisation imported is marked ``publicly_known``: public lists and forms may name it.
"""

from pathlib import Path

from core.importing import (
    Choice,
    Choices,
    ImportCommand,
    Integer,
    Schema,
    Text,
    Url,
    Urls,
    check_unique,
    plural,
    read_entries,
)
from core.text import join_lines
from core.vocabulary import Agenda
from practices.models import Organisation, OrganisationKind, validate_year

ORGANISATION = Schema(
    {
        "external_id": Text(max_length=100, one_line=True),
        "name": Text(required=True, max_length=255, one_line=True),
        "kind": Choice(OrganisationKind, default=OrganisationKind.CSO),
        "network_type": Choice(Organisation._meta.get_field("network_type").choices),
        "parent_organisation": Text(max_length=255, one_line=True),
        "region": Text(max_length=100, one_line=True),
        "founded_year": Integer(validators=[validate_year]),
        "agendas": Choices(Agenda),
        "summary": Text(),
        "website": Url(),
        "sources": Urls(),
    }
)

# Copied as they are; external_id and sources need a word of translation (see write).
PLAIN_FIELDS = [name for name in ORGANISATION.fields if name not in ("external_id", "sources")]


class Command(ImportCommand):
    help = "Import organisations (networks, CSOs) from a {'organisations': [...]} JSON file."
    key_fields = ("external_id", "name")

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file with an 'organisations' list.")
        super().add_arguments(parser)

    def read(self, options, problems):
        path = Path(options["file"])
        entries = read_entries(path, "organisations", ORGANISATION, problems)
        check_unique(entries, "external_id", problems)
        check_unique(entries, "name", problems)
        matches = self.match_stored(entries, problems)
        return {"entries": entries, "matches": matches}

    def match_stored(self, entries, problems):
        """The stored organisation each record updates, by external_id and then by name.

        A record may not take the name of another stored organisation, nor rename the
        external_id of one found by name: either would silently merge two organisations.
        """
        ids = {e.data.get("external_id") for e in entries} - {None, ""}
        names = {e.data.get("name") for e in entries} - {None, ""}
        by_id = {o.external_id: o for o in Organisation.objects.filter(external_id__in=ids)}
        by_name = {o.name: o for o in Organisation.objects.filter(name__in=names)}
        matches = {}
        for entry in entries:
            external_id, name = entry.data.get("external_id"), entry.data.get("name")
            match = by_id.get(external_id) if external_id else None
            named = by_name.get(name)
            if match is None and named is not None:
                if external_id and named.external_id and named.external_id != external_id:
                    problems.in_record(
                        entry,
                        "name",
                        f"is already the name of the organisation {named.external_id!r}",
                    )
                    continue
                match = named
            elif match is not None and named is not None and named.pk != match.pk:
                problems.in_record(entry, "name", "is already the name of another organisation")
                continue
            matches[entry.number] = match
        return matches

    def write(self, data):
        created = 0
        for entry in self.progress(data["entries"], "Organisations"):
            organisation = data["matches"].get(entry.number) or Organisation()
            created += organisation.pk is None
            # A record without an external_id keeps the stored one; none at all is NULL, not "",
            # because the column is unique.
            if entry.data["external_id"]:
                organisation.external_id = entry.data["external_id"]
            organisation.external_id = organisation.external_id or None
            for name in PLAIN_FIELDS:
                setattr(organisation, name, entry.data[name])
            organisation.sources = join_lines(entry.data["sources"])
            # The file describes networks and partners from public sources: their names were
            # public before they were here, so the public lists may name them.
            organisation.publicly_known = True
            organisation.full_clean()
            organisation.save()
        total = len(data["entries"])
        return (
            f"Imported {plural(total, 'organisation')} ({created} created, "
            f"{total - created} updated)."
        )
