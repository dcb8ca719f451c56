"""Joint actions (the network's follow-up after a meeting) and events (meetings such as the
webinar of 8 November 2022), as Wagtail pages under /actions/ and /events/."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.countries import country_choices, country_name
from core.models import IndexPage, InterfaceLanguageUrlMixin
from core.text import RefusesControlCharactersModelMixin, lines
from practices.models import Organisation, OrganisationMembership, PracticePage


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class JointActionIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["actions.JointActionPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        actions = list(
            # Translated where an editor translated them, as written where not.
            self.section_pages(JointActionPage)
            .select_related("lead_organisation")
            .prefetch_related("countries", "practice_links__practice__countries")
            .order_by("title")
        )
        status = request.GET.get("status")
        if status not in ActionStatus.values:
            status = None
        country = (request.GET.get("country") or "").upper()
        all_countries = sorted({c for a in actions for c in a.country_codes}, key=country_name)
        if country not in all_countries:
            country = None
        shown = [
            a
            for a in actions
            if (not status or a.status == status) and (not country or country in a.country_codes)
        ]
        context.update(
            actions=shown,
            status=status,
            statuses=ActionStatus.choices,
            country=country,
            countries=[(code, country_name(code)) for code in all_countries],
        )
        return context


class JointActionPage(
    InterfaceLanguageUrlMixin, RefusesControlCharactersModelMixin, RoutablePageMixin, Page
):
    """A follow-up the network committed to: members' organisations can join it."""

    is_example = models.BooleanField(
        default=False,
        help_text=_(
            "Example content for the demonstration, not a real commitment of the network. "
            "Shown as 'Example' on the page."
        ),
    )
    objective = models.TextField(help_text=_("What the action is meant to achieve."))
    guiding_question = models.TextField(
        blank=True, help_text=_("The guiding question of the meeting that this action answers.")
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
    )
    description = models.TextField(blank=True, help_text=_("How the action will be carried out."))

    search_fields = Page.search_fields + [
        index.SearchField("objective"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("is_example"),
        FieldPanel("objective"),
        FieldPanel("guiding_question"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("lead_organisation")]),
        FieldPanel("description"),
        InlinePanel("countries", heading=_("Countries"), label=_("Country")),
        MultiFieldPanel(
            [
                InlinePanel("practice_links", label=_("Practice")),
                InlinePanel("provision_links", label=_("Provision")),
            ],
            heading=_("Linked practices and provisions"),
        ),
        InlinePanel("milestones", heading=_("Milestones"), label=_("Milestone")),
        InlinePanel("updates", heading=_("Updates"), label=_("Update")),
    ]
    parent_page_types = ["actions.JointActionIndexPage"]
    subpage_types = []

    @property
    def status_label(self):
        return ActionStatus(self.status).label

    @cached_property
    def country_codes(self):
        """Its own countries and those of the published practices it links to."""
        codes = {c.country for c in self.countries.all()}
        for link in self.practice_links.all():
            if link.practice.live:
                codes.update(c.country for c in link.practice.countries.all())
        return sorted(codes)

    @property
    def country_list(self):
        return [{"code": code, "name": country_name(code)} for code in self.country_codes]

    def public_practices(self):
        public = PracticePage.objects.live().public().originals()
        return [
            link.practice
            for link in self.practice_links.filter(practice__in=public).select_related("practice")
        ]

    def public_provisions(self):
        return [
            link.provision
            for link in self.provision_links.select_related("provision__framework")
            if link.provision.framework.live
        ]

    def participants(self):
        """The organisations taking part that the public may see: not one that a member
        proposed and no editor has confirmed, even once its member has joined."""
        return list(
            Organisation.objects.publicly_named().filter(action_participations__action=self)
        )

    @cached_property
    def public_lead_organisation(self):
        if self.lead_organisation_id is None:
            return None
        return Organisation.objects.publicly_named().filter(pk=self.lead_organisation_id).first()

    def can_join(self):
        return self.status != ActionStatus.COMPLETED

    @staticmethod
    def membership_of(user):
        """The organisation a signed-in user acts for, or None."""
        if not user.is_authenticated:
            return None
        membership = (
            OrganisationMembership.objects.filter(user=user, confirmed=True)
            .select_related("organisation")
            .first()
        )
        return membership.organisation if membership else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation = self.membership_of(request.user)
        context.update(
            my_organisation=organisation,
            my_organisation_takes_part=bool(
                organisation and self.participations.filter(organisation=organisation).exists()
            ),
        )
        return context

    @path("join/", name="join")
    def join(self, request):
        return self._membership_change(request, join=True)

    @path("leave/", name="leave")
    def leave(self, request):
        return self._membership_change(request, join=False)

    def _membership_change(self, request, join):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        organisation = self.membership_of(request.user)
        if organisation is None:
            return HttpResponse(
                gettext(
                    "Only members whose organisation has been confirmed can join joint actions."
                ),
                status=403,
                content_type="text/plain; charset=utf-8",
            )
        if join:
            if not self.can_join():
                return HttpResponse(
                    gettext("This action is completed."),
                    status=409,
                    content_type="text/plain; charset=utf-8",
                )
            try:
                with transaction.atomic():
                    Participation.objects.get_or_create(
                        action=self, organisation=organisation, defaults={"joined_by": request.user}
                    )
            except IntegrityError:
                pass  # joined twice at once: it takes part either way
        else:
            Participation.objects.filter(action=self, organisation=organisation).delete()
        return HttpResponseRedirect(self.url + "#taking-part")


class Participation(models.Model):
    """An organisation taking part in a joint action. Kept outside the page's revisions, so that
    an editor publishing the page never undoes a member's joining or leaving."""

    action = models.ForeignKey(
        JointActionPage, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="action_participations"
    )
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member who joined for the organisation; empty when an editor added it."),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("action"), FieldPanel("organisation")]

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"], name="participation_once_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.action}"


class JointActionCountry(Orderable):
    action = ParentalKey(JointActionPage, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2, choices=country_choices)

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        indexes = [models.Index(fields=["country"])]


class JointActionPractice(Orderable):
    action = ParentalKey(JointActionPage, on_delete=models.CASCADE, related_name="practice_links")
    practice = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="action_links"
    )

    panels = [FieldPanel("practice")]


class JointActionProvision(Orderable):
    action = ParentalKey(JointActionPage, on_delete=models.CASCADE, related_name="provision_links")
    provision = models.ForeignKey(
        "frameworks.Provision", on_delete=models.CASCADE, related_name="action_links"
    )

    panels = [FieldPanel("provision")]


class Milestone(Orderable):
    action = ParentalKey(JointActionPage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField()
    what = models.CharField(max_length=255)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("status")]), FieldPanel("what")]

    class Meta(Orderable.Meta):
        ordering = ["date", "sort_order"]

    @property
    def status_label(self):
        return MilestoneStatus(self.status).label


class ActionUpdate(Orderable):
    action = ParentalKey(JointActionPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    text = models.TextField()

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        ordering = ["-date", "sort_order"]


class EventIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["actions.EventPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = self.section_pages(EventPage).order_by("-date", "-start_time")
        return context


class EventPage(
    InterfaceLanguageUrlMixin, RefusesControlCharactersModelMixin, RoutablePageMixin, Page
):
    """A meeting of the network, with its concept note and what came out of it."""

    date = models.DateField()
    start_time = models.TimeField(help_text=_("Local time where the event is organised."))
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=time_zone_choices,
        default="Europe/Rome",
        help_text=_("The time zone of the start and end times, e.g. Europe/Rome for CET."),
    )
    location = models.CharField(max_length=255, blank=True, help_text=_("e.g. Online (Zoom)."))
    concept_note = RichTextField(
        blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    objectives = models.TextField(blank=True, help_text=_("One objective per line."))
    guiding_questions = models.TextField(blank=True, help_text=_("One question per line."))
    speakers = models.TextField(blank=True, help_text=_("One speaker per line: name, role."))
    registration_url = models.URLField(blank=True)
    summary_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The summary shared after the event."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("concept_note"),
        index.SearchField("guiding_questions"),
        index.FilterField("date"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]
                ),
                FieldPanel("time_zone"),
                FieldPanel("location"),
                FieldPanel("registration_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("concept_note"),
        FieldPanel("objectives"),
        FieldPanel("guiding_questions"),
        FieldPanel("speakers"),
        FieldPanel("summary_document"),
        InlinePanel(
            "resulting_actions", heading=_("Resulting joint actions"), label=_("Joint action")
        ),
    ]
    parent_page_types = ["actions.EventIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The end is before the start."})

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=self.tz)

    @property
    def ends_at(self):
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=self.tz)

    @property
    def is_past(self):
        """Over once it has ended (or started, when no end is given)."""
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def objective_list(self):
        return lines(self.objectives)

    @property
    def question_list(self):
        return lines(self.guiding_questions)

    @property
    def speaker_list(self):
        return lines(self.speakers)

    def public_actions(self):
        return [
            link.action
            for link in self.resulting_actions.select_related("action")
            if link.action.live
        ]

    def ical_url(self):
        return self.url + self.reverse_subpage("ical")

    # Wagtail serves paths ending in a slash only; the file name comes from Content-Disposition.
    @path("calendar/", name="ical")
    def ical(self, request):
        from .ical import event_calendar

        if not self.live:
            raise Http404
        full_url = request.build_absolute_uri(self.url)
        response = HttpResponse(
            event_calendar(self, full_url), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


class EventAction(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="resulting_actions")
    action = models.ForeignKey(
        JointActionPage, on_delete=models.CASCADE, related_name="event_links"
    )

    panels = [FieldPanel("action")]
