from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.models import InterfaceLanguageUrlMixin


class HomePage(InterfaceLanguageUrlMixin, Page):
    """The landing page: what the registry is, its numbers and the latest practices."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("What the registry is and who it is for, in a few sentences."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "practices.PracticeIndexPage",
        "frameworks.FrameworkIndexPage",
        "actions.JointActionIndexPage",
        "actions.EventIndexPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from core.vocabulary import FrameworkKind
        from frameworks.models import FrameworkIndexPage, FrameworkPage, Provision
        from practices.models import PracticeCountry, PracticeIndexPage, PracticePage

        context = super().get_context(request, *args, **kwargs)
        practices = PracticePage.objects.live().public().originals()
        frameworks = FrameworkPage.objects.live().public()
        naps = frameworks.filter(kind=FrameworkKind.NAP)
        context["counts"] = {
            "practices": practices.count(),
            "practice_countries": PracticeCountry.objects.filter(practice__in=practices)
            .values("country")
            .distinct()
            .count(),
            "naps": naps.count(),
            "nap_countries": naps.values("country").distinct().count(),
            "frameworks": frameworks.count(),
            "provisions": Provision.objects.filter(framework__in=frameworks).count(),
        }
        context["latest_practices"] = practices.order_by(
            "-first_published_at", "-pk"
        ).prefetch_related("countries", "practice_organisations__organisation")[:6]
        context["practice_index"] = PracticeIndexPage.for_language()
        context["framework_index"] = FrameworkIndexPage.for_language()
        return context
