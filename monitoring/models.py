"""Civil society's monitoring of a plan, provision by provision: the shadow report.

A ``MonitoringNote`` says what a member's organisation observed of one provision over a period.
It is a snippet with drafts, revisions, locking and workflows, so it goes through the same
"Practice review" workflow and task as a practice (core/setup.py assigns the workflow to its
content type): nothing is public until an editor approves it, which publishes it."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from core.countries import country_name
from core.text import RefusesControlCharactersModelMixin
from core.vocabulary import ObservedStatus, YesNoUnknown, label

EVIDENCE_MAX_LENGTH = 2000
# The month names of the interface's language (Django's own translations), not the C locale's.
MONTHS = list(MONTH_NAMES.items())
YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]


def period_key(year, month, end=False):
    """A comparable (year, month) of a period's bound: a bound without a month covers the whole
    year, so it starts in January and ends in December."""
    if year is None:
        return None
    return (year, month or (12 if end else 1))


def period_text(year, month):
    if year is None:
        return ""
    if not month:
        return str(year)
    # "May 2024", "mai 2024", "mayo de 2024": the language's own year-and-month pattern.
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


class MonitoringNoteQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: live notes of live frameworks that no view restriction
        hides."""
        from frameworks.models import FrameworkPage

        public = FrameworkPage.objects.live().public().values("pk")
        return self.filter(live=True, provision__framework__in=public)

    def with_private_collection(self):
        """Each note carries the private collection's id (``private_collection_pk``, None when
        there is none), so ``public_attachment`` does not look it up note by note."""
        from wagtail.models import Collection

        from practices.submission import PRIVATE_COLLECTION

        private = Collection.objects.filter(name=PRIVATE_COLLECTION).order_by("pk").values("pk")
        return self.annotate(private_collection_pk=models.Subquery(private[:1]))

    def newest_observed_first(self):
        return self.order_by(
            "-to_year",
            models.F("to_month").desc(nulls_first=True),
            "-from_year",
            "-first_published_at",
            "-pk",
        )


class MonitoringNote(
    RefusesControlCharactersModelMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    models.Model,
):
    provision = models.ForeignKey(
        "frameworks.Provision", on_delete=models.CASCADE, related_name="monitoring_notes"
    )
    status = models.CharField(_("status observed"), max_length=20, choices=ObservedStatus.choices)
    from_year = models.PositiveSmallIntegerField(_("from (year)"), validators=YEAR_VALIDATORS)
    from_month = models.PositiveSmallIntegerField(
        _("from (month)"), choices=MONTHS, null=True, blank=True
    )
    to_year = models.PositiveSmallIntegerField(_("to (year)"), validators=YEAR_VALIDATORS)
    to_month = models.PositiveSmallIntegerField(
        _("to (month)"), choices=MONTHS, null=True, blank=True
    )
    evidence = models.TextField(
        max_length=EVIDENCE_MAX_LENGTH,
        validators=[MaxLengthValidator(EVIDENCE_MAX_LENGTH)],
        help_text=format_lazy(
            _("What you saw, in at most {limit} characters."), limit=EVIDENCE_MAX_LENGTH
        ),
    )
    source_url = models.URLField(
        _("source (web address)"), blank=True, max_length=500, help_text=_("An http(s) link.")
    )
    attachment = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Private until the note is published."),
    )
    local_women_organisations = models.CharField(
        _("local women's organisations took part"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    location = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Where below country level. Hidden if 'country level only'."),
    )
    organisation = models.ForeignKey(
        "practices.Organisation", on_delete=models.PROTECT, related_name="monitoring_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_notes",
    )
    withhold_organisation = models.BooleanField(
        default=False, help_text=_("Publish without the organisation's name.")
    )
    country_level_only = models.BooleanField(
        default=False, help_text=_("Show the country only, never the place below it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="monitoring_note")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="monitoring_note",
        for_concrete_model=False,
    )

    objects = MonitoringNoteQuerySet.as_manager()

    panels = [
        FieldPanel("provision"),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("from_year"), FieldPanel("from_month")]),
        FieldRowPanel([FieldPanel("to_year"), FieldPanel("to_month")]),
        FieldPanel("evidence"),
        FieldPanel("source_url"),
        FieldPanel("attachment"),
        FieldPanel("local_women_organisations"),
        FieldPanel("location"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("author", read_only=True),
                FieldPanel("withhold_organisation"),
                FieldPanel("country_level_only"),
            ],
            heading=_("Who, and safety"),
        ),
    ]

    class Meta:
        ordering = ["-to_year", "-pk"]
        indexes = [models.Index(fields=["live", "status"])]

    def __str__(self):
        return f"{self.provision} · {self.status_label} · {self.period_label}"

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        errors = {}
        start = period_key(self.from_year, self.from_month)
        end = period_key(self.to_year, self.to_month, end=True)
        today = timezone.localdate()
        if start and end and end < start:
            errors["to_year"] = _("The period ends before it starts.")
        if start and start > (today.year, today.month):
            errors["from_year"] = _("The period cannot start in the future.")
        elif self.to_year and period_key(self.to_year, self.to_month) > (today.year, today.month):
            errors["to_year"] = _("The period cannot end in the future.")
        if self.source_url and not self.source_url.lower().startswith(("http://", "https://")):
            errors["source_url"] = _("Give an http:// or https:// address.")
        if errors:
            raise ValidationError(errors)

    # Public views of the data: templates, the API, the CSV and the feed use these, never the
    # raw fields, so the safety options hold everywhere.

    @property
    def status_label(self):
        return label(ObservedStatus, self.status)

    @property
    def local_women_organisations_label(self):
        return label(YesNoUnknown, self.local_women_organisations)

    @property
    def period_label(self):
        start = period_text(self.from_year, self.from_month)
        end = period_text(self.to_year, self.to_month)
        return start if start == end else f"{start} – {end}"

    @property
    def public_organisation(self):
        if self.withhold_organisation or not self.organisation.confirmed:
            return None
        return self.organisation

    @property
    def public_location(self):
        return "" if self.country_level_only else self.location

    @property
    def country(self):
        return self.provision.framework.country

    @property
    def country_label(self):
        return country_name(self.country) if self.country else ""

    def public_attachment(self):
        """The file, when the public may open it: the note is published and the file is out of
        the private collection (monitoring/signals.py moves it on publication)."""
        from practices.submission import private_collection

        document = self.attachment
        if not self.live or document is None:
            return None
        if hasattr(self, "private_collection_pk"):  # see with_private_collection()
            private_pk = self.private_collection_pk
        else:
            private = private_collection()
            private_pk = private.pk if private is not None else None
        if private_pk is not None and document.collection_id == private_pk:
            return None
        return document
