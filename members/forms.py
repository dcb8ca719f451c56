from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DescribedFieldsMixin,
    HoneypotMixin,
    RefusesControlCharactersMixin,
)
from practices.models import Organisation, OrganisationMembership

from .models import DISPLAY_NAME_MAX_LENGTH, MemberProfile, validate_one_line


class MemberDetailsForm(
    RefusesControlCharactersMixin, DescribedFieldsMixin, HoneypotMixin, forms.Form
):
    """What allauth's sign-up asks beyond e-mail and password: the member's display name and
    organisation. *My account* changes both."""

    display_name = forms.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        label=_("Your name"),
        help_text=_(
            "How the editors and the registry's e-mails address you; never shown to the "
            "public. Write it as you like to be called."
        ),
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.ModelChoiceField(
        # Set in __init__: the organisations the public may know, and the member's own.
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— My organisation is not in the list —"),
        help_text=_("The organisation you work with. Editors check that you belong to it."),
    )
    new_organisation = forms.CharField(
        required=False,
        max_length=255,
        label=_("Or propose your organisation"),
        help_text=_(
            "If it is not in the list: its full name. Editors confirm it before it is used."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        # Not sent: the language stays as it was.
        required=False,
        choices=settings.LANGUAGES,
        help_text=_("The registry writes to you in this language."),
    )

    def __init__(self, *args, member=None, **kwargs):
        # allauth's sign-up builds this form for a visitor who has no organisation yet.
        super().__init__(*args, **kwargs)
        if member is None:
            # At sign-up the language is the one the visitor is reading in; My account
            # changes it.
            del self.fields["language"]
        self.fields["organisation"].queryset = (
            Organisation.objects.choosable_by(member)
            if member is not None
            else Organisation.objects.publicly_named()
        )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("new_organisation") or "").strip()
        if cleaned.get("organisation") and name:
            self.add_error(
                "new_organisation",
                gettext("Choose an organisation from the list or propose one, not both."),
            )
        return cleaned

    @transaction.atomic
    def signup(self, request, user):
        save_display_name(user, self.cleaned_data["display_name"])
        save_language(user, translation.get_language())
        assign_organisation(
            user, self.cleaned_data.get("organisation"), self.cleaned_data.get("new_organisation")
        )


def save_display_name(user, name):
    MemberProfile.objects.update_or_create(user=user, defaults={"display_name": name.strip()})


def save_language(user, language):
    codes = {code for code, _name in settings.LANGUAGES}
    language = (language or "").split("-")[0]
    if language not in codes:
        language = settings.LANGUAGE_CODE
    MemberProfile.objects.filter(user=user).update(language=language)


def assign_organisation(user, organisation, new_name):
    new_name = (new_name or "").strip()
    if organisation is None and new_name:
        organisation = Organisation.objects.filter(name__iexact=new_name).first()
        if organisation is None:
            organisation = Organisation.objects.create(name=new_name, confirmed=False)
    if organisation is None:
        OrganisationMembership.objects.filter(user=user).delete()
        return None
    current = OrganisationMembership.objects.filter(user=user).first()
    if current is not None and current.organisation_id == organisation.pk:
        # The same organisation saved again: what the editors confirmed still holds.
        return current
    membership, _created = OrganisationMembership.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "confirmed": False}
    )
    return membership
