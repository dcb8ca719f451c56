"""Bring every database to the site set-up declared in core/setup.py (page tree, Editors,
review workflow), with this migration's historical models. New databases already have it from
the older migrations; a database whose set-up drifted gets what is missing."""

from django.db import migrations

from core.setup import apply_site_setup


def apply(apps, schema_editor):
    apply_site_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("home", "0003_editors_group"),
        ("frameworks", "0001_initial"),
        ("practices", "0008_organisation_publicly_known"),
        ("actions", "0003_editors_permissions"),
    ]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
