"""A plan's life: the one definition of the "plans to watch".

A national or local plan is to watch, for one of three reasons:

- it ends within twelve months: plans are known by years, so a plan is taken to end on
  31 December of its end year, and that day falls between today and the same day next year;
- it has expired and no later plan of the same country and kind is in the registry (a later
  generation, or a later start where generations are unknown): the country may have no plan;
- it is in development: its period starts after this year.

Expired and in development are the statuses of ``frameworks.filters.with_status``, in today's
year. ``today`` is a parameter so that tests and the feed agree on one day.

The framework listing, its Atom feed and the country profiles all read ``plans_to_watch``.
"""

import datetime

from django.db.models import Case, CharField, Exists, OuterRef, Q, TextChoices, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.vocabulary import FrameworkKind, FrameworkStatus

from .filters import with_status

WATCHED_KINDS = (FrameworkKind.NAP, FrameworkKind.LAP)


class WatchReason(TextChoices):
    ENDING_SOON = "ending-soon", _("Ends within twelve months")
    EXPIRED_WITHOUT_SUCCESSOR = (
        "expired-without-successor",
        _("Expired, no successor in the registry"),
    )
    IN_DEVELOPMENT = "in-development", _("In development")


def last_end_year_within_a_year(today):
    """The last end year whose 31 December is at most twelve months after ``today``."""
    try:
        horizon = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        horizon = today.replace(year=today.year + 1, day=28)
    return horizon.year if horizon == datetime.date(horizon.year, 12, 31) else horizon.year - 1


def with_watch_reason(frameworks, today=None):
    """``frameworks`` annotated with ``derived_status`` (in today's year), ``has_successor`` and
    ``watch_reason`` (a ``WatchReason`` code, or None for a plan not to watch)."""
    today = today or timezone.localdate()
    later_plan = (
        frameworks.model.objects.live()
        .public()
        .annotate(begins=Coalesce("start_year", "adopted_year"))
        .filter(kind=OuterRef("kind"), country=OuterRef("country"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(generation__gt=OuterRef("generation")) | Q(begins__gt=OuterRef("status_start")))
    )
    frameworks = with_status(frameworks, today.year).annotate(has_successor=Exists(later_plan))
    plan = Q(kind__in=WATCHED_KINDS) & ~Q(country="")
    return frameworks.annotate(
        watch_reason=Case(
            When(
                plan & Q(derived_status=FrameworkStatus.IN_DEVELOPMENT.value),
                then=Value(WatchReason.IN_DEVELOPMENT.value),
            ),
            When(
                plan & Q(derived_status=FrameworkStatus.EXPIRED.value, has_successor=False),
                then=Value(WatchReason.EXPIRED_WITHOUT_SUCCESSOR.value),
            ),
            When(
                plan
                & Q(end_year__gte=today.year, end_year__lte=last_end_year_within_a_year(today)),
                then=Value(WatchReason.ENDING_SOON.value),
            ),
            default=Value(None),
            output_field=CharField(),
        )
    )


def reason_in_words(framework):
    """Why ``framework`` (annotated by ``with_watch_reason``) is to watch, in a sentence."""
    reason = framework.watch_reason
    if reason == WatchReason.ENDING_SOON:
        return f"Ends in {framework.end_year}, within twelve months."
    if reason == WatchReason.EXPIRED_WITHOUT_SUCCESSOR:
        ended = framework.end_year or framework.status_end
        return (
            f"Expired{f' in {ended}' if ended else ''}; no later plan of "
            f"{framework.country_name} is in the registry."
        )
    if reason == WatchReason.IN_DEVELOPMENT:
        starts = framework.start_year or framework.adopted_year
        return f"In development{f': starts in {starts}' if starts else ''}."
    return ""


def plans_to_watch(frameworks, today=None):
    """The plans to watch among ``frameworks``, as a list ordered by reason (as declared), then
    country name and generation; each carries ``watch_reason``, ``watch_reason_label`` and
    ``watch_reason_words``."""
    order = {code: n for n, code in enumerate(WatchReason.values)}
    found = list(with_watch_reason(frameworks, today).filter(watch_reason__isnull=False))
    for framework in found:
        framework.watch_reason_label = WatchReason(framework.watch_reason).label
        framework.watch_reason_words = reason_in_words(framework)
    found.sort(key=lambda f: (order[f.watch_reason], f.country_name, f.generation or 0, f.title))
    return found


def watch_counts(plans):
    """[(reason code, label, number)] for a list from ``plans_to_watch``, every reason listed."""
    return [
        (code, name, sum(1 for f in plans if f.watch_reason == code))
        for code, name in WatchReason.choices
    ]
