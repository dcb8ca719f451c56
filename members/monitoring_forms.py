"""The member's form for a monitoring note of a provision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model

from monitoring.models import MonitoringNote
from practices.attachments import Refused, accept, extension_of
from practices.submission import private_collection

NOTE_FIELDS = [
    "status", "from_year", "from_month", "to_year", "to_month", "evidence", "source_url",
    "local_women_organisations", "location", "withhold_organisation", "country_level_only",
]  # fmt: skip


class MonitoringNoteForm(forms.ModelForm):
    source_url = forms.URLField(
        label=_("A source on the web (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("An http(s) link."),
    )
    attachment_file = forms.FileField(
        label=_("A file as evidence (optional)"),
        required=False,
        help_text=_(
            "PDF, DOCX, ODT, JPEG or PNG, at most 10 MB. Its hidden information (author, "
            "place, dates) is removed; it stays private until the editors publish the note."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = MonitoringNote
        fields = NOTE_FIELDS
        widgets = {
            "status": forms.RadioSelect,
            "local_women_organisations": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 6}),
            "from_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "to_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "from_month": _("Leave empty to give the year only."),
            "to_month": _("Leave empty to give the year only."),
        }

    def __init__(self, *args, provision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.provision = provision
        self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != ""]

    def clean_attachment_file(self):
        upload = self.cleaned_data.get("attachment_file")
        if not upload:
            return None
        try:
            return accept(upload)
        except Refused as refused:
            raise ValidationError(refused.messages) from refused

    def save_attachment(self, note, user):
        upload = self.cleaned_data.get("attachment_file")
        if not upload:
            return
        # The uploaded name may name a person or a place: stored under a neutral one.
        upload.name = f"monitoring-note-{note.provision.slug}.{extension_of(upload.name)}"
        document = get_document_model()(
            title=(
                gettext("Monitoring note evidence (%(provision)s)") % {"provision": note.provision}
            )[:255],
            file=upload,
            uploaded_by_user=user,
        )
        collection = private_collection()
        if collection is not None:
            document.collection = collection
        document.save()
        note.attachment = document
