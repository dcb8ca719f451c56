"""Monitoring notes go through the "Practice review" workflow: bring the site set-up declared in
core/setup.py (which assigns it to their content type, and grants the Editors their
permissions) to every database, with this migration's historical models."""

from django.db import migrations

from core.setup import apply_site_setup


def apply(apps, schema_editor):
    apply_site_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("kb", "0001_site_setup"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
