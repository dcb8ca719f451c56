"""What every public form of the registry does: a honeypot, help and errors tied to their
fields for screen readers, and no control characters in what is typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_no_control_characters


class RefusesControlCharactersMixin:
    """Every text field refuses control characters (tab and line breaks aside): no one types
    them, and once stored they would break the feed, or PostgreSQL (NUL) would refuse them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(validate_no_control_characters)


class DescribedFieldsMixin:
    """Each input names its help text and errors with aria-describedby (the ids the template
    ``includes/form_field.html`` gives them) and says aria-invalid when it has errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        errors = self._errors or {}
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            ids = []
            if name in errors:
                ids.append(f"{auto_id}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if field.help_text:
                ids.append(f"{auto_id}_help")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by a CSS class, hidden from screen readers, out of the
    tab order); a bot that fills it in is refused."""

    website_url = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError(_("This form could not be sent. Please try again later."))
        return ""


class ContactRelayForm(
    RefusesControlCharactersMixin, DescribedFieldsMixin, HoneypotMixin, forms.Form
):
    """A visitor writes to a practice's contact without ever seeing the address."""

    name = forms.CharField(max_length=100, label=_("Your name"))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The contact receives it so that they can answer you, if they choose to."),
    )
    message = forms.CharField(
        max_length=5000, widget=forms.Textarea(attrs={"rows": 8}), label=_("Your message")
    )
