from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

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

    def __str__(self):
        return self.display_name
