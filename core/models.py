"""Abstract models that apps share. No concrete model lives here: core has no migrations."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class IndexPage(Page):
    """A section's landing page (practices, frameworks, joint actions, events): one of its kind,
    a short introduction, its children listed by the concrete page's ``get_context``.

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
    def live_url(cls, request=None):
        """The address of the live page of this kind (wherever editors moved it), or None."""
        page = cls.objects.live().order_by("path").first()
        return page.get_url(request) if page else None
