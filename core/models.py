"""Abstract models that apps share. No concrete model lives here: core has no migrations."""

from django.conf import settings

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page


def content_locale_code(language_code):
    """The content locale that a text written in ``language_code`` lives in: its own when it is
    one of the content languages (WAGTAIL_CONTENT_LANGUAGES), else the default one."""
    codes = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
    return language_code if language_code in codes else settings.LANGUAGE_CODE


class IndexPage(Page):
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
