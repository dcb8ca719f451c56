"""The members' submission form: plain HTML, every practice field, explained. Sent, it applies
itself to the member's practice, attaches its files, and tells what an edit conflicts with."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model

from core.converters import is_key
from core.countries import country_choices, country_name, places_named, region_of
from core.forms import DescribedFieldsMixin, RefusesControlCharactersMixin
from core.textsearch import words
from core.vocabulary import (
    SUGGESTED_THEMES,
    Agenda,
    Challenge,
    FrameworkKind,
    Level,
    Pillar,
    Region,
    Relation,
    Stakeholder,
)
from frameworks.models import FrameworkPage, Provision
from practices import submission
from practices.attachments import (
    MAX_FILES_PER_PRACTICE,
    MAX_FILES_PER_SAVE,
    accept,
    extension_of,
    neutral_name,
)
from practices.models import (
    LANGUAGE_CHOICES,
    Organisation,
    OrganisationMembership,
    PracticeAttachment,
    PracticeCountry,
    PracticeFrameworkLink,
    PracticeOrganisation,
    PracticePage,
    PracticeProvisionLink,
    SuggestedProvision,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ten files a save, each checked and rewritten without its metadata
    (practices.attachments) before anything is stored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt,.jpg,.jpeg,.png"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES_PER_SAVE:
            raise ValidationError(
                gettext(
                    "At most %(n)d files can be attached at a time: send the others "
                    "with a next save."
                )
                % {"n": MAX_FILES_PER_SAVE}
            )
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            if upload:
                cleaned.append(accept(upload))
        return cleaned


def member_countries(member):
    """The member's own country, from their organisation: the countries its description of
    where it works or its name names ("Kenya Women's Network"), else those of the practices
    that name it, most named first. Empty when nothing tells."""
    membership = (
        OrganisationMembership.objects.filter(user_id=getattr(member, "pk", None))
        .select_related("organisation")
        .first()
    )
    if membership is None:
        return []
    organisation = membership.organisation
    named, _places = places_named(words(f"{organisation.region} {organisation.name}"))
    if named:
        return named
    counts = Counter(
        PracticeCountry.objects.filter(
            practice__practice_organisations__organisation=organisation
        ).values_list("country", flat=True)
    )
    return [code for code, _ in counts.most_common(1)]


def year_choices():
    this_year = timezone.now().year
    return [("", "—")] + [(str(y), str(y)) for y in range(this_year + 1, 1899, -1)]


class PracticeSubmissionForm(RefusesControlCharactersMixin, DescribedFieldsMixin, forms.Form):
    """Grouped as the template shows it; each group has a legend and explanations."""

    # What
    title = forms.CharField(
        max_length=255,
        help_text=_("A short name for the practice, e.g. “Women mediators in Wajir”."),
    )
    summary = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What it is, in one or two sentences (at most 300 characters). Shown in lists."
        ),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was done, by whom, how and why. Plain text; links are fine."),
    )
    # Who and where
    # Check boxes in groups (members/includes/choice_groups.html): no "hold Ctrl" on a phone.
    organisations = forms.ModelMultipleChoiceField(
        # The member's choices are set in __init__: what they may see changes with every save.
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The organisations that ran it. Yours is ticked for you: untick it to leave it out."
        ),
    )
    countries = forms.MultipleChoiceField(
        choices=country_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where it took place: open a region and tick one or more countries."),
    )
    location = forms.CharField(
        max_length=255,
        required=False,
        help_text=_("Below country level: district, town or area (optional)."),
    )
    level = forms.ChoiceField(
        choices=Level.choices,
        initial=Level.LOCAL,
        help_text=_("Local: a village, town or district; national: the whole country."),
    )
    start_year = forms.TypedChoiceField(
        choices=year_choices, coerce=int, empty_value=None, required=False
    )
    end_year = forms.TypedChoiceField(
        choices=year_choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave empty if it is still going on."),
    )
    # Classification
    agendas = forms.MultipleChoiceField(
        choices=Agenda.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "WPS: women, peace and security; YPS: youth, peace and security; SP: sustaining peace."
        ),
    )
    pillars = forms.MultipleChoiceField(
        choices=Pillar.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parts of the agenda it contributes to."),
    )
    themes = forms.MultipleChoiceField(
        choices=[(t, t) for t in SUGGESTED_THEMES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_themes = forms.CharField(
        max_length=500,
        required=False,
        help_text=_("Other themes, separated by commas."),
    )
    stakeholders = forms.MultipleChoiceField(
        choices=Stakeholder.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who led it or took part."),
    )
    # What happened
    activities = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    outcomes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("What changed.")
    )
    challenge_types = forms.MultipleChoiceField(
        choices=Challenge.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Common challenges"),
        help_text=_("Which of the challenges the network keeps meeting did you meet?"),
    )
    challenges = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("In your own words.")
    )
    lessons_learned = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    funding = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Who funded it, and how much if that can be public."),
    )
    sources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Web addresses of reports or articles about it, one per line."),
    )
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, initial="en")
    attachments = AttachmentsField(
        required=False,
        help_text=_(
            "PDF, DOCX, ODT, JPEG or PNG, at most 10 MB each, up to 10 at a time and 20 in "
            "all. Nobody but the editors sees them before the practice is published. What a file "
            "says about itself is removed when it is attached: the location, author, device, "
            "software and dates it records; and it is published under the practice's title, "
            "never under its original file name. Names in comments and tracked changes inside a "
            "document stay: remove those before attaching it."
        ),
    )
    # Contact and safety
    contact_name = forms.CharField(max_length=255, required=False)
    contact_email = forms.EmailField(
        required=False,
        help_text=_(
            "Never shown to the public. Visitors can write to it through a form on the "
            "practice page without seeing the address."
        ),
    )
    withhold_organisation = forms.BooleanField(
        required=False, label=_("Publish without the organisations' names")
    )
    country_level_only = forms.BooleanField(
        required=False, label=_("Show the country only, never the place below it")
    )

    def __init__(
        self,
        *args,
        member,
        practice=None,
        provision_choices=(),
        framework_choices=(),
        suggestions=(),
        countries=(),
        **kwargs,
    ):
        """The form of ``member`` for ``practice`` (their practice's latest revision; None for
        a new one). ``suggestions``: the provisions among ``provision_choices`` whose words
        match the member's."""
        super().__init__(*args, **kwargs)
        self.member = member
        self.practice = practice
        # Those the practice names already stay choosable, confirmed or not (an editor may have
        # added one): a member's save must not drop them.
        organisation_ids = [o.pk for o in practice.organisations] if practice is not None else []
        self.fields["organisations"].queryset = Organisation.objects.filter(
            Q(pk__in=Organisation.objects.choosable_by(member).values("pk"))
            | Q(pk__in=organisation_ids)
        )
        self.provision_choices = list(provision_choices)
        self.framework_choices = list(framework_choices)
        self.suggested_ids = {p.pk for p in suggestions}
        self.fields["frameworks"] = forms.MultipleChoiceField(
            choices=[(str(f.pk), f.title) for f in self.framework_choices],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Other plans and resolutions it carries out"),
        )
        self.fields["provisions"] = forms.MultipleChoiceField(
            choices=[(str(p.pk), str(p.pk)) for p in self.provision_choices],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.country_notes, self.unentered_plans = plans_without_provisions(countries)
        self.fields["missing_plan"] = forms.ChoiceField(
            choices=[("", "—")] + [(str(f.pk), f.title) for f in self.unentered_plans],
            required=False,
            label=_("Which plan"),
        )
        self.fields["missing_text"] = forms.CharField(
            max_length=SuggestedProvision.MAX_TEXT,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            label=_("The provision your practice carries out, in your own words"),
            help_text=_(
                "The editors enter it in the plan, then link your practice to it. Never "
                "published as you write it."
            ),
        )
        self.fields["missing_reference"] = forms.CharField(
            max_length=SuggestedProvision.MAX_REFERENCE,
            required=False,
            label=_("The plan's page or paragraph number"),
            help_text=_("For example “p. 14” or “paragraph 3.2”, to find it in the plan."),
        )
        for provision in self.provision_choices:
            self.fields[f"relation_{provision.pk}"] = forms.ChoiceField(
                choices=Relation.choices,
                initial=Relation.IMPLEMENTS,
                required=False,
                label=_("Relation"),
            )

    def clean_title(self):
        # One line: a title goes into e-mail subjects, page titles and slugs.
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(gettext("Give the practice a title."))
        return title

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        if not uploads:
            return uploads
        # The files the practice keeps after this save's removals: with the new ones, at most
        # MAX_FILES_PER_PRACTICE.
        kept = self.kept_attachment_count()
        if kept + len(uploads) > MAX_FILES_PER_PRACTICE:
            raise ValidationError(
                ngettext(
                    "A practice holds at most %(max)d files, and this one already "
                    "has %(kept)d: remove some to attach others.",
                    "A practice holds at most %(max)d files, and this one already "
                    "has %(kept)d: remove some to attach others.",
                    kept,
                )
                % {"max": MAX_FILES_PER_PRACTICE, "kept": kept}
            )
        return uploads

    def removed_attachment_ids(self):
        """The documents ticked for removal (the posted values that can be primary keys)."""
        return [v for v in self.data.getlist("remove_attachments") if is_key(v)]

    def kept_attachment_count(self):
        """How many files the practice keeps once the ones ticked for removal are gone."""
        if self.practice is None:
            return 0
        remove = set(self.removed_attachment_ids())
        return sum(str(a.document_id) not in remove for a in self.practice.attachments.all())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", gettext("The end year is before the start year."))
        self._clean_missing_provision(cleaned)
        sources = cleaned.get("sources") or ""
        for line in sources.splitlines():
            if line.strip() and not line.strip().startswith(("http://", "https://")):
                self.add_error(
                    "sources",
                    gettext("“%(text)s” is not a web address.") % {"text": line.strip()[:80]},
                )
                break
        return cleaned

    def _clean_missing_provision(self, cleaned):
        text = " ".join((cleaned.get("missing_text") or "").split(" ")).strip()
        reference = " ".join((cleaned.get("missing_reference") or "").split())
        cleaned["missing_text"], cleaned["missing_reference"] = text, reference
        plan = cleaned.get("missing_plan")
        if not self.unentered_plans:
            # Nothing to describe a provision of (the countries changed): nothing is kept.
            cleaned["missing_text"] = cleaned["missing_reference"] = ""
            return
        if reference and not text:
            self.add_error(
                "missing_text", gettext("Describe the provision the page or paragraph holds.")
            )
        if text and not plan:
            if len(self.unentered_plans) == 1:
                cleaned["missing_plan"] = str(self.unentered_plans[0].pk)
            else:
                self.add_error("missing_plan", gettext("Say which plan the provision belongs to."))

    def suggested_provision(self):
        """The provision the member described, unsaved; None when they described none."""
        text = self.cleaned_data.get("missing_text")
        plan = self.cleaned_data.get("missing_plan")
        if not text or not plan:
            return None
        framework = next(f for f in self.unentered_plans if str(f.pk) == plan)
        return SuggestedProvision(
            framework=framework,
            text=text,
            reference=self.cleaned_data.get("missing_reference") or "",
            member=self.member,
        )

    def provision_links(self):
        chosen = set(self.cleaned_data.get("provisions") or [])
        return [
            (p, self.cleaned_data.get(f"relation_{p.pk}") or Relation.IMPLEMENTS)
            for p in self.provision_choices
            if str(p.pk) in chosen
        ]

    def framework_links(self):
        chosen = set(self.cleaned_data.get("frameworks") or [])
        return [f for f in self.framework_choices if str(f.pk) in chosen]

    def picker_rows(self):
        chosen = {str(v) for v in (self["provisions"].value() or [])}
        return [
            {
                "provision": p,
                "checked": str(p.pk) in chosen,
                "relation": self[f"relation_{p.pk}"].value() or Relation.IMPLEMENTS,
                "suggested": p.pk in self.suggested_ids,
            }
            for p in self.provision_choices
        ]

    def country_groups(self):
        """The country boxes by region, the member's own country first in a group of its own;
        a group is open when one of its boxes is ticked (the member's own always is)."""
        boxes = {str(box.data["value"]): box for box in self["countries"]}
        chosen = {str(v) for v in (self["countries"].value() or [])}
        own = [code for code in member_countries(self.member) if code in boxes]
        groups = []
        if own:
            groups.append(
                {"title": gettext("Your country"), "slug": "own", "boxes": [boxes[c] for c in own]}
            )
        by_region = {}
        for code, box in boxes.items():
            if code not in own:
                by_region.setdefault(region_of(code) or "", []).append(box)
        for region, title in [*Region.choices, ("", gettext("Other countries and territories"))]:
            if by_region.get(region):
                groups.append(
                    {"title": title, "slug": region or "other", "boxes": by_region[region]}
                )
        for group in groups:
            group["open"] = group["slug"] == "own" or any(
                str(box.data["value"]) in chosen for box in group["boxes"]
            )
            group["ticked"] = sum(str(box.data["value"]) in chosen for box in group["boxes"])
        return groups

    def organisation_groups(self):
        """The organisation boxes: the member's own first, open; the others together, open
        when one is ticked or when they are few."""
        boxes = list(self["organisations"])
        chosen = {str(v) for v in (self["organisations"].value() or [])}
        membership = (
            OrganisationMembership.objects.filter(user_id=self.member.pk)
            .select_related("organisation")
            .first()
        )
        own_id = str(membership.organisation_id) if membership else None
        own = [b for b in boxes if str(b.data["value"]) == own_id]
        others = [b for b in boxes if str(b.data["value"]) != own_id]
        groups = []
        if own:
            note = (
                ""
                if membership.organisation.confirmed
                else gettext(
                    "The editors have not yet confirmed your organisation: if ticked, your "
                    "practice names it in public only once they have."
                )
            )
            groups.append(
                {"title": gettext("Your organisation"), "slug": "own", "boxes": own, "note": note}
            )
        if others:
            groups.append(
                {
                    "title": gettext("Other organisations") if own else gettext("Organisations"),
                    "slug": "others",
                    "boxes": others,
                }
            )
        for group in groups:
            group["ticked"] = sum(str(b.data["value"]) in chosen for b in group["boxes"])
            group["open"] = group["slug"] == "own" or bool(group["ticked"]) or len(boxes) <= 8
        return groups

    def picker_groups(self):
        """The provisions by framework, suggestions first in a group of their own; a group is
        open when it holds a suggested or ticked provision, or is the only one."""
        rows = self.picker_rows()
        groups = []
        suggested = [row for row in rows if row["suggested"]]
        if suggested:
            groups.append(
                {"title": gettext("Suggested: their words match yours"), "rows": suggested}
            )
        for row in rows:
            if row["suggested"]:
                continue
            framework = row["provision"].framework
            if not groups or groups[-1].get("framework") != framework:
                groups.append({"title": framework.title, "framework": framework, "rows": []})
            groups[-1]["rows"].append(row)
        national = [g for g in groups if g.get("framework") and g["framework"].country]
        for group in groups:
            group["open"] = (
                len(groups) == 1
                or (len(national) == 1 and group is national[0])
                or any(row["checked"] or row["suggested"] for row in group["rows"])
            )
        return groups

    def framework_groups(self):
        """The frameworks a practice can link to as a whole: the plans of its countries, then
        regional plans and strategies, then global resolutions."""
        chosen = {str(v) for v in (self["frameworks"].value() or [])}
        titles = {
            FrameworkKind.NAP: gettext("Plans of your countries"),
            FrameworkKind.RAP: gettext("Regional plans and strategies"),
            FrameworkKind.GLOBAL: gettext("Global resolutions, statements and reports"),
        }
        groups = {}
        for framework in self.framework_choices:
            kind = FrameworkKind.NAP if framework.kind == FrameworkKind.LAP else framework.kind
            group = groups.setdefault(
                kind, {"title": titles.get(kind, framework.kind_label), "rows": []}
            )
            group["rows"].append({"framework": framework, "checked": str(framework.pk) in chosen})
        ordered = [groups[k] for k in titles if k in groups]
        ordered += [g for k, g in groups.items() if k not in titles]
        for group in ordered:
            group["open"] = any(row["checked"] for row in group["rows"]) or (
                group is ordered[0] and group["title"] == titles[FrameworkKind.NAP]
            )
        return ordered

    relation_choices = Relation.choices

    def theme_list(self):
        themes = list(self.cleaned_data.get("themes") or [])
        for name in (self.cleaned_data.get("other_themes") or "").split(","):
            name = " ".join(name.split())[:100]
            if name and name.lower() not in {t.lower() for t in themes}:
                themes.append(name)
        return themes

    def edit_conflict(self):
        """When the form was loaded from an older revision than the latest (an editor, or the
        member in another window, saved since), what the other side changed, as
        ``differences``; None when the form is up to date. A form that does not say which
        revision it was loaded from is treated as stale: nothing is saved blindly over someone
        else's work."""
        practice = self.practice
        posted = self.data.get("base_revision", "")
        if is_key(posted) and int(posted) == latest_revision_id(practice):
            return None
        latest = PracticePage.objects.get(pk=practice.pk).get_latest_revision()
        base = practice.revisions.filter(pk=posted).first() if is_key(posted) else None
        return differences(
            self,
            base.as_object() if base is not None else None,
            latest.as_object() if latest is not None else practice,
            who=latest.user if latest is not None else None,
            when=latest.created_at if latest is not None else None,
            member=self.member,
        )

    def similar_practices(self):
        """Practices that look like this one: same title, or same organisation and country. Only
        those the member may see: published ones and their own. A published practice that
        withholds its organisations is never matched by organisation: that would name who ran
        it."""
        data = self.cleaned_data
        title = (data.get("title") or "").strip()
        own = Q(owner=self.member)
        visible = PracticePage.objects.filter(
            own | Q(pk__in=PracticePage.objects.live().public().values("pk"))
        ).exclude(pk=self.practice.pk if self.practice is not None else 0)
        found = list(visible.filter(title__iexact=title)[:3]) if title else []
        orgs, countries = data.get("organisations") or [], data.get("countries") or []
        if orgs and countries:
            found += list(
                visible.filter(own | Q(withhold_organisation=False))
                .filter(
                    practice_organisations__organisation__in=orgs,
                    countries__country__in=countries,
                )
                .exclude(pk__in=[p.pk for p in found])
                .distinct()[:3]
            )
        return found

    def apply_to(self, practice: PracticePage):
        """Set the practice's fields and links (in memory) to what the member sent."""
        data = self.cleaned_data
        for name in PRACTICE_FIELDS:
            setattr(practice, name, data.get(name) if data.get(name) is not None else "")
        for name in ("start_year", "end_year"):
            setattr(practice, name, data.get(name))
        practice.countries = [PracticeCountry(country=code) for code in data.get("countries") or []]
        practice.practice_organisations = [
            PracticeOrganisation(organisation=o) for o in data.get("organisations") or []
        ]
        practice.provision_links = [
            PracticeProvisionLink(provision=p, relation=relation)
            for p, relation in self.provision_links()
        ]
        practice.framework_links = [
            PracticeFrameworkLink(framework=f) for f in self.framework_links()
        ]
        practice.themes.set(self.theme_list())
        return practice

    def attach_to(self, practice, user):
        """The new uploads and the removals change the practice's attachments in memory, so they
        are part of the revision: a published practice shows a new file only once the editors
        approve it. Uploads go to the private collection. Answers the documents taken off."""
        remove = set(self.removed_attachment_ids())
        kept, removed = [], []
        for attachment in practice.attachments.all():
            (removed if str(attachment.document_id) in remove else kept).append(attachment)
        Document = get_document_model()
        collection = submission.private_collection()
        # Numbered after every file the practice ever had, so that no two share a name.
        ever_attached = submission.attached_document_ids(practice) if practice.pk else set()
        first_number = len(ever_attached | {a.document_id for a in kept})
        uploads = self.cleaned_data.get("attachments") or []
        for number, upload in enumerate(uploads, first_number + 1):
            # The uploaded name may name an organisation or a place: the file is published
            # under the practice's title instead.
            upload.name = neutral_name(practice.title, number, extension_of(upload.name))
            document = Document(
                title=f"{practice.title[:240]} ({number})", file=upload, uploaded_by_user=user
            )
            if collection is not None:
                document.collection = collection
            document.save()
            kept.append(PracticeAttachment(document=document))
        practice.attachments = kept
        return [attachment.document_id for attachment in removed]


PRACTICE_FIELDS = [
    "title", "summary", "description", "location", "level", "start_year", "end_year",
    "agendas", "pillars", "stakeholders", "activities", "outcomes", "challenge_types",
    "challenges", "lessons_learned", "funding", "sources", "language", "contact_name",
    "contact_email", "withhold_organisation", "country_level_only",
]  # fmt: skip


def latest_revision_id(practice):
    """The practice's latest revision as stored now (a form may have been loaded from an older
    one)."""
    return (
        PracticePage.objects.filter(pk=practice.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )


def initial_from_practice(practice):
    initial = {name: getattr(practice, name) for name in PRACTICE_FIELDS}
    initial["organisations"] = [o.pk for o in practice.organisations]
    initial["countries"] = practice.country_codes
    names = practice.theme_names
    initial["themes"] = [t for t in names if t in SUGGESTED_THEMES]
    initial["other_themes"] = ", ".join(t for t in names if t not in SUGGESTED_THEMES)
    initial["provisions"] = [str(link.provision_id) for link in practice.provision_links.all()]
    initial["frameworks"] = [str(link.framework_id) for link in practice.framework_links.all()]
    for link in practice.provision_links.all():
        initial[f"relation_{link.provision_id}"] = link.relation
    return initial


def provisions_for(countries, practice=None, extra_ids=(), first=()):
    """The provisions a member can tick: ``first`` (the suggestions), then those of live,
    public frameworks of the chosen countries, then the operative paragraphs of the global
    resolutions (whatever the countries: every practice can carry them out), each resolution in
    the order it was adopted; and any the practice links to or the member ticked."""
    public = FrameworkPage.objects.live().public().values("pk")
    queryset = Provision.objects.filter(framework__in=public).filter(
        Q(framework__country__in=list(countries)) | Q(framework__kind=FrameworkKind.GLOBAL)
    )
    ids = set(queryset.values_list("pk", flat=True))
    if practice is not None and practice.pk:
        ids |= set(practice.provision_links.values_list("provision_id", flat=True))
    ids |= set(
        Provision.objects.filter(
            framework__in=public, pk__in=[int(i) for i in extra_ids]
        ).values_list("pk", flat=True)
    )
    first_ids = [p.pk for p in first]
    rest = (
        Provision.objects.filter(pk__in=ids - set(first_ids))
        .select_related("framework")
        .order_by("framework__title", "sort_order", "pk")
    )
    # Stable: within a framework the provisions keep their order.
    rest = sorted(rest, key=lambda p: _framework_order(p.framework))
    return list(first) + rest


def _framework_order(framework):
    """Countries' own plans first (by title), then regional frameworks, then global resolutions
    in the order they were adopted."""
    rank = {FrameworkKind.NAP: 0, FrameworkKind.LAP: 0, FrameworkKind.RAP: 1}.get(framework.kind, 2)
    year = (framework.adopted_year or 9999) if framework.kind == FrameworkKind.GLOBAL else 0
    return (rank, year, framework.title)


def plans_without_provisions(countries):
    """For each chosen country whose plans are not all usable in the picker, a sentence saying
    so (its plans are in the registry without their provisions, or it has no plan in the
    registry); and the live, public plans of the chosen countries that have no provisions
    entered, of which a member may describe a provision."""
    countries = list(dict.fromkeys(countries))
    plans = (
        FrameworkPage.objects.live()
        .public()
        .filter(country__in=countries, kind__in=[FrameworkKind.NAP, FrameworkKind.LAP])
        .order_by("title")
    )
    with_provisions = set(
        Provision.objects.filter(framework__in=plans).values_list("framework_id", flat=True)
    )
    by_country = {}
    for plan in plans:
        by_country.setdefault(plan.country, []).append(plan)
    notes, unentered = [], []
    for code in countries:
        name = country_name(code)
        own = by_country.get(code, [])
        empty = [plan for plan in own if plan.pk not in with_provisions]
        unentered += empty
        if not own:
            notes.append(
                gettext("%(country)s has no plan in the registry yet.") % {"country": name}
            )
        elif len(empty) == len(own) == 1:
            notes.append(
                gettext(
                    "%(country)s’s plan is in the registry, but its provisions have not been "
                    "entered yet."
                )
                % {"country": name}
            )
        elif len(empty) == len(own):
            notes.append(
                gettext(
                    "%(country)s’s %(plans)d plans are in the registry, but their provisions "
                    "have not been entered yet."
                )
                % {"country": name, "plans": len(own)}
            )
        elif empty:
            notes.append(
                ngettext(
                    "The provisions of %(empty)d of %(country)s’s %(plans)d plans in the "
                    "registry have not been entered yet.",
                    "The provisions of %(empty)d of %(country)s’s %(plans)d plans in the "
                    "registry have not been entered yet.",
                    len(own),
                )
                % {"empty": len(empty), "country": name, "plans": len(own)}
            )
    return notes, unentered


def frameworks_for(countries, practice=None, extra_ids=()):
    """The frameworks a member can link as a whole: live plans of the chosen countries, every
    live regional and global framework (public ones only), and any the practice links to or
    the member ticked."""
    live = FrameworkPage.objects.live().public()
    ids = set(
        live.filter(
            country__in=list(countries), kind__in=[FrameworkKind.NAP, FrameworkKind.LAP]
        ).values_list("pk", flat=True)
    )
    ids |= set(
        live.filter(kind__in=[FrameworkKind.RAP, FrameworkKind.GLOBAL]).values_list("pk", flat=True)
    )
    if practice is not None and practice.pk:
        ids |= set(practice.framework_links.values_list("framework_id", flat=True))
    ids |= set(live.filter(pk__in=[int(i) for i in extra_ids]).values_list("pk", flat=True))
    order = {FrameworkKind.NAP: 0, FrameworkKind.LAP: 0, FrameworkKind.RAP: 1}
    frameworks = FrameworkPage.objects.filter(pk__in=ids).order_by("title")
    # Plans and regional frameworks by title; resolutions in the order they were adopted.
    return sorted(
        frameworks,
        key=lambda f: (
            order.get(f.kind, 2),
            (f.adopted_year or 9999) if f.kind == FrameworkKind.GLOBAL else 0,
            f.title,
        ),
    )


COMPARED_FIELDS = [
    *PRACTICE_FIELDS, "organisations", "countries", "themes", "provisions", "frameworks",
]  # fmt: skip


def _comparable(values):
    """A practice's form values as the comparison reads them: themes as one list."""
    values = dict(values)
    themes = list(values.get("themes") or [])
    themes += [t.strip() for t in (values.get("other_themes") or "").split(",") if t.strip()]
    values["themes"] = sorted(themes, key=str.lower)
    return values


def _posted_values(data):
    values = {}
    for name in COMPARED_FIELDS:
        field = PracticeSubmissionForm.base_fields.get(name)
        if isinstance(field, forms.BooleanField):
            values[name] = data.get(name) not in (None, "", "off", "false", "0")
        elif isinstance(field, forms.MultipleChoiceField) or name in ("provisions", "frameworks"):
            values[name] = data.getlist(name)
        else:
            values[name] = data.get(name, "")
    values["other_themes"] = data.get("other_themes", "")
    return _comparable(values)


def _shown(name, value, titles):
    """A value as a member reads it: labels for codes, Yes/No, "(empty)", and for ids the
    titles in ``titles`` (what the member may see); any other id is left out."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    values = value if isinstance(value, list | tuple) else [value]
    values = [v for v in values if v not in (None, "")]
    if name in titles:
        values = [titles[name][key] for key in _keys(values) if key in titles[name]]
    else:
        field = PracticeSubmissionForm.base_fields.get(name)
        labels = {str(k): v for k, v in getattr(field, "choices", None) or []}
        values = [labels.get(str(v), v) for v in values]
    return "; ".join(str(v) for v in values) or "(empty)"


def _visible_titles(form, theirs):
    """The organisations, provisions and frameworks a member may see named in a comparison: the
    form's choices (what they are offered) and those their own practice already names. Ids
    posted by hand name nothing else."""
    own = {
        name: _keys(theirs.get(name) or [])
        for name in ("organisations", "provisions", "frameworks")
    }
    organisations = form.fields["organisations"].queryset | Organisation.objects.filter(
        pk__in=own["organisations"]
    )
    provisions = list(form.provision_choices) + list(
        Provision.objects.filter(pk__in=own["provisions"]).select_related("framework")
    )
    frameworks = list(form.framework_choices) + list(
        FrameworkPage.objects.filter(pk__in=own["frameworks"])
    )
    return {
        "organisations": dict(organisations.values_list("pk", "name")),
        "provisions": {p.pk: str(p) for p in provisions},
        "frameworks": {f.pk: f.title for f in frameworks},
    }


def _keys(values):
    return [int(v) for v in values if str(v).isascii() and str(v).isdigit() and len(str(v)) < 19]


def _same(a, b):
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    return ("" if a is None else str(a)).strip() == ("" if b is None else str(b)).strip()


def differences(form, base, latest, who, when, member):
    """What changed between the version a member's form was loaded from (``base``; None when
    unknown) and the ``latest`` one, with the member's own values from the posted ``data``: rows
    of (label, the saved value, the member's value). Without a base, every field where the
    saved version and the member's differ. ``form`` is the member's form, as posted."""
    theirs = _comparable(initial_from_practice(latest))
    before = _comparable(initial_from_practice(base)) if base is not None else None
    yours = _posted_values(form.data)
    titles = _visible_titles(form, theirs)
    rows = []
    for name in COMPARED_FIELDS:
        changed = (
            not _same(before.get(name), theirs.get(name))
            if before is not None
            else not _same(theirs.get(name), yours.get(name))
        )
        if changed:
            field = PracticeSubmissionForm.base_fields.get(name)
            label = (field.label if field and field.label else name.replace("_", " ")).capitalize()
            if name == "provisions":
                label = gettext("Provisions it carries out")
            elif name == "frameworks":
                label = gettext("Other plans and resolutions it carries out")
            rows.append(
                {
                    "label": label,
                    "theirs": _shown(name, theirs.get(name), titles),
                    "yours": _shown(name, yours.get(name), titles),
                }
            )
    return {
        "by_member": who is not None and who.pk == member.pk,
        "when": when,
        "rows": rows,
    }
