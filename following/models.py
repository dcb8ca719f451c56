"""A follow: someone (a member, or a confirmed e-mail address) asks for a digest of what is new
about one target (a country, a framework, a provision, a theme, a joint action or a saved
search of the practice listing)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    FRAMEWORK = "framework", _("Framework")
    PROVISION = "provision", _("Provision")
    THEME = "theme", _("Theme")
    ACTION = "action", _("Joint action")
    SEARCH = "search", _("Saved search")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def of_subscriber(self, subscriber):
        """The follows of a subscriber key ("u:<user id>" or "e:<address>")."""
        kind, _sep, value = subscriber.partition(":")
        if kind == "u" and value.isdigit():
            return self.filter(user_id=int(value))
        if kind == "e" and value:
            return self.filter(user__isnull=True, email=value)
        return self.none()


class Follow(models.Model):
    # The subscriber: a member (``user``), or a visitor's e-mail address (``email``, with
    # ``user`` empty), confirmed by the link sent to it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    email = models.EmailField(blank=True)
    kind = models.CharField(max_length=20, choices=TargetKind.choices)
    # The target: a country code, a page or provision id, a theme's name, or the listing's
    # query string as following.targets.normalise_search writes it.
    key = models.CharField(max_length=1000)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    # The subscriber's random secret, the same on all their follows: their links carry it
    # (signed), never their address; a new one (following.tokens.rotate) revokes every link.
    secret = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # A visitor's language: the one they confirmed in, which their digests are written in
    # (a member's digests follow their profile's language instead).
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                condition=Q(user__isnull=False),
                name="follow_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["email", "kind", "key"],
                condition=Q(user__isnull=True),
                name="follow_once_per_address",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="follow_has_a_subscriber"
            ),
        ]

    def __str__(self):
        return f"{self.subscriber} follows {self.kind} {self.key}"

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = subscriber_secret(self.subscriber)
        super().save(*args, **kwargs)

    @property
    def subscriber(self):
        return f"u:{self.user_id}" if self.user_id else f"e:{self.email}"

    @property
    def address(self):
        return self.user.email if self.user_id else self.email

    @property
    def since(self):
        return self.last_sent_at or self.confirmed_at or self.created_at


def new_secret():
    return secrets.token_urlsafe(24)


def subscriber_secret(subscriber):
    """The secret of a subscriber's follows, or a new one for their first follow."""
    existing = (
        Follow.objects.of_subscriber(subscriber)
        .exclude(secret="")
        .order_by("pk")
        .values_list("secret", flat=True)
        .first()
    )
    return existing or new_secret()
