import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from core.countries import country_choices, country_name, region_of
from core.fields import MultipleChoiceField
from core.models import IndexPage, InterfaceLanguageUrlMixin
from core.text import RefusesControlCharactersModelMixin, lines, validate_url_lines
from core.textsearch import NormalisedSearchField
from core.vocabulary import (
    Agenda,
    Budget,
    CivilSocietyRole,
    FrameworkKind,
    FrameworkStatus,
    Pillar,
    Region,
    YesNoUnknown,
    label,
)

from .filters import filter_frameworks, with_status
from .lifecycle import WatchReason, plans_to_watch, watch_counts

YEAR_VALIDATORS = [MinValueValidator(1945), MaxValueValidator(2100)]
# Addresses under /frameworks/ that other pages answer (kb/urls.py routes them before the page
# tree): a framework with one of these slugs could never be reached.
RESERVED_SLUGS = frozenset({"compare", "features", "gaps"})


def derive_status(start_year, end_year, adopted_year=None, successor_start=None, year=None):
    """A framework's status in ``year`` (default: this year), from its period.

    A plan with no end year runs until the next plan of the same country starts; a global
    resolution with no period is in force from its adoption. ``None`` when nothing is known.
    """
    year = year or timezone.now().year
    effective_end = end_year
    if effective_end is None and successor_start is not None:
        effective_end = successor_start - 1
    start = start_year if start_year is not None else adopted_year
    if start is None and effective_end is None:
        return None
    if start is not None and start > year:
        return FrameworkStatus.IN_DEVELOPMENT
    if effective_end is not None and effective_end < year:
        return FrameworkStatus.EXPIRED
    return FrameworkStatus.ACTIVE


def framework_statuses(frameworks, year=None):
    """{pk: status} for many frameworks at once, as ``FrameworkPage.status`` gives for each one,
    in one query (``frameworks.filters.with_status``)."""
    pks = [f.pk for f in frameworks]
    return dict(
        with_status(FrameworkPage.objects.filter(pk__in=pks), year).values_list(
            "pk", "derived_status"
        )
    )


# The listing's query parameters and the arguments of frameworks.filters.filter_frameworks.
FILTER_ARGUMENTS = {
    "kind": "kinds",
    "agenda": "agendas",
    "region": "regions",
    "country": "countries",
    "status": "statuses",
}


def groups_by_kind(frameworks):
    """The listing's default reading: by kind; NAPs by country and generation, global
    documents by year."""
    groups = []
    for code, name in FrameworkKind.choices:
        members = [f for f in frameworks if f.kind == code]
        if code == FrameworkKind.NAP:
            members.sort(key=lambda f: (f.country_name, f.generation or 0))
        elif code == FrameworkKind.GLOBAL:
            members.sort(key=lambda f: (f.adopted_year or 0, f.title))
        if members:
            groups.append({"anchor": f"kind-{code}", "name": name, "frameworks": members})
    return groups


def groups_by_country(frameworks):
    """The listing read by country: one group per region, by country name then generation and
    start; frameworks of no one country (regional and global) last, by title."""
    groups = []
    for code, name in Region.choices:
        members = [f for f in frameworks if f.country and f.region == code]
        members.sort(key=lambda f: (f.country_name, f.generation or 0, f.start_year or 0, f.title))
        if members:
            groups.append({"anchor": f"region-{code}", "name": name, "frameworks": members})
    rest = sorted((f for f in frameworks if not (f.country and f.region)), key=lambda f: f.title)
    if rest:
        groups.append(
            {"anchor": "region-none", "name": _("Not of one country"), "frameworks": rest}
        )
    return groups


def groups_by_watch_reason(frameworks):
    """Plans to watch (as ``plans_to_watch`` orders them), one group per reason."""
    return [
        {"anchor": f"watch-{code}", "name": name, "frameworks": members}
        for code, name in WatchReason.choices
        if (members := [f for f in frameworks if f.watch_reason == code])
    ]


def practice_counts(frameworks):
    """{framework pk: number of published practices linked to it}, from the apps above that
    know practices (the Wagtail hook ``framework_practice_counts``); None when none answers."""
    answers = [fn(frameworks) for fn in hooks.get_hooks("framework_practice_counts")]
    if not answers:
        return None
    counts = {}
    for answer in answers:
        for pk, n in answer.items():
            counts[pk] = counts.get(pk, 0) + n
    return counts


class FrameworkIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["frameworks.FrameworkPage"]

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        # Frameworks live in the default locale's tree (their translations are rows of their
        # own): every locale's index lists them.
        source = self.get_translation_or_none(Locale.get_default()) or self
        frameworks = FrameworkPage.objects.child_of(source).live().public()
        countries = sorted(
            frameworks.exclude(country="").order_by().values_list("country", flat=True).distinct(),
            key=country_name,
        )
        filters = {
            "kind": FrameworkKind.values,
            "agenda": Agenda.values,
            "region": Region.values,
            "country": countries,
            "status": FrameworkStatus.values,
        }
        chosen = {}
        for name, allowed in filters.items():
            value = request.GET.get(name, "")
            if name == "country":
                value = value.upper()
            if value in allowed:
                chosen[name] = value
        filtered = filter_frameworks(
            frameworks,
            **{FILTER_ARGUMENTS[name]: [value] for name, value in chosen.items()},
        )
        watched = plans_to_watch(filtered)
        watching = request.GET.get("watch") == "1"
        by_country = request.GET.get("order") == "country"
        shown = watched if watching else list(filtered.order_by("title"))
        counts = None
        if by_country:
            groups = groups_by_country(shown)
            counts = practice_counts(shown)
            if counts is not None:
                for framework in shown:
                    framework.practice_count = counts.get(framework.pk, 0)
        elif watching:
            groups = groups_by_watch_reason(shown)
        else:
            groups = groups_by_kind(shown)
        context.update(
            groups=groups,
            kind=chosen.get("kind"),
            kinds=FrameworkKind.choices,
            chosen=chosen,
            filter_choices=[
                ("kind", "Kind", FrameworkKind.choices),
                ("agenda", "Agenda", Agenda.choices),
                ("region", "Region", Region.choices),
                ("country", "Country", [(c, country_name(c)) for c in countries]),
                ("status", "Status", FrameworkStatus.choices),
            ],
            shown_count=len(shown),
            watching=watching,
            by_country=by_country,
            practice_counts_shown=by_country and counts is not None,
            watch_count=len(watched),
            watch_counts=[row for row in watch_counts(watched) if row[2]],
        )
        return context


# The languages a framework's title and summary, and a provision's text, may be translated into:
# the content languages other than the default one, which frameworks are written in.
TRANSLATION_LANGUAGES = [
    (code, name)
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
    if code != settings.LANGUAGE_CODE
]


class FrameworkPageForm(WagtailAdminPageForm):
    """The framework's page editor: a provision translation must name the code of one of the
    provisions as the editor is saving them."""

    def is_valid(self):
        if not super().is_valid():
            return False
        codes = {
            form.cleaned_data.get("code")
            for form in self.formsets["provisions"].forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        valid = True
        for form in self.formsets["provision_translations"].forms:
            data = form.cleaned_data
            if data and not data.get("DELETE") and data.get("code") not in codes:
                form.add_error("code", _("No provision of this framework has this code."))
                valid = False
        return valid


class FrameworkPage(
    InterfaceLanguageUrlMixin, RefusesControlCharactersModelMixin, RoutablePageMixin, Page
):
    """A policy framework: a NAP, a local or regional plan, a global resolution or a policy.

    It is written in the default language and lives in the default locale only; its translated
    title and summary (``translations``) and its provisions' translated texts
    (``provision_translations``) are rows edited on its page, so that provisions stay one row
    each, linked by practices, notes and follows. Its address is in the visitor's language."""

    external_id = models.CharField(
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "Stable key used by imports, e.g. nap-ke-2 (kind, country, generation); "
            "set automatically when left empty."
        ),
    )
    kind = models.CharField(max_length=10, choices=FrameworkKind.choices)
    symbol = models.CharField(
        max_length=100, blank=True, help_text=_("UN document symbol, for global documents.")
    )
    agendas = MultipleChoiceField(vocabulary=Agenda)
    country = models.CharField(
        max_length=2,
        choices=country_choices,
        blank=True,
        help_text=_("The country, for national and local plans and policies."),
    )
    organisation = models.CharField(
        max_length=255, blank=True, help_text=_("The regional organisation, for regional plans.")
    )
    organisation_region = models.CharField(
        max_length=255, blank=True, help_text=_("The organisation's own name for its region.")
    )
    document_type = models.CharField(
        max_length=50, blank=True, help_text=_("e.g. strategy, regional_action_plan.")
    )
    generation = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("1 for a country's first NAP, 2 for its second, ...")
    )
    adopted_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    next_plan_expected = models.CharField(
        _("Next plan expected"),
        max_length=255,
        blank=True,
        help_text=_(
            'What is known of the plan that follows this one, e.g. "2027" or '
            '"Drafting began in 2025, with civil-society consultations". Shown with the plans '
            "to watch; leave empty when nothing is known."
        ),
    )
    lead_institution = models.CharField(max_length=255, blank=True)
    pillars = MultipleChoiceField(
        vocabulary=Pillar, help_text=_("The pillars of the agendas this framework covers.")
    )
    pillar_labels = models.TextField(
        blank=True, help_text=_("The framework's own pillars or priority areas, one per line.")
    )
    budget = models.CharField(max_length=20, choices=Budget.choices, default=Budget.UNKNOWN)
    me_framework = models.CharField(
        _("M&E framework"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
        help_text=_("Does it have a monitoring and evaluation framework?"),
    )
    civil_society_roles = MultipleChoiceField(
        vocabulary=CivilSocietyRole, help_text=_("What civil society does in this framework.")
    )
    civil_society_roles_known = models.BooleanField(
        _("Civil society's role is known"),
        default=False,
        help_text=_(
            "Tick when the sources say what civil society does. With no role ticked, the "
            'framework then reads "None" rather than "Unknown". Ticking a role implies it.'
        ),
    )
    summary = models.TextField(blank=True)
    sources = models.TextField(
        blank=True, validators=[validate_url_lines], help_text=_("Web addresses, one per line.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The framework's own text."),
    )
    document_url = models.URLField(
        _("Document address"),
        blank=True,
        help_text=_("Where the framework's own text can be read on the web."),
    )

    search_fields = Page.search_fields + [
        NormalisedSearchField("title", boost=3),
        # "S/RES/2250" is three words on SQLite and one token on PostgreSQL unless normalised.
        NormalisedSearchField("symbol", boost=2),
        NormalisedSearchField("summary"),
        NormalisedSearchField("organisation"),
        NormalisedSearchField("lead_institution"),
        NormalisedSearchField("country_name"),
        index.FilterField("kind"),
        index.FilterField("country"),
        index.FilterField("adopted_year"),
        index.FilterField("start_year"),
        index.FilterField("end_year"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("external_id"),
                FieldPanel("symbol"),
                FieldPanel("agendas"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("generation")]),
                FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_region")]),
                FieldPanel("document_type"),
            ],
            heading=_("What it is"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("adopted_year"), FieldPanel("start_year"), FieldPanel("end_year")]
                ),
                FieldPanel("next_plan_expected"),
            ],
            heading=_("Period"),
            help_text=_("The status (active, expired, in development) follows from the period."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_institution"),
                FieldPanel("pillars"),
                FieldPanel("pillar_labels"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("me_framework")]),
                FieldPanel("civil_society_roles"),
                FieldPanel("civil_society_roles_known"),
            ],
            heading=_("Design"),
        ),
        FieldPanel("summary"),
        InlinePanel("provisions", heading=_("Provisions"), label=_("Provision")),
        FieldPanel("sources"),
        FieldPanel("document"),
        FieldPanel("document_url"),
        InlinePanel(
            "translations",
            heading=_("Translations of the title and summary"),
            label=_("Translation"),
        ),
        InlinePanel(
            "provision_translations",
            heading=_("Translations of provisions"),
            label=_("Provision translation"),
        ),
    ]

    base_form_class = FrameworkPageForm
    parent_page_types = ["frameworks.FrameworkIndexPage"]
    subpage_types = []

    class Meta:
        indexes = [models.Index(fields=["kind", "country"])]

    def save(self, *args, **kwargs):
        if self.civil_society_roles:
            self.civil_society_roles_known = True
        if not self.external_id:
            self.external_id = f"{self.kind or 'framework'}-{uuid.uuid4().hex[:12]}"
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The end year is before the start year."})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is taken by another page of the site."})
        if self.kind in (FrameworkKind.NAP, FrameworkKind.LAP) and not self.country:
            raise ValidationError({"country": "A national or local plan needs its country."})

    # Its translations: the text in the visitor's language where an editor translated it, else
    # the original with its language, which templates mark (``lang``).
    original_language = settings.LANGUAGE_CODE

    def translation_in(self, language=None):
        """The translation row of the title and summary into ``language`` (default: the active
        language), or None."""
        language = language or get_language()
        if language == self.original_language:
            return None
        return next((row for row in self.translations.all() if row.language == language), None)

    @property
    def display_title(self):
        row = self.translation_in()
        return row.title if row else self.title

    @property
    def display_summary(self):
        row = self.translation_in()
        return row.summary if row and row.summary else self.summary

    @property
    def title_language(self):
        return get_language() if self.translation_in() else self.original_language

    @property
    def summary_language(self):
        row = self.translation_in()
        return get_language() if row and row.summary else self.original_language

    def provision_text_in(self, provision, language=None):
        """(text, language) of ``provision`` in ``language`` (default: the active language),
        the original text when no editor translated it."""
        language = language or get_language()
        if language != self.original_language:
            for row in self.provision_translations.all():
                if row.code == provision.code and row.language == language:
                    return row.text, language
        return provision.text, self.original_language

    @property
    def country_name(self):
        return country_name(self.country) if self.country else ""

    @property
    def region(self):
        return region_of(self.country) if self.country else None

    @property
    def short_title(self):
        """What the plan is among its country's plans, e.g. "national action plan 3"; the
        title where the generation is unknown or the framework is no country's plan."""
        if self.kind in (FrameworkKind.NAP, FrameworkKind.LAP) and self.generation:
            return f"{self.kind_label.lower()} {self.generation}"
        return self.title

    @property
    def kind_label(self):
        return label(FrameworkKind, self.kind)

    @cached_property
    def successor(self):
        """The next-generation plan of the same kind and country, if any the public may see."""
        if not (self.country and self.generation):
            return None
        return (
            FrameworkPage.objects.live()
            .public()
            .filter(kind=self.kind, country=self.country, generation__gt=self.generation)
            .order_by("generation")
            .first()
        )

    def generations(self):
        """The published plans of the same kind and country, by generation: a NAP's timeline."""
        if not (self.country and self.kind in (FrameworkKind.NAP, FrameworkKind.LAP)):
            return []
        family = list(
            FrameworkPage.objects.live()
            .public()
            .filter(kind=self.kind, country=self.country)
            .order_by("generation", "start_year", "title")
        )
        statuses = framework_statuses(family)
        for framework in family:
            framework.derived_status = statuses[framework.pk]
        return family

    @cached_property
    def status(self):
        successor_start = None
        if self.end_year is None and self.successor is not None:
            successor = self.successor
            successor_start = successor.start_year or successor.adopted_year
        return derive_status(self.start_year, self.end_year, self.adopted_year, successor_start)

    @property
    def status_label(self):
        return label(FrameworkStatus, self.status) if self.status else "Unknown"

    @property
    def known_civil_society_roles(self):
        """The roles civil society has: a list (empty when sources say none), or None when
        nothing is known. The data format and the API use the same three states."""
        if self.civil_society_roles:
            return list(self.civil_society_roles)
        return [] if self.civil_society_roles_known else None

    @property
    def civil_society_roles_label(self):
        roles = self.known_civil_society_roles
        if roles is None:
            return _("Unknown")
        if not roles:
            return _("None, according to the sources")
        return ", ".join(label(CivilSocietyRole, role) for role in roles)

    @property
    def period_label(self):
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return _("from %(year)s") % {"year": self.start_year}
        if self.end_year:
            return _("until %(year)s") % {"year": self.end_year}
        return ""

    @property
    def source_list(self):
        return lines(self.sources)

    @property
    def pillar_label_list(self):
        return lines(self.pillar_labels)

    def provisions_by_pillar(self):
        groups = {}
        for provision in self.provisions.all():
            groups.setdefault(provision.pillar_label, []).append(provision)
        return [{"pillar": pillar, "provisions": items} for pillar, items in groups.items()]

    def provision_url(self, provision):
        return self.url + self.reverse_subpage("provision", kwargs={"slug": provision.slug})

    @path("provisions/<slug:slug>/", name="provision")
    def provision_view(self, request, slug):
        from django.http import Http404

        provision = self.provisions.filter(slug=slug).first()
        if provision is None:
            raise Http404("No such provision")
        return self.render(
            request,
            template="frameworks/provision_page.html",
            context_overrides={
                "provision": provision,
                "provision_title": f"Provision {provision.code} · {self.display_title}",
            },
        )


class Provision(RefusesControlCharactersModelMixin, index.Indexed, Orderable):
    """One numbered commitment of a framework, with its own stable public URL."""

    framework = ParentalKey(FrameworkPage, on_delete=models.CASCADE, related_name="provisions")
    code = models.CharField(max_length=50, help_text=_("As printed in the plan, e.g. 2.3."))
    code_as_printed = models.BooleanField(
        default=True,
        help_text=_(
            "Untick when the plan's items are unnumbered and the code only gives their "
            "position, e.g. 1[a]."
        ),
    )
    slug = models.SlugField(
        max_length=60,
        blank=True,
        help_text=_("Part of the provision's web address; set once from the code and kept."),
    )
    pillar = models.CharField(
        max_length=60,
        blank=True,
        help_text=_(
            "A pillar code (prevention, protection, participation, relief-and-recovery, "
            "partnerships, disengagement-and-reintegration) or the plan's own label."
        ),
    )
    text = models.TextField(help_text=_("A short paraphrase of the commitment."))
    responsible = models.TextField(blank=True, help_text=_("Responsible actors, one per line."))
    indicators = models.TextField(blank=True, help_text=_("Indicators, one per line."))

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("code_as_printed"), FieldPanel("pillar")]),
        FieldPanel("text"),
        FieldPanel("responsible"),
        FieldPanel("indicators"),
        FieldPanel("slug"),
    ]

    search_fields = [
        NormalisedSearchField("text"),
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.FilterField("pillar"),
        index.FilterField("framework_id"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "slug"], name="provision_slug_unique_in_framework"
            ),
            models.UniqueConstraint(
                fields=["framework", "code"], name="provision_code_unique_in_framework"
            ),
        ]

    def __str__(self):
        return f"{self.framework.title} — {self.code}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def unique_slug(self):
        base = slugify(self.code)[:50] or "provision"
        taken = set(
            Provision.objects.filter(framework_id=self.framework_id)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        # Unsaved siblings in the same cluster are saved one by one; include their slugs too.
        if self.framework_id is None and getattr(self, "framework", None) is not None:
            taken |= {p.slug for p in self.framework.provisions.all() if p is not self and p.slug}
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def pillar_label(self):
        return label(Pillar, self.pillar) if self.pillar else "Other provisions"

    @property
    def responsible_list(self):
        return lines(self.responsible)

    @property
    def indicator_list(self):
        return lines(self.indicators)

    @property
    def url(self):
        return self.framework.provision_url(self)

    @property
    def display_text(self):
        return self.framework.provision_text_in(self)[0]

    @property
    def text_language(self):
        return self.framework.provision_text_in(self)[1]

    def get_absolute_url(self):
        return self.url


class FrameworkTranslation(RefusesControlCharactersModelMixin, Orderable):
    """A framework's title and summary in another content language."""

    framework = ParentalKey(FrameworkPage, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=TRANSLATION_LANGUAGES)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True, help_text=_("Left empty, the original is shown."))

    panels = [FieldPanel("language"), FieldPanel("title"), FieldPanel("summary")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "language"], name="framework_translation_once"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"


class ProvisionTranslation(RefusesControlCharactersModelMixin, Orderable):
    """A provision's text in another content language, edited on its framework's page and tied
    to the provision by its code (which is unique in the framework)."""

    framework = ParentalKey(
        FrameworkPage, on_delete=models.CASCADE, related_name="provision_translations"
    )
    code = models.CharField(max_length=50, help_text=_("The provision's code, e.g. 2.3."))
    language = models.CharField(max_length=10, choices=TRANSLATION_LANGUAGES)
    text = models.TextField(help_text=_("The provision's short text in that language."))

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("language")]),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code", "language"], name="provision_translation_once"
            )
        ]

    def __str__(self):
        return f"{self.code} ({self.language})"
