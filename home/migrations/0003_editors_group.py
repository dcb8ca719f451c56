"""The Editors group: what the network's secretariat needs to moderate and curate, nothing more.

They use the admin; add, edit, publish, lock and unlock pages (practices, frameworks and their
provisions) below the home page; manage organisations; upload and choose documents and images;
browse provisions. They do not manage users, groups, sites, workflows, redirects or settings.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("practices", "organisation", "add_organisation"),
    ("practices", "organisation", "change_organisation"),
    ("practices", "organisation", "delete_organisation"),
    ("frameworks", "provision", "view_provision"),
]
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
]


def configure_editors(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    HomePage = apps.get_model("home.HomePage")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.clear()
    GroupPagePermission.objects.filter(group=editors).delete()
    GroupCollectionPermission.objects.filter(group=editors).delete()

    for app_label, model, codename in MODEL_PERMISSIONS:
        editors.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )

    home = HomePage.objects.get(depth=2)
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=editors,
            page_id=home.pk,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )

    root_collection = Collection.objects.get(depth=1)
    for app_label, model, codenames in COLLECTION_PERMISSIONS:
        for codename in codenames:
            GroupCollectionPermission.objects.create(
                group=editors,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, content_type__model=model, codename=codename
                ),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_site_tree"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(configure_editors, migrations.RunPython.noop)]
