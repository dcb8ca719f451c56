"""A member's own data: download everything the registry holds about them, delete the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.people import display_name
from core.ratelimit import hit
from monitoring.review import member_notes, remove_member_notes
from monitoring.review import status_of as note_status_of
from practices.models import SuggestedProvision
from practices.serialisers import member_record
from practices.submission import member_practices, remove_member_practices, status_of

from .forms import MemberDetailsForm, assign_organisation, save_display_name, save_language
from .models import language_of


def member_data(user):
    membership = getattr(user, "organisation_membership", None)
    practices = []
    for practice in member_practices(user):
        status, editors_comment = status_of(practice)
        practices.append(
            member_record(practice.get_latest_revision_as_object(), status, editors_comment)
        )
    from actions.models import Participation

    joined = [
        {
            "joint_action": p.action.title,
            "organisation": p.organisation.name,
            "joined_at": p.joined_at.isoformat(),
        }
        for p in Participation.objects.filter(joined_by=user).select_related(
            "action", "organisation"
        )
    ]
    # The provisions they described for the editors to enter, in their own words.
    described = [
        {
            "plan": s.framework.title,
            "practice": s.practice.get_latest_revision_as_object().title,
            "text": s.text,
            "reference": s.reference,
            "status": s.get_status_display(),
            "created_at": s.created_at.isoformat(),
        }
        for s in SuggestedProvision.objects.filter(member=user).select_related(
            "framework", "practice"
        )
    ]
    notes = []
    for note in member_notes(user):
        status, editors_comment = note_status_of(note)
        latest = note.get_latest_revision_as_object()
        notes.append(
            {
                "framework": latest.provision.framework.title,
                "provision": latest.provision.code,
                "status_observed": latest.status,
                "period": latest.period_label,
                "evidence": latest.evidence,
                "source_url": latest.source_url,
                "local_women_organisations": latest.local_women_organisations,
                "location": latest.location,
                "organisation": latest.organisation.name,
                "withhold_organisation": latest.withhold_organisation,
                "country_level_only": latest.country_level_only,
                "review_status": status,
                "editors_comment": editors_comment,
            }
        )
    # What they follow by e-mail (the following app's Follow, by its reverse relation).
    follows = [
        {
            "kind": f.kind,
            "target": f.key,
            "frequency": f.frequency,
            "created_at": f.created_at.isoformat(),
            "last_sent_at": f.last_sent_at.isoformat() if f.last_sent_at else None,
        }
        for f in user.follows.all()
    ]
    return {
        "account": {
            "email": user.email,
            "display_name": display_name(user),
            "username": user.get_username(),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in user.emailaddress_set.all()
            ],
        },
        "organisation": (
            {"name": membership.organisation.name, "confirmed": membership.confirmed}
            if membership
            else None
        ),
        "practices": practices,
        "monitoring_notes": notes,
        "joint_actions_joined": joined,
        "suggested_provisions": described,
        "follows": follows,
    }


@login_required
def account(request):
    membership = getattr(request.user, "organisation_membership", None)
    initial = {"display_name": display_name(request.user), "language": language_of(request.user)}
    if membership:
        initial["organisation"] = membership.organisation_id
    form = MemberDetailsForm(request.POST or None, initial=initial, member=request.user)
    if request.method == "POST":
        if not hit(request, "account"):
            # Each save may create an organisation: nothing is saved, and the form comes back
            # as it was sent.
            messages.error(
                request,
                gettext(
                    "Too many saves from this account in a short time, so this one was not saved. "
                    "What you typed is below: please send it again later."
                ),
            )
            return render(request, "members/account.html", {"form": form}, status=429)
        if form.is_valid():
            save_display_name(request.user, form.cleaned_data["display_name"])
            if form.cleaned_data.get("language"):
                save_language(request.user, form.cleaned_data["language"])
            membership = assign_organisation(
                request.user,
                form.cleaned_data["organisation"],
                form.cleaned_data["new_organisation"],
            )
            if membership is not None and membership.confirmed:
                messages.success(request, gettext("Your name and organisation are saved."))
            else:
                messages.success(
                    request,
                    gettext(
                        "Your name and organisation are saved; an editor will confirm the "
                        "organisation."
                    ),
                )
            return redirect("member_account")
        return render(request, "members/account.html", {"form": form}, status=400)
    return render(request, "members/account.html", {"form": form})


@login_required
def download(request):
    body = json.dumps(member_data(request.user), indent=2, ensure_ascii=False, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_POST
def delete_account(request):
    if request.POST.get("confirm") != "delete":
        messages.error(
            request, gettext("Tick the box to confirm that you want to delete your account.")
        )
        return redirect("member_account")
    user = request.user
    with transaction.atomic():
        remove_member_practices(user)
        remove_member_notes(user)
        logout(request)
        user.delete()
    messages.success(request, gettext("Your account is deleted."))
    return redirect("/")


def admin_login(request):
    """The admin's sign-in address (where Wagtail sends anyone it turns away) leads to the
    members' sign-in, so that every attempt counts against allauth's rate limits: Wagtail's own
    form would check passwords, and sign in locked-out accounts, past them."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("wagtailadmin_home")
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect(next_url)
    # Sending a signed-in member to the sign-in page would send them straight back here.
    return render(request, "members/no_admin_access.html", status=403)
