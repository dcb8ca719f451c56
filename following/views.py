"""Following from the site: the "Follow by e-mail" form, the visitor's confirmation, the
subscriber's follows (members in My account, visitors through their digest's link) and the
one-click unsubscribe of RFC 8058."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.ratelimit import hit

from . import tokens
from .forms import FollowForm, FrequencyForm
from .mail import send_confirmation
from .models import Follow
from .targets import resolve

CONFIRMATION_EVERY = 3600  # seconds: at most one confirmation e-mail an hour per address


def plain(request, heading, text, status=200):
    return render(
        request, "following/message.html", {"heading": heading, "text": text}, status=status
    )


def not_followable(request):
    return plain(
        request,
        gettext("This cannot be followed"),
        gettext("It is not in the registry, or no longer public."),
        404,
    )


@require_http_methods(["GET", "POST"])
def follow(request):
    if request.method == "GET":
        # The form on a page of its own: the listing links here rather than carry a form, so
        # that a search sets no cookie (a form's CSRF token would).
        target = resolve(request.GET.get("kind", ""), request.GET.get("key", ""))
        if target is None:
            return not_followable(request)
        context = {"kind": target.kind, "key": target.key, "label": target.label}
        return render(request, "following/follow.html", context)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "following/follow_refused.html", {"form": form}, status=400)
    data = form.cleaned_data
    target = resolve(data["kind"], data["key"])
    if target is None:
        return not_followable(request)
    if request.user.is_authenticated:
        follow, created = Follow.objects.get_or_create(
            user=request.user,
            kind=target.kind,
            key=target.key,
            defaults={"frequency": data["frequency"], "confirmed_at": timezone.now()},
        )
        messages.success(
            request,
            gettext("You follow %(target)s: a %(frequency)s e-mail tells you what is new.")
            % {"target": target.label, "frequency": follow.get_frequency_display().lower()}
            if created
            else gettext("You already follow %(target)s.") % {"target": target.label},
        )
        return redirect("following:mine")
    address = (data.get("email") or "").strip().lower()
    if not address:
        form.add_error("email", gettext("Enter your e-mail address."))
        return render(request, "following/follow_refused.html", {"form": form}, status=400)
    if not hit(request, "follow") or not hit(request, "follow-address", f"address:{address}"):
        return plain(
            request,
            gettext("Too many requests"),
            gettext(
                "Too many follow requests have been sent from here or for this address. "
                "Please try again later."
            ),
            429,
        )
    pending = not Follow.objects.filter(
        user__isnull=True, email=address, kind=target.kind, key=target.key
    ).exists()
    if pending:
        try:
            with transaction.atomic():
                Follow.objects.create(
                    email=address,
                    kind=target.kind,
                    key=target.key,
                    frequency=data["frequency"],
                    language=translation.get_language(),
                )
        except IntegrityError:
            pending = False
    unconfirmed = Follow.objects.filter(user__isnull=True, email=address, confirmed_at__isnull=True)
    if unconfirmed.exists() and cache.add(f"follow-confirm:{address}", 1, CONFIRMATION_EVERY):
        unconfirmed = list(unconfirmed)
        send_confirmation(
            address,
            [f.pk for f in unconfirmed],
            [t for t in (resolve(f.kind, f.key) for f in unconfirmed) if t],
        )
    # The same answer whether or not the address already follows, or was confirmed.
    return plain(
        request,
        gettext("Check your e-mail"),
        gettext(
            "If %(address)s can receive e-mail, a message with a link to confirm is on its way "
            "(at most one an hour). Nothing else is sent to it before you confirm."
        )
        % {"address": address},
    )


def confirm(request, token):
    subscriber, follow_ids = tokens.read_confirm(token)
    if subscriber is None:
        return plain(
            request,
            gettext("This link does not work"),
            gettext("It may have expired: follow again to get a new one."),
            404,
        )
    # Only the follows the link was sent for: one added after it waits for its own link.
    pending = Follow.objects.of_subscriber(subscriber).filter(
        pk__in=follow_ids, confirmed_at__isnull=True
    )
    if request.method == "POST":
        # Their digests are written in the language they confirmed in.
        pending.update(confirmed_at=timezone.now(), language=translation.get_language())
        messages.success(request, gettext("Confirmed: you will receive e-mail updates."))
        return redirect("following:manage", token=tokens.make("manage", subscriber))
    targets = [t for t in (resolve(f.kind, f.key) for f in pending) if t]
    return render(request, "following/confirm.html", {"targets": targets})


def follows_page(request, subscriber, manage_token=None):
    follows = Follow.objects.of_subscriber(subscriber).confirmed()
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if not form.is_valid():
            return plain(
                request,
                gettext("Nothing was changed"),
                gettext("The form could not be read."),
                400,
            )
        chosen = follows.filter(pk=form.cleaned_data["follow"]).first()
        if chosen is None:
            return plain(
                request,
                gettext("Nothing was changed"),
                gettext("That follow is not yours, or is already cancelled."),
                404,
            )
        frequency = form.cleaned_data["frequency"]
        if request.POST.get("action") == "cancel":
            chosen.delete()
            messages.success(request, gettext("You no longer follow it."))
        elif frequency:
            chosen.frequency = frequency
            chosen.save(update_fields=["frequency"])
            messages.success(
                request,
                gettext("You now receive it %(frequency)s.")
                % {"frequency": chosen.get_frequency_display().lower()},
            )
        return redirect(request.path)
    rows = [(f, resolve(f.kind, f.key)) for f in follows]
    return render(
        request,
        "following/mine.html",
        {
            "rows": rows,
            "manage_token": manage_token,
            "unsubscribe_token": tokens.make("unsubscribe", subscriber),
        },
    )


@login_required
def mine(request):
    return follows_page(request, f"u:{request.user.pk}")


def manage(request, token):
    subscriber = tokens.read("manage", token)
    if subscriber is None:
        raise Http404
    return follows_page(request, subscriber, token)


@csrf_exempt
def unsubscribe(request, token):
    """RFC 8058: a POST (from the mail program's one-click button, or this page's) cancels every
    follow of the subscriber, without signing in or a CSRF token; a GET only asks."""
    subscriber = tokens.read("unsubscribe", token)
    if subscriber is None:
        raise Http404
    if request.method == "POST":
        Follow.objects.of_subscriber(subscriber).delete()
        return plain(
            request, gettext("Unsubscribed"), gettext("You will receive no more e-mail updates.")
        )
    return render(request, "following/unsubscribe.html", {})
