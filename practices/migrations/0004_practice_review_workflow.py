"""Moderation of members' submissions.

- The "Practice review" workflow, one task: approval by the Editors group, assigned to the
  practice index so that it applies to every practice (the root keeps Wagtail's default).
- A private "Submissions" collection for the attachments of unpublished submissions: documents
  there are served only to editors; publishing a practice moves its attachments to the root.
- Editors need nothing more than they have (GroupApprovalTask checks group membership; they
  already edit and publish pages and choose documents in every collection).

``configure_review`` also serves tests that rebuild the database (browser tests).
"""

from django.db import migrations

WORKFLOW_NAME = "Practice review"
TASK_NAME = "Approval by Editors"
COLLECTION_NAME = "Submissions (private)"


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes.ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def configure_review(apps, schema_editor=None):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    PracticeIndexPage = apps.get_model("practices.PracticeIndexPage")

    editors, _ = Group.objects.get_or_create(name="Editors")

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=content_type(apps, "wagtailcore", "groupapprovaltask"),
        )
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    index = PracticeIndexPage.objects.first()
    if index is not None:
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})

    if not Collection.objects.filter(name=COLLECTION_NAME).exists():
        root = Collection.objects.get(depth=1)
        # Collection is a treebeard node; historical models lack add_child, so place it by hand.
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        steplen = 4
        number = int(last.path[-steplen:], 36) + 1 if last else 1
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        digits = ""
        while number:
            number, rest = divmod(number, 36)
            digits = alphabet[rest] + digits
        private = Collection.objects.create(
            name=COLLECTION_NAME, depth=2, path=root.path + digits.rjust(steplen, "0"), numchild=0
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
        restriction = CollectionViewRestriction.objects.create(
            collection=private, restriction_type="groups"
        )
        restriction.groups.add(editors)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_organisation_confirmed"),
        ("home", "0003_editors_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(configure_review, migrations.RunPython.noop)]
