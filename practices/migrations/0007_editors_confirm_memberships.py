"""Editors confirm memberships: a member's claim to belong to an organisation is checked by the
network's secretariat, as the organisations themselves are. Editors may view and change
(confirm) memberships; the member and organisation are read-only in the admin, nobody adds a
membership there, and deleting one stays with administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_organisationmembership", "change_organisationmembership"]


def grant(apps, schema_editor=None):
    app_config = apps.get_app_config("practices")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="practices", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="practices", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_practice_review_task"),
        ("home", "0003_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
