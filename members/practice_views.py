"""Members' pages: submit a practice, edit, preview, withdraw, download its files, and "My
submissions"; and the relay that writes to a published practice's contact.

No JavaScript is needed. The form keeps everything typed when it fails validation; a one-time
token makes a double click harmless; a POST from an expired session is kept in the session and
restored after log-in.
"""

import uuid
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from wagtail.documents import get_document_model
from wagtail.models import Page

from core.converters import is_key
from core.countries import all_countries
from core.forms import ContactRelayForm
from core.ratelimit import has_room, hit
from monitoring import review
from practices import submission
from practices.models import PracticePage
from search.service import get_engine
from search.suggestions import TEXT_FIELDS, SuggestionSubject

from . import contribution
from .models import in_language_of
from .practice_forms import (
    PracticeSubmissionForm,
    frameworks_for,
    initial_from_practice,
    latest_revision_id,
    provisions_for,
)

PENDING_KEY = "pending_submission"
TOKENS_KEY = "submission_tokens"


def _new_token(request):
    token = uuid.uuid4().hex
    tokens = request.session.get(TOKENS_KEY, {})
    tokens[token] = None
    request.session[TOKENS_KEY] = dict(list(tokens.items())[-50:])
    return token


# A form being saved, or saved, is also claimed in the shared cache: the session's record of the
# token is written only after the response, too late for the second request of a double click
# that arrives while the first is still saving.
FORM_CLAIM_PREFIX = "practices:form-saved:"
FORM_CLAIM_SECONDS = 24 * 3600
SAVING = 0


def _claim_form(token):
    """True if this request is the first to save the form ``token``."""
    return cache.add(FORM_CLAIM_PREFIX + token, SAVING, timeout=FORM_CLAIM_SECONDS)


@contextmanager
def _release_claim_on_error(token):
    """A save that fails gives its claim back, so that sending the form again saves it."""
    try:
        yield
    except BaseException:
        if token:
            cache.delete(FORM_CLAIM_PREFIX + token)
        raise


def _already_saved(request, pk):
    messages.info(request, gettext("That form was already saved."))
    if pk == SAVING:
        return redirect("my_submissions")
    return redirect("practice_edit", pk=pk)


def _ids(values):
    """The posted values that can be primary keys; anything else is ignored."""
    return [v for v in values if is_key(v)]


def _locked_by_an_editor(practice, request):
    """An editor's lock in the admin (not the review's own lock, which keeps members out of the
    admin editor, not out of their form)."""
    page = PracticePage.objects.only("locked", "locked_by").get(pk=practice.pk)
    return page.locked and page.locked_by_id != request.user.pk


def _countries(values):
    """The posted values that are country codes; checked before they reach any query (a NUL
    character is an error in a PostgreSQL query)."""
    known = all_countries()
    return [v for v in values if v in known]


def _member_practice(request, pk):
    practice = get_object_or_404(PracticePage, pk=pk)
    if practice.owner_id != request.user.pk:
        raise Http404
    return practice.get_latest_revision_as_object()


def _form_page(request, practice=None):
    if request.method == "POST" and not request.user.is_authenticated:
        # An expired session: keep what was typed (text only) and restore it after log-in, to
        # the member who typed it only (the form carries their signed id): on a shared
        # computer the next person to sign in must not get it.
        owner = _form_owner(request.POST.get("form_owner", ""))
        if owner is not None:
            request.session[PENDING_KEY] = {
                "owner": owner,
                "fields": {
                    key: request.POST.getlist(key)
                    for key in request.POST
                    if key not in {"csrfmiddlewaretoken", "form_token", "form_owner"}
                },
            }
            messages.info(request, gettext("Please sign in again. What you typed has been kept."))
        return redirect_to_login(request.path + "?restore=1")
    if not request.user.is_authenticated:
        messages.info(
            request,
            gettext("Sign in or create an account to submit a practice.")
            if getattr(request.resolver_match, "url_name", "") == "practice_submit"
            else gettext("Sign in to edit your practice."),
        )
        return redirect_to_login(request.get_full_path())

    if request.method == "POST":
        return _handle_post(request, practice)

    initial = initial_from_practice(practice) if practice else {}
    data = None
    pending = request.session.pop(PENDING_KEY, None) if request.GET.get("restore") else None
    if pending and pending.get("owner") == request.user.pk:
        data = QueryDict(mutable=True)
        for key, values in pending["fields"].items():
            data.setlist(key, values)
        countries = _countries(data.getlist("countries"))
    else:
        countries = initial.get("countries", [])
        # The member's own organisation is ticked for a new practice, confirmed or not: they
        # see it and may untick it; nothing adds it behind their back afterwards.
        membership = getattr(request.user, "organisation_membership", None)
        if practice is None and membership:
            initial["organisations"] = [membership.organisation_id]
    ticked_frameworks = _ids(data.getlist("frameworks")) if data is not None else ()
    form = PracticeSubmissionForm(
        data=data,
        initial=initial,
        provision_choices=provisions_for(countries, practice),
        framework_choices=frameworks_for(countries, practice, extra_ids=ticked_frameworks),
        member=request.user,
        practice=practice,
        countries=countries,
    )
    if data is not None:
        form.is_valid()
    return _render(request, form, practice)


# Where a practice stands when its member may send it to the editors (as the form's buttons).
SUBMITTABLE = set(submission.Status.LABELS) - {submission.Status.IN_REVIEW}

OWNER_SALT = "practices.submission-form-owner"


def _form_owner(value):
    """The member id signed into the form they were shown, if genuine and under a week old."""
    try:
        owner = signing.loads(value, salt=OWNER_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        return None
    return owner if isinstance(owner, int) else None


def _render(request, form, practice, status=200, suggestions=(), base_revision=None, conflict=None):
    if practice is not None and base_revision is None:
        # A form sent back (errors, Show provisions) keeps the revision it was first loaded
        # from; a form opened afresh is loaded from the latest.
        posted = request.POST.get("base_revision", "")
        base_revision = posted if is_key(posted) else latest_revision_id(practice)
    review_status, comment = submission.status_of(practice) if practice else (None, "")
    return render(
        request,
        "members/submit.html",
        {
            "form": form,
            "practice": practice,
            "form_token": _new_token(request),
            "form_owner": signing.dumps(request.user.pk, salt=OWNER_SALT),
            "base_revision": base_revision,
            "conflict": conflict,
            "suggestions": suggestions,
            "status": review_status,
            # The editors' request, repeated where the member makes the changes.
            "editors_comment": (
                comment if review_status == submission.Status.CHANGES_REQUESTED else ""
            ),
        },
        status=status,
    )


def _handle_post(request, practice):
    """The form sent: once per form token, within the rate limit, never over a newer revision
    or an editor's lock; valid, it is applied to the practice with its files, saved, and sent
    to review or kept as a draft."""
    action = request.POST.get("action", "save")
    token = request.POST.get("form_token", "")
    tokens = request.session.get(TOKENS_KEY, {})
    if token in tokens and tokens[token] is not None:
        # The same form sent twice (a double click): do nothing again.
        return _already_saved(request, tokens[token])
    # "Show provisions" has a limit of its own, higher: it saves nothing.
    allowed = hit(request, "refresh" if action == "refresh" else "submit")

    countries = _countries(request.POST.getlist("countries"))
    ticked = _ids(request.POST.getlist("provisions"))
    suggestions = []
    if action == "refresh" and allowed:
        # The provisions whose words match what the member wrote come first, to tick: those
        # editors and the practice's page are suggested for the same practice.
        texts = [request.POST.get(k, "") for k in (*TEXT_FIELDS, "other_themes")]
        subject = SuggestionSubject.of(
            *texts, *request.POST.getlist("themes"), countries=countries, exclude_ids=ticked
        )
        suggestions = [s.item for s in get_engine().related_provisions(subject, limit=8)]
    provisions = provisions_for(countries, practice, extra_ids=ticked, first=suggestions)
    form = PracticeSubmissionForm(
        request.POST,
        request.FILES,
        provision_choices=provisions,
        framework_choices=frameworks_for(
            countries, practice, extra_ids=_ids(request.POST.getlist("frameworks"))
        ),
        suggestions=suggestions,
        member=request.user,
        practice=practice,
        countries=countries,
    )
    if practice is not None and action != "refresh":
        refused = _refuse_stale_or_locked(request, form, practice, token)
        if refused is not None:
            return refused
    if not allowed:
        # Nothing is saved, and nothing typed is lost: the form comes back as it was sent.
        messages.error(
            request,
            gettext(
                "Too many saves from this account in a short time, so this one was not saved. "
                "What you typed is below: please send it again later."
            ),
        )
        return _render(request, form, practice, status=429)
    if action == "refresh":
        return _render(request, form, practice, suggestions=suggestions)
    if not form.is_valid():
        # The form's error summary (includes/error_summary.html) says it, once.
        return _render(request, form, practice, status=400)

    similar = form.similar_practices()
    claimed = token in tokens
    if claimed and not _claim_form(token):
        return _already_saved(request, cache.get(FORM_CLAIM_PREFIX + token, SAVING))
    with _release_claim_on_error(token if claimed else None), transaction.atomic():
        target = form.apply_to(practice or PracticePage())
        removed = form.attach_to(target, request.user)
        withdrawn = contribution.save(target, request.user, removed)
        described = form.suggested_provision()
        if described is not None:
            # Kept with the practice for the editors, outside its revisions: it is never
            # published, whatever becomes of the practice.
            described.practice = PracticePage.objects.get(pk=target.pk)
            described.save()
        tokens[token] = target.pk
        request.session[TOKENS_KEY] = tokens
        restarted = False
        if action == "submit":
            contribution.send_to_review(target, request.user)
        else:
            restarted = submission.review_latest(target, request.user)
    if claimed:
        cache.set(FORM_CLAIM_PREFIX + token, target.pk, timeout=FORM_CLAIM_SECONDS)
    return _saved(request, target, action, similar, withdrawn, restarted, described)


def _refuse_stale_or_locked(request, form, practice, token):
    """The answer when the member's changes must not be saved over the practice: a newer
    revision was saved since the form was loaded (409 with both versions), or an editor locked
    it (409); None when they may be."""
    conflict = form.edit_conflict()
    saved_by_this_form = cache.get(FORM_CLAIM_PREFIX + token)
    if conflict is not None and saved_by_this_form is not None:
        # The newer revision is this very form's, sent a moment ago: a double click.
        return _already_saved(request, saved_by_this_form)
    if conflict is not None:
        # Saved over nothing: the member sees both versions, and the form (with what they
        # typed) now carries the latest revision, so sending it again saves knowingly.
        return _render(
            request,
            form,
            practice,
            status=409,
            base_revision=latest_revision_id(practice),
            conflict=conflict,
        )
    if _locked_by_an_editor(practice, request):
        messages.error(
            request,
            gettext(
                "An editor is working on this practice, so your changes were not saved. What you "
                "typed is below: please send it again later."
            ),
        )
        return _render(request, form, practice, status=409)
    return None


def _saved(request, practice, action, similar, withdrawn, restarted, described=None):
    """The answer to a saved form: its messages, and where the member goes next."""
    for other in similar:
        messages.warning(
            request,
            gettext(
                "This looks like an existing practice, “%(title)s”. If it is the same one, "
                "tell the editors in your description; otherwise carry on."
            )
            % {"title": other.title},
        )
    if withdrawn is not None:
        messages.info(
            request,
            gettext(
                "What you took back (names, place, organisations or files) is no longer public: "
                "that change does not wait for the editors."
            ),
        )
    if described:
        messages.info(
            request,
            gettext(
                "The provision you described is with the editors: once they have entered it, they "
                "link your practice to it."
            ),
        )
    if action == "submit":
        messages.success(
            request, gettext("Thank you: your practice is with the editors for review.")
        )
        return redirect("my_submissions")
    if restarted:
        messages.info(
            request,
            gettext("Your changes are with the editors: the review starts again with them."),
        )
    if action == "preview":
        return redirect("practice_preview", pk=practice.pk)
    messages.success(request, gettext("Your draft is saved."))
    return redirect("practice_edit", pk=practice.pk)


@login_required
def attachment(request, pk, document_id):
    """A member's own attachment, published or not: the file, as a download."""
    practice = _member_practice(request, pk)
    if not any(a.document_id == document_id for a in practice.attachments.all()):
        raise Http404
    document = get_object_or_404(get_document_model(), pk=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    return response


def submit(request):
    return _form_page(request)


def edit(request, pk):
    if not request.user.is_authenticated:
        return _form_page(request)
    return _form_page(request, _member_practice(request, pk))


@login_required
def preview(request, pk):
    """The member's own practice as it will look published, under a banner that says it is not,
    with what they can do next (the practice page's preview_banner include)."""
    practice = _member_practice(request, pk)
    status = submission.status_of(practice)[0]
    member_preview = {
        "can_submit": status in SUBMITTABLE,
        "status_label": submission.Status.LABELS[status],
    }
    return practice.make_preview_request(
        request,
        practice.default_preview_mode,
        extra_request_attrs={"member_preview": member_preview},
    )


@login_required
@require_POST
def submit_for_review(request, pk):
    """Submit for review from the preview: the practice as last saved (the form checked it).
    A double tap, or two tabs, must not start the review twice: the page row is locked and its
    state read again under the lock (on SQLite the write lock serialises); a review started
    meanwhile all the same answers the plain message, not an error."""
    practice = _member_practice(request, pk)
    already = gettext("“%(title)s” is with the editors already.") % {"title": practice.title}
    if submission.status_of(practice)[0] not in SUBMITTABLE:
        messages.info(request, already)
        return redirect("my_submissions")
    if not hit(request, "submit"):
        messages.error(
            request, gettext("Too many saves from this account in a short time: try later.")
        )
        return redirect("practice_preview", pk=practice.pk)
    try:
        with transaction.atomic():
            list(Page.objects.select_for_update().filter(pk=practice.pk).values_list("pk"))
            practice = _member_practice(request, pk)
            if submission.status_of(practice)[0] not in SUBMITTABLE:
                messages.info(request, already)
                return redirect("my_submissions")
            contribution.send_to_review(practice, request.user)
    except (IntegrityError, ValidationError):
        # Wagtail's check of one review in progress (ValidationError), or the database's
        # constraint when both checks passed at once (IntegrityError).
        messages.info(request, already)
        return redirect("my_submissions")
    messages.success(request, gettext("Thank you: your practice is with the editors for review."))
    return redirect("my_submissions")


@login_required
@require_POST
def withdraw(request, pk):
    practice = _member_practice(request, pk)
    submission.withdraw(practice, request.user)
    messages.success(
        request, gettext("“%(title)s” is withdrawn from review.") % {"title": practice.title}
    )
    return redirect("my_submissions")


@login_required
def my_submissions(request):
    rows = []
    for practice in submission.member_practices(request.user):
        status, comment = submission.status_of(practice)
        rows.append(
            {
                "practice": practice.get_latest_revision_as_object(),
                "live": practice.live,
                "url": practice.url if practice.live else "",
                "status": status,
                "status_label": submission.Status.LABELS[status],
                "comment": comment,
            }
        )
    notes = []
    for note in review.member_notes(request.user):
        status, comment = review.status_of(note)
        notes.append(
            {
                "note": note.get_latest_revision_as_object(),
                "status": status,
                "status_label": submission.Status.LABELS[status],
                "comment": comment,
            }
        )
    return render(request, "members/my_submissions.html", {"rows": rows, "notes": notes})


def contact(request, pk):
    """The relay: e-mails a published practice's contact; the address is never shown."""
    practice = get_object_or_404(PracticePage.objects.live().public(), pk=pk)
    if not practice.contact_email:
        raise Http404
    form = ContactRelayForm(request.POST or None)
    if request.method == "POST":
        # Per sender every attempt counts; per contact only messages sent, so that refused
        # posts cannot switch a practice's contact off (many senders still cannot flood it).
        recipient = f"practice:{practice.pk}"
        if not hit(request, "relay") or not has_room(request, "relay-to", recipient):
            return render(
                request,
                "members/contact.html",
                {"page": practice, "form": form, "limited": True},
                status=429,
            )
        if form.is_valid():
            hit(request, "relay-to", recipient)
            data = form.cleaned_data
            # In the language of the member who submitted the practice, if one did.
            with in_language_of(practice.owner):
                introduction = gettext(
                    "%(name)s <%(email)s> wrote to you through the practice registry about your "
                    "practice “%(title)s” (%(url)s)."
                ) % {
                    "name": data["name"],
                    "email": data["email"],
                    "title": practice.title,
                    "url": practice.full_url,
                }
                reassurance = gettext(
                    "Your address was not shown to them. Reply only if you wish to."
                )
                body = f"{introduction}\n{reassurance}\n\n{data['message']}\n"
                EmailMessage(
                    subject=gettext("A message about “%(title)s”") % {"title": practice.title},
                    body=body,
                    to=[practice.contact_email],
                    reply_to=[data["email"]],
                ).send()
            messages.success(
                request, gettext("Your message has been sent to the practice's contact.")
            )
            return redirect("practice_contact", pk=practice.pk)
    status = 400 if form.is_bound else 200
    return render(request, "members/contact.html", {"page": practice, "form": form}, status=status)
