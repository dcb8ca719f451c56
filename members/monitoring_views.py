"""Members' monitoring notes: report what they observe of a provision, from its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from core.ratelimit import hit
from frameworks.models import FrameworkPage, Provision
from monitoring import review
from monitoring.models import MonitoringNote

from .contribution import quiet_admin_notifications
from .monitoring_forms import MonitoringNoteForm


def _provision(pk):
    """The provision, if its framework is published and not view-restricted (a password or
    group restriction would otherwise leak its title and text here)."""
    public = FrameworkPage.objects.live().public().values("pk")
    provision = (
        Provision.objects.filter(pk=pk, framework__in=public).select_related("framework").first()
    )
    if provision is None:
        raise Http404("No such provision")
    return provision


@login_required
def report(request, provision_id):
    provision = _provision(provision_id)
    context = {"provision": provision, "framework": provision.framework.specific}
    if not review.may_report(request.user):
        return render(request, "members/monitoring_refused.html", context, status=403)
    form = MonitoringNoteForm(request.POST or None, request.FILES or None, provision=provision)
    context["form"] = form
    if request.method == "POST":
        if not hit(request, "submit"):
            messages.error(
                request,
                gettext(
                    "Too many notes from this account in a short time, so this one was not sent. "
                    "What you typed is below: please send it again later."
                ),
            )
            return render(request, "members/monitoring_report.html", context, status=429)
        if form.is_valid():
            note = form.instance
            note.organisation = request.user.organisation_membership.organisation
            form.save_attachment(note, request.user)
            # The member hears of the outcome by the registry's e-mails, not Wagtail's.
            quiet_admin_notifications(request.user)
            review.submit(note, request.user)
            messages.success(
                request,
                gettext(
                    "Your note is sent to the editors. It is public once they approve it; you can "
                    "follow it here."
                ),
            )
            return redirect("my_submissions")
        return render(request, "members/monitoring_report.html", context, status=400)
    return render(request, "members/monitoring_report.html", context)


@login_required
def edit(request, pk):
    """Correct a note the editors sent back (or rejected, or that was withdrawn) and send it
    again; a note in review or published is not edited here."""
    note = get_object_or_404(MonitoringNote, pk=pk, author=request.user)
    status, comment = review.status_of(note)
    if status not in review.EDITABLE:
        raise Http404("This note cannot be changed now")
    note = note.get_latest_revision_as_object()
    provision = _provision(note.provision_id)
    if not review.may_report(request.user):
        context = {"provision": provision, "framework": provision.framework.specific}
        return render(request, "members/monitoring_refused.html", context, status=403)
    form = MonitoringNoteForm(
        request.POST or None, request.FILES or None, instance=note, provision=provision
    )
    context = {
        "provision": provision,
        "framework": provision.framework.specific,
        "form": form,
        "note": note,
        "comment": comment,
    }
    if request.method == "POST":
        if form.is_valid():
            note = form.instance
            form.save_attachment(note, request.user)
            quiet_admin_notifications(request.user)
            review.resubmit(note, request.user)
            messages.success(request, gettext("Your corrected note is sent to the editors."))
            return redirect("my_submissions")
        return render(request, "members/monitoring_report.html", context, status=400)
    return render(request, "members/monitoring_report.html", context)
