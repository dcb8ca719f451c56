"""Editors run joint actions and events: the pages are covered by their page permissions on the
home page; here they also get to manage which organisations take part. Nothing more."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_participation",
    "change_participation",
    "delete_participation",
    "view_participation",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("actions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for codename in CODENAMES:
        editors.permissions.add(
            Permission.objects.get(content_type__app_label="actions", codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("actions", "0002_index_pages")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
