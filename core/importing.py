"""The rules every JSON import follows, in one place.

An import reads a whole file (or directory), checks every record, collects every problem and
reports them all at once, as ``FILE: record N (external_id X): field: message``. Only when
nothing is wrong does it write, in one transaction, so a file is imported entirely or not at
all. The field types below turn JSON values into model values and say exactly what is wrong
when they cannot; the import commands describe their records with them instead of repeating
type checks.
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from tqdm import tqdm

from .countries import lookup
from .indexing import bulk_indexing
from .pagecache import bump_now
from .text import control_character_problem, escape_control_characters

# The same checks as the models' own (core.text.validate_url_lines, EmailField), so a
# value accepted here is never rejected when the page is saved.
URL_VALIDATOR = URLValidator(schemes=["http", "https"])
EMAIL_VALIDATOR = EmailValidator()

# Long vocabularies (languages) are not spelled out in every message.
MAX_CODES_IN_MESSAGE = 25


class Invalid(Exception):
    """A value cannot be imported. ``problems`` lists (path, message), path relative to it."""

    def __init__(self, message=None, problems=None):
        super().__init__(message)
        self.problems = problems if problems is not None else [("", message)]


def join_path(prefix, path):
    if not path:
        return prefix
    if not prefix:
        return path
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def prefixed(prefix, problems):
    return [(join_path(prefix, path), message) for path, message in problems]


def describe(value):
    """The JSON name of a value's type, for messages (Python's names mean nothing to editors)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def run_validators(value, validators):
    for validator in validators:
        try:
            validator(value)
        except ValidationError as error:
            raise Invalid(" ".join(error.messages)) from error


def codes_of(choices):
    """The codes of a TextChoices class or of a list of (code, label) pairs."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    return [code for code, _ in pairs]


def unknown_code_message(value, codes):
    if len(codes) > MAX_CODES_IN_MESSAGE:
        return f"unknown code {value!r}"
    return f"unknown code {value!r} (use one of: {', '.join(codes)})"


# Field types. ``clean`` maps a JSON value (None when the key is absent or null) to the value
# the model stores, or raises Invalid. null always means "empty".


class Field:
    def __init__(self, *, required=False, default=None, validators=(), keep_when_absent=False):
        self.required = required
        self.default = default
        self.validators = list(validators)
        # The key may be left out on purpose (private contact in a public export): then the
        # record leaves the stored value alone instead of emptying it.
        self.keep_when_absent = keep_when_absent

    def clean(self, value):
        if value is None:
            if self.required:
                raise Invalid("is required")
            return self.empty()
        value = self.convert(value)
        run_validators(value, self.validators)
        return value

    def empty(self):
        return self.default

    def convert(self, value):
        return value


class Text(Field):
    def __init__(self, *, max_length=None, one_line=False, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.one_line = one_line

    def empty(self):
        return ""

    def convert(self, value):
        if not isinstance(value, str):
            raise Invalid(f"must be a string, not {describe(value)}")
        problem = control_character_problem(value)
        if problem:
            raise Invalid(problem)
        value = value.strip()
        if not value and self.required:
            raise Invalid("is required")
        if self.max_length and len(value) > self.max_length:
            raise Invalid(f"is {len(value)} characters long; at most {self.max_length} allowed")
        if self.one_line and ("\n" in value or "\r" in value):
            raise Invalid("must be a single line")
        return value


class Url(Text):
    def __init__(self, **kwargs):
        super().__init__(one_line=True, max_length=200, **kwargs)

    def convert(self, value):
        value = super().convert(value)
        if value:
            run_validators(value, [URL_VALIDATOR])
        return value


class Email(Text):
    def __init__(self, **kwargs):
        super().__init__(one_line=True, max_length=254, **kwargs)

    def convert(self, value):
        value = super().convert(value)
        if value:
            run_validators(value, [EMAIL_VALIDATOR])
        return value


class Integer(Field):
    def __init__(self, *, minimum=None, maximum=None, **kwargs):
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def convert(self, value):
        # bool is a subclass of int in Python, but true is not a year.
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"must be a whole number, not {describe(value)}")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise Invalid(f"must be at most {self.maximum}")
        return value


class Boolean(Field):
    def __init__(self, *, default=False, **kwargs):
        super().__init__(default=default, **kwargs)

    def convert(self, value):
        if not isinstance(value, bool):
            raise Invalid(f"must be true or false, not {describe(value)}")
        return value


class Choice(Field):
    """One code of a vocabulary (a TextChoices class or a list of pairs)."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)
        self.codes = codes_of(choices)

    def convert(self, value):
        if not isinstance(value, str):
            raise Invalid(f"must be a code (a string), not {describe(value)}")
        if value not in self.codes:
            raise Invalid(unknown_code_message(value, self.codes))
        return value


class ListField(Field):
    """A JSON list; ``item`` checks one element. Problems name the element, 1-based."""

    expected = "a list"

    def __init__(self, *, null=False, **kwargs):
        super().__init__(**kwargs)
        # With ``null``, null (unknown) stays None, apart from [] (known to be none).
        self.null = null

    def empty(self):
        return None if self.null else []

    def convert(self, value):
        if not isinstance(value, list):
            raise Invalid(f"must be {self.expected}, not {describe(value)}")
        items, problems = [], []
        for number, item in enumerate(value, start=1):
            try:
                items.append(self.item(item))
            except Invalid as error:
                problems += prefixed(f"[{number}]", error.problems)
        if problems:
            raise Invalid(problems=problems)
        return self.finish(items)

    def item(self, value):
        return value

    def finish(self, items):
        return items


class Strings(ListField):
    """A list of one-line strings (stored one per line). Blank items are dropped.

    With ``unique`` a repeated item is an error (it names something twice); otherwise
    repeats are dropped, since they carry no meaning.
    """

    expected = "a list of strings"

    def __init__(self, *, max_length=None, unique=False, **kwargs):
        super().__init__(**kwargs)
        self.text = Text(max_length=max_length, one_line=True)
        self.unique = unique

    def item(self, value):
        return self.text.clean(value)

    def finish(self, items):
        kept, seen, problems = [], {}, []
        for number, item in enumerate(items, start=1):
            if not item:
                continue
            if item in seen:
                if self.unique:
                    problems.append((f"[{number}]", f"{item!r} is listed twice"))
                continue
            seen[item] = number
            kept.append(item)
        if problems:
            raise Invalid(problems=problems)
        return kept


class Urls(Strings):
    expected = "a list of web addresses"

    def item(self, value):
        value = super().item(value)
        if value:
            run_validators(value, [URL_VALIDATOR])
        return value


class Choices(ListField):
    """Codes of one vocabulary, without repeats, in the vocabulary's order."""

    expected = "a list of codes"

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choice = Choice(choices)

    def item(self, value):
        if value is None:
            raise Invalid("must be a code, not null")
        return self.choice.clean(value)

    def finish(self, items):
        order = {code: index for index, code in enumerate(self.choice.codes)}
        return sorted(set(items), key=order.__getitem__)


class Country(Field):
    """An ISO 3166-1 code, alpha-2 or alpha-3, stored as alpha-2."""

    def empty(self):
        return ""

    def convert(self, value):
        if not isinstance(value, str):
            raise Invalid(f"must be a country code (a string), not {describe(value)}")
        country = lookup(value)
        if country is None:
            raise Invalid(f"unknown country code {value!r} (use ISO 3166-1 alpha-2 or alpha-3)")
        return country.code


class Countries(ListField):
    expected = "a list of country codes"
    country = Country()

    def item(self, value):
        if value is None:
            raise Invalid("must be a country code, not null")
        return self.country.clean(value)

    def finish(self, items):
        return list(dict.fromkeys(items))


class Object(Field):
    """A nested object described by a Schema; null gives the schema's empty values."""

    def __init__(self, schema, **kwargs):
        super().__init__(**kwargs)
        self.schema = schema

    def empty(self):
        return self.schema.clean({})

    def convert(self, value):
        return self.schema.clean(value)


class Objects(ListField):
    """A list of objects described by a Schema. ``unique`` names the keys that identify one."""

    expected = "a list of objects"

    def __init__(self, schema, *, unique=(), **kwargs):
        super().__init__(**kwargs)
        self.schema = schema
        self.unique = tuple(unique)

    def item(self, value):
        return self.schema.clean(value)

    def finish(self, items):
        if not self.unique:
            return items
        seen, problems = {}, []
        for number, item in enumerate(items, start=1):
            key = tuple(item[name] for name in self.unique)
            if key in seen:
                what = ", ".join(
                    f"{name} {value!r}" for name, value in zip(self.unique, key, strict=True)
                )
                problems.append((f"[{number}]", f"{what} is listed twice (also item {seen[key]})"))
            else:
                seen[key] = number
        if problems:
            raise Invalid(problems=problems)
        return items


class Schema:
    """The keys of one kind of record, in the order exports write them.

    ``ignored`` keys are accepted and dropped (the API adds them); any other key not in
    ``fields`` is an error, so a typo never silently loses data. ``checks`` compare fields of
    one record; each gets the cleaned values and returns (field, message) pairs.
    """

    def __init__(self, fields, *, ignored=(), checks=()):
        self.fields = dict(fields)
        self.ignored = frozenset(ignored)
        self.checks = list(checks)

    def check(self, data):
        """(cleaned values of the fields that are valid, problems)."""
        if not isinstance(data, dict):
            return {}, [("", f"must be an object, not {describe(data)}")]
        problems = [
            (str(key), "unknown field")
            for key in data
            if key not in self.fields and key not in self.ignored
        ]
        cleaned, failed = {}, set()
        for name, spec in self.fields.items():
            if name not in data and spec.keep_when_absent:
                continue
            try:
                cleaned[name] = spec.clean(data.get(name))
            except Invalid as error:
                failed.add(name)
                problems += prefixed(name, error.problems)
        if not failed:
            for check in self.checks:
                problems += check(cleaned)
        return cleaned, problems

    def clean(self, data):
        cleaned, problems = self.check(data)
        if problems:
            raise Invalid(problems=problems)
        return cleaned


def check_period(values):
    """Record check: a period cannot end before it starts."""
    start, end = values.get("start_year"), values.get("end_year")
    if start is not None and end is not None and end < start:
        return [("end_year", f"{end} is before start_year {start}")]
    return []


# Files, records and problem reports.


@dataclass
class Entry:
    """One record of an import file, with its place in the file for messages."""

    path: Path
    number: int
    raw: object
    data: dict = field(default_factory=dict)

    def label(self, key_fields=("external_id",)):
        if isinstance(self.raw, dict):
            for key in key_fields:
                value = self.raw.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
                    return f"{key} {value}"
        return f"no {key_fields[0]}"


class Problems:
    """Everything wrong with an import, in the order found, worded for the person fixing it."""

    def __init__(self, key_fields=("external_id",)):
        self.key_fields = key_fields
        self.messages = []

    def in_file(self, path, message):
        self.add(f"{path}: {message}")

    def in_record(self, entry, path, message):
        where = f"{entry.path}: record {entry.number} ({entry.label(self.key_fields)})"
        self.add(f"{where}: {path}: {message}" if path else f"{where}: {message}")

    def add(self, message):
        # A record's id or an unknown key may hold characters no terminal can print.
        self.messages.append(escape_control_characters(message))

    def raise_if_any(self):
        if self.messages:
            count = len(self.messages)
            noun = "problem" if count == 1 else "problems"
            raise CommandError(
                f"Nothing was imported: {count} {noun} found.\n" + "\n".join(self.messages)
            )


def load_document(path, key, problems):
    """The list under ``key`` in a JSON file, or None (and a problem) when there is none."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.in_file(path, "no such file")
        return None
    except UnicodeDecodeError:
        problems.in_file(path, "is not UTF-8 text")
        return None
    except OSError as error:
        problems.in_file(path, f"cannot be read: {error.strerror}")
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problems.in_file(
            path, f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        )
        return None
    except RecursionError:
        problems.in_file(
            path, "is nested too deeply to be read (lists or objects inside one another)"
        )
        return None
    if not isinstance(document, dict) or key not in document:
        problems.in_file(path, f'has no top-level "{key}" key; expected {{"{key}": [...]}}')
        return None
    records = document[key]
    if not isinstance(records, list):
        problems.in_file(path, f'"{key}" must be a list, not {describe(records)}')
        return None
    return records


def read_entries(path, key, schema, problems):
    """Every record of a file, checked against ``schema``; problems are collected, not raised."""
    records = load_document(path, key, problems)
    entries = []
    for number, raw in enumerate(records or [], start=1):
        entry = Entry(path=path, number=number, raw=raw)
        entry.data, found = schema.check(raw)
        for field_path, message in found:
            problems.in_record(entry, field_path, message)
        entries.append(entry)
    return entries


def check_unique(entries, name, problems, normalise=None, what=None):
    """Record check across a file: no two records share a value of ``name``.

    ``normalise`` maps values that would collide once stored (two external ids giving one
    slug); ``what`` names that stored form in the message.
    """
    seen = {}
    for entry in entries:
        value = entry.data.get(name)
        if value in (None, ""):
            continue
        key = normalise(value) if normalise else value
        first = seen.get(key)
        if first is None:
            seen[key] = entry
            continue
        where = f"record {first.number}" + ("" if first.path == entry.path else f" of {first.path}")
        detail = f" ({what} {key!r})" if what and key != value else ""
        problems.in_record(entry, name, f"{value!r} is also used by {where}{detail}")


# Commands.


def is_terminal(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ImportCommand(BaseCommand):
    """Read and check everything first, then write everything in one transaction.

    Subclasses implement ``read(options, problems)``, returning what ``write`` needs, and
    ``write(data)``, returning the summary line.
    """

    key_fields = ("external_id",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, **options):
        self.show_progress = not options["no_progress"] and options["verbosity"] > 0
        problems = Problems(self.key_fields)
        data = self.read(options, problems)
        problems.raise_if_any()
        try:
            # Wagtail's search and reference indexes are written once, after the write, not on
            # each of its saves (core.indexing): on PostgreSQL most of an import's time went there.
            with transaction.atomic(), bulk_indexing():
                summary = self.write(data)
        except ValidationError as error:
            # The checks above should catch everything the models reject; if one slips
            # through, the transaction is rolled back and the message still reaches the user.
            raise CommandError(f"Nothing was imported: {error}") from error
        # Whatever the import wrote (bulk writes send no signal), stored pages are stale.
        bump_now()
        self.stdout.write(summary)

    def read(self, options, problems):
        raise NotImplementedError

    def write(self, data):
        raise NotImplementedError

    def progress(self, iterable, description, total=None):
        return progress(iterable, self, description, total=total, enabled=self.show_progress)


def progress(iterable, command, description, *, total=None, enabled=True):
    """A progress bar on the command's stderr, only when a person is watching it."""
    stream = getattr(command.stderr, "_out", sys.stderr)
    return tqdm(
        iterable,
        desc=description,
        total=total,
        file=stream,
        disable=not (enabled and is_terminal(stream)),
        leave=False,
    )


def unique_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``... whichever is not in ``taken``."""
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def plural(count, singular, plural_form=None):
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"
