"""/actions/ and /events/ under the home page, so that ``migrate`` alone gives a working site."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4

INDEX_PAGES = [
    (
        "JointActionIndexPage",
        "Joint actions",
        "actions",
        "<p>What the network committed to do together after its meetings, who takes part and how "
        "far it has come. Members can join an action on behalf of their organisation.</p>",
    ),
    (
        "EventIndexPage",
        "Events",
        "events",
        "<p>The network's meetings: concept notes, guiding questions, summaries and the joint "
        "actions that came out of them.</p>",
    ),
]


def next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = 0
    if last:
        number = 0
        for char in last[-STEP:]:
            number = number * 36 + ALPHABET.index(char)
    number += 1
    digits = ""
    for _ in range(STEP):
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits


def create_index_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        return
    now = timezone.now()
    for model_name, title, slug, intro in INDEX_PAGES:
        model = apps.get_model("actions", model_name)
        if model.objects.exists() or Page.objects.filter(
            depth=home.depth + 1, path__startswith=home.path, slug=slug
        ).exists():
            continue
        content_type, _ = ContentType.objects.get_or_create(
            app_label="actions", model=model_name.lower()
        )
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=next_child_path(Page, home),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            intro=intro,
        )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
        home.numchild += 1


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("home", "0003_editors_group"),
    ]

    operations = [migrations.RunPython(create_index_pages, migrations.RunPython.noop)]
