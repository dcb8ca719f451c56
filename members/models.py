from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import RefusesControlCharactersModelMixin

DISPLAY_NAME_MAX_LENGTH = 80


def validate_one_line(value):
    if any(c in value for c in "\r\n\t"):
        raise ValidationError(gettext("Write the name on one line."))


class MemberProfile(RefusesControlCharactersModelMixin, models.Model):
    """What a member tells about themselves beyond their e-mail address: the name by which the
    editors and the registry's e-mails address them. One free-text name, because the split into
    first and last name (Django's user fields) does not fit many of the members' naming
    traditions (a single name, a patronymic, a family name first). Kept apart from the
    organisation membership, which a member may not have, and deleted with the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH, validators=[validate_one_line]
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of every e-mail the registry sends to this member."),
    )

    def __str__(self):
        return self.display_name


def language_of(user):
    """The language to write to ``user`` in: their profile's, else the site's default."""
    profile = getattr(user, "member_profile", None) if user is not None else None
    codes = {code for code, _name in settings.LANGUAGES}
    if profile is not None and profile.language in codes:
        return profile.language
    return settings.LANGUAGE_CODE


def in_language_of(user):
    """``with in_language_of(member):`` around what writes to them (subject, body, links)."""
    return translation.override(language_of(user))
