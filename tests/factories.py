"""Factories for test data: small, explicit and built through Wagtail's tree API."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory
import wagtail_factories

from core.vocabulary import FrameworkKind
from frameworks.models import FrameworkIndexPage, FrameworkPage, Provision
from practices.models import (
    Organisation,
    PracticeCountry,
    PracticeIndexPage,
    PracticeOrganisation,
    PracticePage,
    PracticeProvisionLink,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


def editor(username="editor"):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def administrator(username="admin"):
    return UserFactory(username=username, is_superuser=True, is_staff=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Women's peace network {n}")
    kind = "cso"


class FrameworkPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = FrameworkPage

    title = factory.Sequence(lambda n: f"National action plan {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")
    external_id = factory.Sequence(lambda n: f"nap-test-{n}")
    kind = FrameworkKind.NAP
    country = "KE"
    generation = 1
    agendas = factory.LazyFunction(lambda: ["WPS"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("parent") is None:
            kwargs["parent"] = FrameworkIndexPage.objects.get(locale__language_code="en")
        return super()._create(model_class, *args, **kwargs)


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision

    framework = factory.SubFactory(FrameworkPageFactory)
    code = factory.Sequence(lambda n: f"{n}.1")
    pillar = "participation"
    text = "Increase women's participation in local peace committees."


class PracticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PracticePage

    title = factory.Sequence(lambda n: f"Women mediators in district {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "Women mediators resolve land disputes between neighbouring communities."
    description = "A network of trained women mediators meets monthly with elders."
    level = "local"
    agendas = factory.LazyFunction(lambda: ["WPS"])
    pillars = factory.LazyFunction(lambda: ["participation", "prevention"])

    @classmethod
    def _create(
        cls, model_class, *args, countries=(), organisations=(), provisions=(), themes=(), **kwargs
    ):
        if kwargs.get("parent") is None:
            kwargs["parent"] = PracticeIndexPage.objects.get(locale__language_code="en")
        page = super()._create(model_class, *args, **kwargs)
        for code in countries:
            PracticeCountry.objects.create(practice=page, country=code)
        for organisation in organisations:
            PracticeOrganisation.objects.create(practice=page, organisation=organisation)
        for provision, relation in provisions:
            PracticeProvisionLink.objects.create(
                practice=page, provision=provision, relation=relation
            )
        if themes:
            page.themes.add(*themes)
            page.save()
        if page.live:
            # Publish as editors and imports do, so search and facets see the whole practice.
            page = model_class.objects.get(pk=page.pk)
            page.save_revision().publish()
        return page


def frameworks_linked_from(path, extra_provisions=None):
    """Stand-ins for the frameworks and provisions a practices file links to, so that it imports
    without loading every framework: {external_id: page}. ``extra_provisions`` adds codes."""
    import json

    records = json.loads(path.read_text("utf-8"))["practices"]
    codes = {key: dict.fromkeys(value) for key, value in (extra_provisions or {}).items()}
    for record in records:
        for external_id in record.get("frameworks") or []:
            codes.setdefault(external_id, {})
        for link in record.get("provisions") or []:
            codes.setdefault(link["framework"], {})[link["code"]] = None
    pages = {}
    for external_id, framework_codes in codes.items():
        pages[external_id] = FrameworkPageFactory(external_id=external_id, slug=external_id)
        for code in framework_codes:
            ProvisionFactory(framework=pages[external_id], code=code)
    return pages


def draft(page):
    """Turn a page into an unpublished draft, as a submission in moderation is."""
    page.unpublish()
    page.refresh_from_db()
    return page


class JointActionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "actions.JointActionPage"

    title = factory.Sequence(lambda n: f"Joint action {n}")
    slug = factory.Sequence(lambda n: f"joint-action-{n}")
    objective = "Document local action plans that carry NAP provisions."
    status = "active"

    @classmethod
    def _create(cls, model_class, *args, countries=(), practices=(), **kwargs):
        from actions.models import JointActionCountry, JointActionIndexPage, JointActionPractice

        if kwargs.get("parent") is None:
            kwargs["parent"] = JointActionIndexPage.objects.get(locale__language_code="en")
        kwargs["countries"] = [JointActionCountry(country=code) for code in countries]
        kwargs["practice_links"] = [JointActionPractice(practice=p) for p in practices]
        return super()._create(model_class, *args, **kwargs)


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = "actions.EventPage"

    title = factory.Sequence(lambda n: f"Webinar {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    date = datetime.date(2022, 11, 8)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(11, 30)
    time_zone = "Europe/Rome"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from actions.models import EventIndexPage

        if kwargs.get("parent") is None:
            kwargs["parent"] = EventIndexPage.objects.get(locale__language_code="en")
        return super()._create(model_class, *args, **kwargs)


def member_of(organisation, username="member", confirmed=True):
    """A signed-up member account belonging to ``organisation``."""
    from practices.models import OrganisationMembership

    user = UserFactory(username=username)
    OrganisationMembership.objects.create(user=user, organisation=organisation, confirmed=confirmed)
    return user
