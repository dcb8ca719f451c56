"""Load the webinar of 8 November 2022 and the example joint actions (data/webinar.json).

Idempotent: an event or action whose slug already exists is left as it is, so editors' changes
survive a second run.
"""

import datetime
import json

from django.utils.html import escape

from practices.models import Organisation, OrganisationMembership, PracticePage

from .models import (
    ActionUpdate,
    EventAction,
    EventIndexPage,
    EventPage,
    JointActionCountry,
    JointActionIndexPage,
    JointActionPage,
    JointActionPractice,
    Milestone,
)


def _date(value):
    return datetime.date.fromisoformat(value)


def load_webinar(path, member=None):
    """Create what is missing; return the number of pages created. ``member``, a user, is made
    a confirmed member of the example organisation so that joining can be tried."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    organisation, _ = Organisation.objects.get_or_create(
        name=data["example_organisation"]["name"],
        defaults={"summary": data["example_organisation"]["summary"], "kind": "other"},
    )
    if member is not None:
        OrganisationMembership.objects.get_or_create(
            user=member, defaults={"organisation": organisation, "confirmed": True}
        )

    event_data = data["event"]
    questions = event_data["guiding_questions"]
    action_index = JointActionIndexPage.objects.first()
    event_index = EventIndexPage.objects.first()
    if action_index is None or event_index is None:
        return created

    actions = []
    for item in data["joint_actions"]:
        action = JointActionPage.objects.filter(slug=item["slug"]).first()
        if action is None:
            practices = PracticePage.objects.filter(external_id__in=item["practices"])
            action = JointActionPage(
                title=item["title"],
                slug=item["slug"],
                is_example=True,
                objective=item["objective"],
                guiding_question=questions[item["guiding_question"] - 1],
                status=item["status"],
                lead_organisation=organisation,
                countries=[JointActionCountry(country=code) for code in item["countries"]],
                practice_links=[JointActionPractice(practice=p) for p in practices],
                milestones=[
                    Milestone(date=_date(day), what=what, status=status)
                    for day, what, status in item["milestones"]
                ],
                updates=[ActionUpdate(date=_date(day), text=text) for day, text in item["updates"]],
            )
            action_index.add_child(instance=action)
            action.save_revision().publish()
            created += 1
        actions.append(action)

    if not EventPage.objects.filter(slug=event_data["slug"]).exists():
        event = EventPage(
            title=event_data["title"],
            slug=event_data["slug"],
            search_description=event_data["search_description"],
            date=_date(event_data["date"]),
            start_time=datetime.time.fromisoformat(event_data["start_time"]),
            end_time=datetime.time.fromisoformat(event_data["end_time"]),
            time_zone=event_data["time_zone"],
            location=event_data["location"],
            concept_note="".join(f"<p>{escape(p)}</p>" for p in event_data["concept_note"]),
            objectives="\n".join(event_data["objectives"]),
            guiding_questions="\n".join(questions),
            resulting_actions=[EventAction(action=a) for a in actions],
        )
        event_index.add_child(instance=event)
        event.save_revision().publish()
        created += 1
    return created
