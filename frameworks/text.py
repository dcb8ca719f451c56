"""Helpers for fields that hold one item per line (sources, responsible actors, plan pillars)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


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
                "Line %(number)s is not a web address (http or https): %(line)s",
                code="invalid_url",
                params={"number": number, "line": line[:200]},
            ) from error
