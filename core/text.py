"""Helpers for text fields: characters no text may hold, and fields that hold one item per line
(sources, responsible actors, plan pillars)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext as _

# Characters that no text of the registry may hold: the C0 controls but tab, line feed and
# carriage return, DEL, the C1 controls, lone surrogates and the two non-characters U+FFFE and
# U+FFFF. None is ever typed on purpose; XML 1.0 (the Atom feed) cannot carry most of them,
# PostgreSQL refuses NUL, and a lone surrogate cannot be encoded as UTF-8 at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_character_problem(text):
    """What is wrong with ``text`` (naming the first such character), or None."""
    found = CONTROL_CHARACTERS.search(text) if isinstance(text, str) else None
    if found is None:
        return None
    return (
        f"contains an invisible control character (U+{ord(found.group()):04X}) at position "
        f"{found.start() + 1}; remove it"
    )


def validate_no_control_characters(text):
    problem = control_character_problem(text)
    if problem:
        raise ValidationError(problem[0].upper() + problem[1:] + ".", code="control_character")


def strip_control_characters(text):
    """``text`` without the characters above: for writing out what was stored before they were
    refused."""
    return CONTROL_CHARACTERS.sub("", text) if isinstance(text, str) else text


def escape_control_characters(text):
    """``text`` with those characters spelled as escapes (``\\x01``), for messages that must
    name them and still print on any terminal."""
    return CONTROL_CHARACTERS.sub(lambda found: ascii(found.group())[1:-1], text)


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def join_lines(items):
    return "\n".join(str(item).strip() for item in items or [] if str(item).strip())


def validate_url_lines(text):
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(lines(text), start=1):
        try:
            check(line)
        except ValidationError as error:
            raise ValidationError(
                _("Line %(number)s is not a web address (http or https): %(line)s"),
                code="invalid_url",
                params={"number": number, "line": line[:200]},
            ) from error


class RefusesControlCharactersModelMixin:
    """Model mixin: every text column refuses control characters when the model is cleaned, so
    the admin's forms (pages and snippets) refuse them next to the field, as members' forms do."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and field.name not in (exclude or ())
                and field.name not in errors
            ):
                try:
                    validate_no_control_characters(getattr(self, field.attname))
                except ValidationError as error:
                    errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


# Where an organisation's name ends in a credit such as "GNWP with the Ministry of Interior": a
# comma, a parenthesis whose text begins in lower case ("(founded by …)", "(e.g. …)"), a linking
# phrase, or "and" before a word in lower case ("and its members"). "and" between two names
# ("Peace and Development Committee", "Forum and Isiolo Working Group") stays in the name.
_NAME_ENDS = re.compile(
    r"\s*,"
    r"|\s*\(\s*(?=[a-z])"
    r"|\s+(?:with|within|led by|supported by|set up|founded by|funded by|under|through|via"
    r"|in partnership|in cooperation|in collaboration|together with)\b"
    r"|\s+(?:and|&)\s+(?=[a-z])"
)


def split_credit(text):
    """An organisation text as sources write it, split into the organisations it names and the
    practice's credit line: ``(names, credit_line)``. Names are separated by semicolons; each
    ends where the credit goes on (``_NAME_ENDS``). The credit line is the whole text, as
    written, when it says more than the names; empty otherwise."""
    text = " ".join((text or "").split())
    names = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        end = _NAME_ENDS.search(part)
        name = part[: end.start()].strip() if end and end.start() > 0 else part
        if name and name not in names:
            names.append(name)
    credit = "" if "; ".join(names) == text else text
    return names, credit
