from django.core.management.base import BaseCommand

from following.models import Frequency
from following.tasks import enqueue_digests


class Command(BaseCommand):
    help = (
        "Queue one digest per subscriber: what is new for their follows since their last digest "
        "(none when nothing changed). Run daily with --frequency daily, weekly with --frequency "
        "weekly (see the README's cron lines)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Frequency.values)

    def handle(self, *args, frequency=None, **options):
        frequencies = [frequency] if frequency else list(Frequency.values)
        count = enqueue_digests(frequencies)
        self.stdout.write(f"{count} subscriber(s) queued.")
