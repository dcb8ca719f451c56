"""The content languages' locales and each locale's copy of the home and section index pages,
with the Editors' permissions and the review workflow on them (core/setup.py): an existing
database gets them as a new one does."""

from django.db import migrations

from core.setup import apply_site_setup


def apply(apps, schema_editor):
    apply_site_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_site_setup"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
