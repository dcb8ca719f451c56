"""The page tree that every installation starts with: home, /practices/ and /frameworks/.

``migrate`` alone gives a working, empty site, so the import commands can run on a fresh database.
"""

from django.db import migrations
from django.utils import timezone

INTRO = (
    "<p>A registry of good practices of local peacebuilding led by women and young people, "
    "each linked to the National Action Plan provisions and other policy frameworks it "
    "implements. Civil-society organisations share their practices, the network's editors "
    "review them, and anyone can find them.</p>"
)


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")
    PracticeIndexPage = apps.get_model("practices.PracticeIndexPage")
    FrameworkIndexPage = apps.get_model("frameworks.FrameworkIndexPage")

    # Wagtail's own initial data makes a plain welcome page and a site pointing at it.
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()

    locale = Locale.objects.order_by("pk").first()
    if locale is None:
        locale = Locale.objects.create(language_code="en")
    now = timezone.now()

    def content_type(model):
        return ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )[0]

    def make(model, path, depth, numchild, title, slug, url_path, **fields):
        return model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type(model),
            path=path,
            depth=depth,
            numchild=numchild,
            url_path=url_path,
            locale=locale,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            **fields,
        )

    home = make(HomePage, "00010001", 2, 2, "Local women peacebuilders", "home", "/home/", intro=INTRO)
    make(
        PracticeIndexPage, "000100010001", 3, 0, "Good practices", "practices",
        "/home/practices/",
        intro="<p>Good practices of local peacebuilding, shared by civil-society organisations "
        "and reviewed by the network's editors.</p>",
    )
    make(
        FrameworkIndexPage, "000100010002", 3, 0, "Frameworks", "frameworks",
        "/home/frameworks/",
        intro="<p>National Action Plans on Women, Peace and Security, regional plans and "
        "strategies, and the global resolutions they implement.</p>",
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
        site_name="Local women peacebuilders",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("practices", "0001_initial"),
        ("frameworks", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
