from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DescribedFieldsMixin, HoneypotMixin, RefusesControlCharactersMixin

from .models import Frequency, TargetKind


class FollowForm(RefusesControlCharactersMixin, DescribedFieldsMixin, HoneypotMixin, forms.Form):
    """What the "Follow by e-mail" form sends: the target, and a visitor's address."""

    kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    key = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)
    email = forms.EmailField(
        required=False,
        max_length=254,
        label=_("Your e-mail address"),
        help_text=_("We send one e-mail to confirm it; nothing else until you confirm."),
    )
    frequency = forms.ChoiceField(
        choices=Frequency.choices, initial=Frequency.WEEKLY, label=_("How often")
    )


class FrequencyForm(forms.Form):
    follow = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    frequency = forms.ChoiceField(choices=Frequency.choices, required=False)
