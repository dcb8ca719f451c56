"""The latest observed status of provisions, and a plan's or a country's provisions counted by
it: what the public pages, the API and the country profiles show of the monitoring."""

from django.utils.translation import gettext_lazy

from core.vocabulary import ObservedStatus

from .models import MonitoringNote

NOT_OBSERVED = "not-observed"
NOT_OBSERVED_LABEL = gettext_lazy("Not yet observed")


def published_notes(provision_ids=None):
    notes = (
        MonitoringNote.objects.published()
        .with_private_collection()
        .select_related("organisation", "provision__framework", "attachment")
    )
    if provision_ids is not None:
        notes = notes.filter(provision_id__in=list(provision_ids))
    return notes.newest_observed_first()


def latest_notes(provision_ids):
    """{provision id: its published note of the most recent period observed}."""
    latest = {}
    for note in published_notes(provision_ids):
        latest.setdefault(note.provision_id, note)
    return latest


def latest_statuses(provision_ids):
    """{provision id: the status code of its latest published note}."""
    return {pk: note.status for pk, note in latest_notes(provision_ids).items()}


def status_summary(provision_ids):
    """One row per status (and "not yet observed"), in the vocabulary's order, with how many
    of the provisions have it as their latest observed status; and the total."""
    provision_ids = list(provision_ids)
    latest = latest_statuses(provision_ids)
    rows = [
        {"code": code, "label": text, "count": sum(1 for s in latest.values() if s == code)}
        for code, text in ObservedStatus.choices
    ]
    rows.append(
        {
            "code": NOT_OBSERVED,
            "label": NOT_OBSERVED_LABEL,
            "count": len(set(provision_ids) - set(latest)),
        }
    )
    return {"rows": rows, "total": len(set(provision_ids)), "observed": len(latest)}
