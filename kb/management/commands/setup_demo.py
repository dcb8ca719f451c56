"""Load the demo: the site set-up (setup_site), the real frameworks, organisations and sample
practices, the webinar, and three accounts.

Safe to run again: data is loaded only into an empty registry, accounts only created if missing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from allauth.account.models import EmailAddress

from actions.demo import load_webinar
from core.text import split_credit
from frameworks.models import FrameworkPage
from members.models import MemberProfile
from practices.models import Organisation, PracticePage

# Development only: the command refuses to run with DEBUG off.
DEMO_ACCOUNTS = [
    # username, e-mail, password, role
    ("admin", "admin@example.org", "admin-dev-only-password", "administrator"),
    ("editor", "editor@example.org", "editor-dev-only-password", "editor"),
    ("member", "member@example.org", "member-dev-only-password", "member"),
]


class Command(BaseCommand):
    help = "Load the demo content and accounts into an empty development site."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("setup_demo creates accounts with known passwords: DEBUG only.")
        call_command("setup_site", stdout=self.stdout)
        data = settings.KB_DATA_DIR
        if not FrameworkPage.objects.exists() and not PracticePage.objects.exists():
            self.stdout.write("Loading the demo data (first run only)...")
            call_command("import_frameworks", str(data / "frameworks"), no_progress=True)
            call_command("import_organisations", str(data / "organisations.json"), no_progress=True)
            call_command("import_practices", str(data / "practices-sample.json"), no_progress=True)
        else:
            self.split_credit_lines(data / "practices-sample.json")
        # The practices written in French, Spanish and Arabic: imported by external id, so
        # loading them again (or into a demo made before they existed) changes nothing.
        call_command("import_practices", str(data / "practices-languages.json"), no_progress=True)
        self.ensure_accounts()
        member = get_user_model().objects.filter(username="member").first()
        created = load_webinar(data / "webinar.json", member=member)
        self.stdout.write(
            f"Webinar of 8 November 2022 and example joint actions: {created} pages created."
        )
        if member is not None:
            self.stdout.write("  member belongs to the example organisation and can join actions.")

    def split_credit_lines(self, sample):
        """Demo databases loaded before practices had a credit line hold organisations named by
        the whole credit ("USIP with youth-led community organisations (e.g., …)"). Importing
        the sample again names the organisations alone and sets the credit lines; the
        credit-named organisations nothing refers to any more are then removed. Does nothing
        when none is left."""
        credit_named = [
            o.pk
            for o in Organisation.objects.filter(practice_links__isnull=False).distinct()
            if split_credit(o.name) != ([o.name], "")
        ]
        if not credit_named:
            return
        call_command("import_practices", str(sample), no_progress=True)
        removed, _ = (
            Organisation.objects.filter(pk__in=credit_named)
            .filter(
                practice_links__isnull=True,
                memberships__isnull=True,
                led_actions__isnull=True,
                action_participations__isnull=True,
                monitoring_notes__isnull=True,
            )
            .delete()
        )
        self.stdout.write(f"Credit lines split from organisation names: {removed} removed.")

    def ensure_accounts(self):
        User = get_user_model()
        self.stdout.write("Demo accounts (development only):")
        for username, email, password, role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username, defaults={"email": email})
            if created:
                user.set_password(password)
                if role == "administrator":
                    user.is_superuser = user.is_staff = True
                user.save()
                if role == "editor":
                    user.groups.add(Group.objects.get(name="Editors"))
            # Members sign in by e-mail, which must be verified; example.org receives no mail.
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            # The name the registry's e-mails and the editors' screens show.
            MemberProfile.objects.get_or_create(
                user=user, defaults={"display_name": f"Demo {role}"}
            )
            self.stdout.write(f"  {role:<13} {email} / {password}")
        self.stdout.write("Everyone signs in with the e-mail address above, at /accounts/login/")
        self.stdout.write("(editors and administrators reach the admin at /admin/).")
