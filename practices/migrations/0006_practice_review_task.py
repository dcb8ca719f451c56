"""The "Practice review" workflow's task becomes a PracticeReviewTask: approval by the Editors
as before, plus a Reject action with a comment to the member.

The old GroupApprovalTask's place in the workflow and its task states (history and reviews in
progress) pass to the new task, then it is deleted. ``use_review_task`` also serves tests that
rebuild the database (browser tests), after ``0004``'s ``configure_review``.
"""

import django.db.models.deletion
from django.db import migrations, models

WORKFLOW_NAME = "Practice review"
OLD_TASK_NAME = "Approval by Editors"
TASK_NAME = "Review by Editors"


def use_review_task(apps, schema_editor=None):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    PracticeReviewTask = apps.get_model("practices.PracticeReviewTask")
    TaskState = apps.get_model("wagtailcore.TaskState")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    task = PracticeReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="practices", model="practicereviewtask"
        )
        task = PracticeReviewTask.objects.create(
            name=TASK_NAME, active=True, content_type=content_type
        )
    editors, _ = Group.objects.get_or_create(name="Editors")
    old = GroupApprovalTask.objects.filter(name=OLD_TASK_NAME).first()
    groups = {editors.pk} | (set(old.groups.values_list("pk", flat=True)) if old else set())
    groups -= set(task.groups.values_list("pk", flat=True))
    task.groups.add(*groups)
    if old is not None:
        old_places = WorkflowTask.objects.filter(workflow=workflow, task_id=old.pk)
        if WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
            old_places.delete()
        else:
            old_places.update(task_id=task.pk)
        TaskState.objects.filter(task_id=old.pk).update(task_id=task.pk)
        old.delete()
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('practices', '0005_organisation_confirmed_db_default'),
        ('wagtailcore', '0098_apitoken'),
        ('practices', '0004_practice_review_workflow'),
    ]

    operations = [
        migrations.CreateModel(
            name='PracticeReviewTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': 'Practice review task',
                'verbose_name_plural': 'Practice review tasks',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(use_review_task, migrations.RunPython.noop),
    ]
