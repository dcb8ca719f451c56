from django.db import migrations, models


def mark_imported_organisations_publicly_known(apps, schema_editor):
    """Organisations with an external_id came from the organisations import: networks and
    partners described from public sources, whose names were public before they were here."""
    Organisation = apps.get_model("practices", "Organisation")
    Organisation.objects.exclude(external_id__isnull=True).exclude(external_id="").update(
        publicly_known=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_editors_confirm_memberships"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="publicly_known",
            field=models.BooleanField(
                default=False,
                help_text="Its name may be listed publicly even when no published practice or "
                "joint action names it: networks and partners known from public sources (the "
                "organisations import ticks it). Leave unticked when naming it could put its "
                "members at risk.",
            ),
        ),
        migrations.RunPython(
            mark_imported_organisations_publicly_known, migrations.RunPython.noop
        ),
    ]
