from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


class MultipleChoiceField(models.JSONField):
    """A list of codes from one vocabulary, stored as JSON and edited as checkboxes.

    Values are kept in the vocabulary's order, without duplicates, so that exports and
    comparisons are stable whatever order an editor ticked them in.
    """

    def __init__(self, *args, vocabulary=None, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    @property
    def codes(self):
        return [code for code, _ in self.vocabulary.choices]

    def normalise(self, value):
        value = value or []
        order = {code: i for i, code in enumerate(self.codes)}
        return sorted(set(value), key=lambda code: order.get(code, len(order)))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of codes."), code="invalid")
        unknown = [v for v in value if v not in self.codes]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s. Use one of: %(codes)s."),
                code="invalid_choice",
                params={"values": ", ".join(map(str, unknown)), "codes": ", ".join(self.codes)},
            )

    def pre_save(self, model_instance, add):
        value = self.normalise(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.vocabulary.choices,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
