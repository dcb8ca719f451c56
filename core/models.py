"""Abstract models that apps share. No concrete model lives here: core has no migrations."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import translation

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from .languages import path_in


def content_language_codes():
    return [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]


def content_locale_code(language_code):
    """The content locale that a text written in ``language_code`` lives in: its own when it is
    one of the content languages (WAGTAIL_CONTENT_LANGUAGES), else the default one."""
    return language_code if language_code in content_language_codes() else settings.LANGUAGE_CODE


class InterfaceLanguageUrlMixin:
    """A page's address in the language being read. Wagtail addresses a page of a locale under
    that locale's prefix; here every page is served under every language's prefix (a practice
    written in French is read at /practices/… with the English interface and says it is not
    translated), so links keep the visitor in the language they chose. ``own_language_url`` is
    the address under the page's own locale, for links that name the page's language
    (``hreflang``)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, root_url, path_in(page_path, translation.get_language())

    @property
    def own_language_url(self):
        parts = super().get_url_parts()
        return parts[2] if parts else None


class IndexPage(InterfaceLanguageUrlMixin, Page):
    """A section's landing page (practices, frameworks, joint actions, events): one of its kind in
    each locale's tree (core.setup makes them; editors cannot add more), a short introduction,
    its children listed by the concrete page's ``get_context``.

    Concrete index pages declare where they sit (``parent_page_types``) and what they hold
    (``subpage_types``); the fields here are stored in each concrete page's own table, so moving
    them here changed no database.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """A page below another locale's copy of this index (a practice written in French, a
        framework of the default locale) is served here too, under this locale's address and
        with its interface: every page is reachable from every locale."""
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
        child = self.child_from_other_locale(path_components[0])
        if child is None:
            raise Http404
        return child.specific.route(request, path_components[1:])

    def child_from_other_locale(self, slug):
        """The live page with this slug under another locale's copy of this index, as
        ``other_locale_order`` ranks them: served as its translation into this locale when it
        has one (under a slug of its own)."""
        paths = list(self.get_translations().values_list("path", flat=True))
        if not paths:
            return None
        within = Q()
        for path in paths:
            within |= Q(path__startswith=path)
        candidates = sorted(
            Page.objects.live()
            .filter(within, depth=self.depth + 1, slug=slug)
            .select_related("locale")
            .specific(),
            key=self.other_locale_order,
        )
        if not candidates:
            return None
        page = candidates[0]
        return page.get_translations().live().filter(locale_id=self.locale_id).first() or page

    def section_pages(self, model):
        """The live, public pages of ``model`` below this index and its copies in the other
        locales, each page once: its version in this index's locale where there is one, else
        as written in the default locale, else the first. A queryset, for the caller to order."""
        within = Q(path__startswith=self.path)
        for path in self.get_translations().values_list("path", flat=True):
            within |= Q(path__startswith=path)
        default = Locale.get_default().pk
        chosen = {}
        for pk, key, locale_id in (
            model.objects.live()
            .public()
            .filter(within, depth=self.depth + 1)
            .order_by("path")
            .values_list("pk", "translation_key", "locale_id")
        ):
            rank = 0 if locale_id == self.locale_id else 1 if locale_id == default else 2
            if key not in chosen or rank < chosen[key][0]:
                chosen[key] = (rank, pk)
        return model.objects.filter(pk__in=[pk for _, pk in chosen.values()])

    @staticmethod
    def other_locale_order(page):
        """Pages of the default locale first, then in tree order."""
        return (page.locale.language_code != settings.LANGUAGE_CODE, page.path)

    @classmethod
    def for_language(cls, language_code=None):
        """The page of this kind in the locale of ``language_code`` (default: the active
        language), else the default locale's, else any; None when there is none."""
        if language_code is None:
            language_code = Locale.get_active().language_code
        pages = cls.objects.order_by("path")
        return (
            pages.filter(locale__language_code=content_locale_code(language_code)).first()
            or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
            or pages.first()
        )

    @classmethod
    def live_url(cls, request=None):
        """The address of the live page of this kind in the active language's locale (wherever
        editors moved it), else in the default locale; None when there is none."""
        pages = cls.objects.live().order_by("path")
        active = content_locale_code(Locale.get_active().language_code)
        page = (
            pages.filter(locale__language_code=active).first()
            or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        )
        return page.get_url(request) if page else None
