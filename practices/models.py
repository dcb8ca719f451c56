import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.forms import TaskStateCommentForm
from wagtail.log_actions import log
from wagtail.models import (
    AbstractGroupApprovalTask,
    Locale,
    Orderable,
    Page,
    PageManager,
    PageQuerySet,
    TaskState,
)
from wagtail.search import index

from core.countries import country_choices, country_name, region_of
from core.fields import MultipleChoiceField
from core.models import IndexPage, InterfaceLanguageUrlMixin, content_locale_code
from core.text import RefusesControlCharactersModelMixin, lines, validate_url_lines
from core.textsearch import NormalisedSearchField, SummaryInTitleColumn
from core.vocabulary import (
    PRACTICE_LANGUAGE_CHOICES,
    PRACTICE_LANGUAGES,
    Agenda,
    Challenge,
    Level,
    Pillar,
    Relation,
    Stakeholder,
    label,
)

from .panels import ReviewInformationPanel, unconfirmed_organisations
from .serialisers import Audience, shown_rows

# The languages a practice can be written in (core.vocabulary), not the site's own.
LANGUAGE_CHOICES = PRACTICE_LANGUAGE_CHOICES


def language_name(code):
    """A language's name in the active language ("French", « français »...), the code if unknown."""
    return str(dict(PRACTICE_LANGUAGES).get(code, code))


def validate_year(value):
    latest = timezone.now().year + 10
    if value is not None and not 1900 <= value <= latest:
        raise ValidationError(
            _("Give a year between 1900 and %(latest)s."), params={"latest": latest}
        )


class OrganisationKind(models.TextChoices):
    CSO = "cso", _("Civil society organisation")
    NETWORK = "network", _("Network")
    GOVERNMENT = "government", _("Government body")
    INTERNATIONAL = "international", _("International or regional organisation")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet):
    def publicly_named(self):
        """The organisations whose names the public may see: confirmed by an editor, and either
        known in public (networks and partners the editors import from public sources) or named,
        without withholding, by something published: a practice that does not withhold its
        organisations, a joint action that it leads or takes part in.

        Every list of organisations shown to anyone but editors draws from here: the name of an
        organisation whose every use is withheld, or that only drafts name, is never listed."""
        named_by_practices = PracticeOrganisation.objects.filter(
            practice__in=PracticePage.objects.live().public(),
            practice__withhold_organisation=False,
        ).values("organisation")
        # Joint actions belong to a higher app (actions): reached through their relations' names
        # only, so that practices imports nothing above it.
        published = Page.objects.live().public().values("pk")
        named_by_actions = self.model.objects.filter(
            Q(led_actions__pk__in=published) | Q(action_participations__action__pk__in=published)
        ).values("pk")
        return self.filter(confirmed=True).filter(
            Q(publicly_known=True) | Q(pk__in=named_by_practices) | Q(pk__in=named_by_actions)
        )

    def choosable_by(self, user):
        """What a member may pick in a form: the publicly named ones, and their own organisation
        whatever its state (they named it)."""
        own = OrganisationMembership.objects.filter(user_id=user.pk).values("organisation")
        return self.filter(Q(pk__in=self.publicly_named().values("pk")) | Q(pk__in=own))


class Organisation(RefusesControlCharactersModelMixin, index.Indexed, models.Model):
    """An organisation that runs practices: a CSO, a network, a partner."""

    name = models.CharField(max_length=255, unique=True)
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default="cso")
    network_type = models.CharField(
        max_length=20,
        blank=True,
        choices=[("mediators", "Women mediators' network"), ("advocacy", "Advocacy network")],
    )
    parent_organisation = models.CharField(max_length=255, blank=True)
    region = models.CharField(
        max_length=100, blank=True, help_text=_("Where it works, in its own words.")
    )
    founded_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[validate_year]
    )
    agendas = MultipleChoiceField(vocabulary=Agenda)
    summary = models.TextField(blank=True)
    website = models.URLField(blank=True)
    sources = models.TextField(
        blank=True, validators=[validate_url_lines], help_text=_("Web addresses, one per line.")
    )
    confirmed = models.BooleanField(
        default=True,
        db_default=True,
        help_text=_("Unticked while a member has proposed it and no editor has checked it yet."),
    )
    publicly_known = models.BooleanField(
        default=False,
        help_text=_(
            "Its name may be listed publicly even when no published practice or joint "
            "action names it: networks and partners known from public sources (the organisations "
            "import ticks it). Leave unticked when naming it could put its members at risk."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("confirmed"), FieldPanel("publicly_known")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("network_type")]),
        FieldPanel("parent_organisation"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("founded_year")]),
        FieldPanel("agendas"),
        FieldPanel("summary"),
        FieldPanel("website"),
        FieldPanel("sources"),
        FieldPanel("external_id"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def source_list(self):
        return lines(self.sources)


class PracticeIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]

    @staticmethod
    def other_locale_order(page):
        """A practice as written before its translations (``IndexPage.route`` serves a practice
        of another locale's tree here, with a notice that it has not been translated)."""
        return (getattr(page, "is_translation", False), page.path)

    def get_context(self, request, *args, **kwargs):
        """The listing, its search and facets come from the search app's practice search service;
        practices does not import search, so search/wagtail_hooks.py provides them through the
        ``practice_listing_context`` hook. In the page's context, the admin's preview has them
        as the served page does, and only after Wagtail's view restrictions let the visitor in."""
        context = super().get_context(request, *args, **kwargs)
        for provide in hooks.get_hooks("practice_listing_context"):
            context.update(provide(request))
        return context


class PracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PracticeQuerySet(PageQuerySet):
    def translations(self):
        """Editors' translations of practices: pages outside the locale of their ``language``
        (which a translation keeps from its original) whose translation group has a page in
        that locale, the original. A practice whose language a member changed after it was
        created stays an original where it is."""
        codes = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
        home = Case(
            When(language__in=codes, then=F("language")),
            default=Value(settings.LANGUAGE_CODE),
            output_field=models.CharField(),
        )
        original_elsewhere = PracticePage.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale__language_code=OuterRef("home_locale"),
        ).exclude(pk=OuterRef("pk"))
        return (
            self.annotate(home_locale=home)
            .exclude(locale__language_code=F("home_locale"))
            .filter(Exists(original_elsewhere))
        )

    def originals(self):
        """The practices as written, without editors' translations of them."""
        return self.exclude(pk__in=self.translations().values("pk"))


class PracticePage(InterfaceLanguageUrlMixin, RefusesControlCharactersModelMixin, Page):
    """A good practice of local peacebuilding, tied to the frameworks it implements.

    It is written in ``language`` and lives in that language's locale (the default locale for
    a language that is not a content language); editors add translations of it, copies in other
    locales made by simple_translation's "Translate" action, which keep ``language`` (the
    original's) and are reviewed in the same workflow."""

    objects = PageManager.from_queryset(PracticeQuerySet)()
    # A translation gets its own key; it is exchanged inside its original's record.
    exclude_fields_in_copy = ["external_id"]

    external_id = models.CharField(
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Stable key for imports and exports; set automatically when left empty."),
    )
    summary = models.TextField(
        max_length=300,
        validators=[MaxLengthValidator(300)],
        help_text=_("What it is, in at most 300 characters. Shown in listings."),
    )
    description = models.TextField(help_text=_("What was done, by whom, how and why."))
    credit_line = models.CharField(
        max_length=500,
        blank=True,
        help_text=_(
            "Who ran it with whom, as the practice credits them, e.g. “GNWP with its "
            "national members and the Ministry of Interior”. Organisations are chosen separately; "
            "withheld with them."
        ),
    )
    location = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("Where below country level (district, town). Hidden if 'country level only'."),
    )
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.LOCAL)
    agendas = MultipleChoiceField(vocabulary=Agenda)
    pillars = MultipleChoiceField(vocabulary=Pillar)
    themes = ClusterTaggableManager(
        through=PracticeTag, blank=True, help_text=_("Themes, e.g. mediation, early warning.")
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[validate_year])
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[validate_year], help_text=_("Leave empty if ongoing.")
    )
    stakeholders = MultipleChoiceField(
        vocabulary=Stakeholder, help_text=_("Who leads or takes part.")
    )
    activities = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    challenge_types = MultipleChoiceField(
        vocabulary=Challenge, help_text=_("Which of the common challenges it met.")
    )
    challenges = models.TextField(blank=True, help_text=_("The challenges, in your words."))
    lessons_learned = models.TextField(blank=True)
    funding = models.TextField(blank=True, help_text=_("Who funded it, and how much if public."))
    sources = models.TextField(
        blank=True, validators=[validate_url_lines], help_text=_("Web addresses, one per line.")
    )
    language = models.CharField(max_length=10, choices=LANGUAGE_CHOICES, default="en")

    contact_name = models.CharField(max_length=255, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text=_("Never shown to the public; only editors see it.")
    )
    withhold_organisation = models.BooleanField(
        default=False, help_text=_("Publish without the organisations' names.")
    )
    country_level_only = models.BooleanField(
        default=False, help_text=_("Show the country only, never the location below it.")
    )

    # Normalised text (see core.textsearch): the practice search service matches stems,
    # with accents folded, the same way on SQLite and PostgreSQL. Title and summary share the
    # backend's title column, which ranks above the body. Only public values are indexed, so a
    # withheld organisation name or hidden location cannot be found by searching for it.
    search_fields = Page.search_fields + [
        NormalisedSearchField("title", boost=3),
        SummaryInTitleColumn("title", source="summary", boost=2),
        NormalisedSearchField("description"),
        NormalisedSearchField("activities"),
        NormalisedSearchField("outcomes"),
        NormalisedSearchField("challenges"),
        NormalisedSearchField("lessons_learned"),
        NormalisedSearchField("public_location"),
        NormalisedSearchField("public_organisation_names"),
        NormalisedSearchField("country_names"),
        index.RelatedFields("themes", [NormalisedSearchField("name")]),
        index.FilterField("level"),
        index.FilterField("start_year"),
        index.FilterField("end_year"),
        index.FilterField("language"),
    ]

    content_panels = Page.content_panels + [
        ReviewInformationPanel(member=False, heading=_("Organisations to check")),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                InlinePanel("practice_organisations", label=_("Organisation")),
                FieldPanel("credit_line"),
                InlinePanel("countries", label=_("Country")),
                FieldPanel("location"),
                FieldPanel("level"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
            heading=_("Who and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("agendas"),
                FieldPanel("pillars"),
                FieldPanel("themes"),
                FieldPanel("stakeholders"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("activities"),
                FieldPanel("outcomes"),
                FieldPanel("challenge_types"),
                FieldPanel("challenges"),
                FieldPanel("lessons_learned"),
                FieldPanel("funding"),
            ],
            heading=_("What happened"),
        ),
        InlinePanel(
            "provision_links", heading=_("Provisions it relates to"), label=_("Provision link")
        ),
        InlinePanel(
            "framework_links", heading=_("Whole frameworks it relates to"), label=_("Framework")
        ),
        FieldPanel("sources"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        FieldPanel("language"),
    ]
    private_panels = [
        ReviewInformationPanel(heading=_("Member and organisations")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Private contact"),
            help_text=_("Only editors see this. The public never does."),
        ),
        MultiFieldPanel(
            [FieldPanel("withhold_organisation"), FieldPanel("country_level_only")],
            heading=_("Safety"),
        ),
        FieldPanel("external_id"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Practice")),
            ObjectList(private_panels, heading=_("Contact and safety")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The end year is before the start year."})

    def save(self, *args, **kwargs):
        if not self.external_id:
            self.external_id = f"practice-{uuid.uuid4().hex[:12]}"
        super().save(*args, **kwargs)

    # Its language and translations.

    @property
    def original_locale_code(self):
        return content_locale_code(self.language)

    @cached_property
    def is_translation(self):
        if self.locale.language_code == self.original_locale_code:
            return False
        return (
            PracticePage.objects.filter(
                translation_key=self.translation_key,
                locale__language_code=self.original_locale_code,
            )
            .exclude(pk=self.pk)
            .exists()
        )

    @property
    def content_language(self):
        """The language the text of this page is in: its locale's for a translation."""
        return self.locale.language_code if self.is_translation else self.language

    @property
    def language_label(self):
        return language_name(self.language)

    def live_translations(self):
        """The other live versions of this practice (the original included, when this is a
        translation), each with the language of its text, in the content languages' order."""
        order = [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]
        pages = list(
            PracticePage.objects.live()
            .public()
            .filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .select_related("locale")
        )
        pages.sort(key=lambda p: order.index(p.locale.language_code))
        return pages

    def untranslated_notice(self):
        """When the visitor's language is not the language of this page's text and the practice
        has no live translation into it: the two languages, for the notice that says so."""
        active = Locale.get_active().language_code
        if self.content_language == active:
            return None
        if any(page.content_language == active for page in self.live_translations()):
            return None
        return {"written_in": language_name(self.content_language), "not_in": language_name(active)}

    # Derived and public views of the data. Templates, the API and the search index use these,
    # never the raw fields, so the safety options hold everywhere.

    @property
    def country_codes(self):
        return sorted(c.country for c in self.countries.all())

    @property
    def country_list(self):
        return [{"code": code, "name": country_name(code)} for code in self.country_codes]

    def country_names(self, language="en"):
        """The countries' names, in English unless told: the search index reads this, and must
        not depend on the language of whoever saved the practice."""
        return " ".join(country_name(code, language) for code in self.country_codes)

    @property
    def regions(self):
        return sorted({r for r in (region_of(code) for code in self.country_codes) if r})

    @property
    def region(self):
        """The region of the practice's countries, when they are all in one region."""
        regions = self.regions
        return regions[0] if len(regions) == 1 else None

    @property
    def organisations(self):
        return [link.organisation for link in self.practice_organisations.all()]

    @property
    def public_organisations(self):
        """The organisations the public may see named here. A published practice that does not
        withhold them is what names them in public (see OrganisationQuerySet.publicly_named), so
        only the editors' confirmation is left to check, on the prefetched rows (the rule of
        every public surface, serialisers.PUBLIC_ROWS)."""
        if self.withhold_organisation:
            return []
        return [
            link.organisation
            for link in shown_rows(self, "practice_organisations", Audience.PUBLIC)
        ]

    def public_organisation_names(self):
        return " ".join(o.name for o in self.public_organisations)

    def public_credit_line(self):
        """The credit line names organisations: withheld with them."""
        return "" if self.withhold_organisation else self.credit_line

    def public_location(self):
        return "" if self.country_level_only else self.location

    @property
    def theme_names(self):
        return sorted(tag.name for tag in self.themes.all())

    @property
    def source_list(self):
        return lines(self.sources)

    @property
    def period_label(self):
        if self.start_year and self.end_year:
            return (
                str(self.start_year)
                if self.start_year == self.end_year
                else (f"{self.start_year}–{self.end_year}")
            )
        if self.start_year:
            return _("%(start)s–ongoing") % {"start": self.start_year}
        if self.end_year:
            return _("until %(year)s") % {"year": self.end_year}
        return ""

    @property
    def level_label(self):
        return label(Level, self.level)

    @cached_property
    def live_provision_links(self):
        return [
            link
            for link in self.provision_links.select_related("provision__framework")
            if link.provision.framework.live
        ]

    @cached_property
    def live_framework_links(self):
        return [
            link for link in self.framework_links.select_related("framework") if link.framework.live
        ]


class PracticeCountry(Orderable):
    practice = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2, choices=country_choices)

    panels = [FieldPanel("country")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["practice", "country"], name="practice_country_once")
        ]
        indexes = [models.Index(fields=["country"])]

    def __str__(self):
        return country_name(self.country)


class PracticeOrganisation(Orderable):
    practice = ParentalKey(
        PracticePage, on_delete=models.CASCADE, related_name="practice_organisations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practice_links"
    )

    panels = [FieldPanel("organisation")]


class PracticeProvisionLink(Orderable):
    practice = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="provision_links")
    provision = models.ForeignKey(
        "frameworks.Provision", on_delete=models.CASCADE, related_name="practice_links"
    )
    relation = models.CharField(
        max_length=20, choices=Relation.choices, default=Relation.IMPLEMENTS
    )

    panels = [FieldPanel("provision"), FieldPanel("relation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "provision"], name="practice_provision_link_once"
            )
        ]

    @property
    def relation_label(self):
        return label(Relation, self.relation)


class PracticeFrameworkLink(Orderable):
    practice = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="framework_links")
    framework = models.ForeignKey(
        "frameworks.FrameworkPage", on_delete=models.CASCADE, related_name="practice_links"
    )

    panels = [FieldPanel("framework")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "framework"], name="practice_framework_link_once"
            )
        ]


class PracticeAttachment(Orderable):
    practice = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("document")]


class SuggestedProvision(RefusesControlCharactersModelMixin, models.Model):
    """A provision a member says their practice carries out, in their own words, for a plan
    whose provisions have not been entered yet: for the editors to enter (and then link).
    Never public: not on any page, feed or API; it goes with the practice, and loses its member
    when the account is removed."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ENTERED = "entered", _("Entered")
        DISMISSED = "dismissed", _("Dismissed")

    MAX_TEXT = 2000
    MAX_REFERENCE = 255

    practice = models.ForeignKey(
        PracticePage, on_delete=models.CASCADE, related_name="suggested_provisions"
    )
    framework = models.ForeignKey(
        "frameworks.FrameworkPage",
        on_delete=models.CASCADE,
        related_name="suggested_provisions",
        help_text=_("The plan the provision belongs to."),
    )
    text = models.TextField(
        validators=[MaxLengthValidator(MAX_TEXT)],
        help_text=_("The provision as the member describes it."),
    )
    reference = models.CharField(
        max_length=MAX_REFERENCE,
        blank=True,
        help_text=_("The plan's page or paragraph number, as the member gives it."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggested_provisions",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("framework", read_only=True),
        FieldPanel("practice", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("reference", read_only=True),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.framework.title}: {self.text[:60]}"


class OrganisationMembership(models.Model):
    """How a user account belongs to an organisation: members act on its behalf (they join joint
    actions for it) once an editor has confirmed the link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    confirmed = models.BooleanField(
        default=False, help_text=_("An editor has checked that the user belongs to it.")
    )

    panels = [
        FieldPanel("user", read_only=True),
        FieldPanel("organisation", read_only=True),
        FieldPanel("confirmed"),
    ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class ReviewCommentForm(TaskStateCommentForm):
    """The editors' words to the member: required when they ask for changes or reject."""

    comment = forms.CharField(
        label=_("Comment to the member"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The member reads this in the e-mail and in “My submissions”."),
        max_length=5000,
    )


class ApprovalDecisionForm(TaskStateCommentForm):
    """Approving a practice one of whose organisations no editor has confirmed: the editor
    decides, and cannot skip the decision, whether to confirm it now or publish the practice
    without naming its organisations."""

    CONFIRM = "confirm"
    WITHHOLD = "withhold"
    CANCEL = "cancel"

    organisation_decision = forms.ChoiceField(
        label=_("An organisation of this practice is not confirmed"),
        choices=[
            (CONFIRM, _("Confirm the organisation now (I have checked it) and publish")),
            (WITHHOLD, _("Publish without naming its organisations (withhold them)")),
            (CANCEL, _("Do not approve yet")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "See the organisations, and open their edit pages, on the practice's "
            "“Contact and safety” tab."
        ),
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


NOT_APPROVED = "not-approved"


def not_approved_url(page):
    """The page editor of a practice whose approval the editor put off ("Do not approve yet"),
    with the flag that has it say so."""
    return reverse("wagtailadmin_pages:edit", args=[page.pk]) + f"?review={NOT_APPROVED}"


class PracticeReviewTask(AbstractGroupApprovalTask):
    """Review of a practice by a group (the Editors), with the three answers a submission can
    get: approve (publishes it), request changes (back to the member, who edits and resubmits)
    and reject (it will not be published; the member is told why).

    Wagtail names "Request changes" ``reject``; rejection proper is ``decline`` here. It ends
    the workflow like a cancellation, but with the editor's comment on the task and a
    ``practices.review.reject`` entry in the page's history."""

    DECLINE = "decline"

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        actions = [
            ("reject", _("Request changes"), True),
            (self.DECLINE, _("Reject"), True),
        ]
        if self.unconfirmed(obj):
            # Only the approval that asks the editor's decision on the organisations.
            return [*actions, (self.APPROVE_DECIDING, _("Approve…"), True)]
        return [
            *actions,
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    APPROVE_DECIDING = "approve_deciding"

    @staticmethod
    def unconfirmed(obj):
        """The unconfirmed organisations of the practice as it is to be published."""
        practice = getattr(obj, "specific", obj)
        if not isinstance(practice, PracticePage):
            return []
        latest = practice.get_latest_revision_as_object()
        return unconfirmed_organisations(latest)

    def get_form_for_action(self, action):
        if action in ("reject", self.DECLINE):
            return ReviewCommentForm
        if action == self.APPROVE_DECIDING:
            return ApprovalDecisionForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == self.DECLINE:
            return self.decline(task_state, user, comment=kwargs.get("comment", ""))
        if action_name in ("approve", self.APPROVE_DECIDING):
            decision = kwargs.pop("organisation_decision", None)
            unconfirmed = self.unconfirmed(task_state.workflow_state.content_object)
            if unconfirmed:
                if decision not in (ApprovalDecisionForm.CONFIRM, ApprovalDecisionForm.WITHHOLD):
                    # No decision (a plain approval, or "not yet"): nothing is published.
                    if decision == ApprovalDecisionForm.CANCEL:
                        # Back to the editor, which says the practice stays in review.
                        return not_approved_url(task_state.workflow_state.content_object)
                    raise PermissionDenied(
                        "An organisation of this practice is not confirmed: decide first."
                    )
                self.decide_organisations(task_state, user, decision, unconfirmed)
            return super().on_action(task_state, user, "approve", **kwargs)
        return super().on_action(task_state, user, action_name, **kwargs)

    def decide_organisations(self, task_state, user, decision, unconfirmed):
        if decision == ApprovalDecisionForm.CONFIRM:
            for organisation in unconfirmed:
                organisation.confirmed = True
                organisation.save(update_fields=["confirmed"])
                log(instance=organisation, action="wagtail.edit", user=user)
            return
        content_object = task_state.workflow_state.content_object
        latest = content_object.specific.get_latest_revision_as_object()
        latest.withhold_organisation = True
        # The revision that approval publishes: Wagtail publishes the latest one, which it reads
        # from the workflow's own copy of the page.
        revision = latest.save_revision(user=user, log_action=True)
        content_object.latest_revision = revision

    def decline(self, task_state, user, comment=""):
        """End the review: the practice stays unpublished, the member gets the comment."""
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        task_state.status = TaskState.STATUS_CANCELLED
        task_state.finished_at = timezone.now()
        task_state.finished_by = user
        task_state.comment = comment
        task_state.save()
        log(
            instance=task_state.revision.as_object(),
            action="practices.review.reject",
            user=user,
            revision=task_state.revision,
            data={"comment": comment, "task": {"id": self.pk, "title": self.name}},
        )
        # The workflow ends as cancelled; its signal tells the member (members/signals.py), who
        # reads the comment saved above.
        task_state.workflow_state.cancel(user=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, request changes to or reject the practice")

    class Meta:
        verbose_name = _("Practice review task")
        verbose_name_plural = _("Practice review tasks")
