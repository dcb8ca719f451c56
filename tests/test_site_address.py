"""The site's public address comes from the environment (SITE_URL): `migrate` writes it into the
default Wagtail Site, which the sitemap, the contact relay and the e-mails link with, and
`check --deploy` warns (kb.W002) while it is still a local address in production."""

from django.core.checks import run_checks
from django.core.management import call_command

from wagtail.models import Site

import pytest

from kb import checks

from .test_settings_checks import production_settings


def check_ids(**kwargs):
    return [message.id for message in run_checks(include_deployment_checks=True, **kwargs)]


@pytest.mark.parametrize(
    ("site_url", "hostname", "port", "root_url"),
    [
        (
            "https://registry.example.net",
            "registry.example.net",
            443,
            "https://registry.example.net",
        ),
        ("http://registry.example.net/", "registry.example.net", 80, "http://registry.example.net"),
        ("http://10.0.0.5:8080", "10.0.0.5", 8080, "http://10.0.0.5:8080"),
    ],
)
def test_migrate_takes_the_default_site_from_the_settings(
    db, settings, site_url, hostname, port, root_url
):
    settings.SITE_URL = site_url
    call_command("migrate", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)  # again: nothing changes
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (hostname, port, root_url)
    assert Site.objects.count() == 1


def test_the_sitemap_links_to_the_public_address(db, settings, client, practice_index):
    settings.SITE_URL = "https://registry.example.net"
    call_command("migrate", verbosity=0, interactive=False)
    body = client.get("/sitemap.xml").content.decode()
    assert "https://registry.example.net/practices/" in body
    assert "localhost" not in body


def test_deploy_check_warns_while_the_address_is_local(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://registry.example.net"
    settings.WAGTAILADMIN_BASE_URL = "https://registry.example.net"
    assert "kb.W002" not in check_ids()
    for local in (
        "http://localhost",
        "http://127.0.0.1:8000",
        "http://[::1]/",
        "http://a.localhost",
    ):
        settings.SITE_URL = local
        assert "kb.W002" in check_ids(), local
    settings.SITE_URL = "https://registry.example.net"
    settings.WAGTAILADMIN_BASE_URL = "http://localhost"
    assert "kb.W002" in check_ids()
    # A deployment check: development stays quiet.
    assert "kb.W002" not in [m.id for m in run_checks(include_deployment_checks=False)]
    settings.DEBUG = True
    assert checks.site_address_is_public(None) == []


def test_deploy_check_with_the_database_warns_while_the_site_is_local(db, settings):
    settings.DEBUG = False
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = "https://registry.example.net"
    # The migration's placeholder, not yet replaced by `migrate`.
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    assert "kb.W002" in check_ids(databases=["default"])
    call_command("migrate", verbosity=0, interactive=False)
    assert "kb.W002" not in check_ids(databases=["default"])


SHOW = (
    "from django.conf import settings as s; "
    "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.SECURE_PROXY_SSL_HEADER, s.EMAIL_TIMEOUT)"
)


def test_production_reads_the_address_the_proxy_and_the_mail_timeout_from_the_environment():
    result = production_settings(SHOW, SITE_URL="https://registry.example.net")
    assert result.returncode == 0, result.stderr
    # No proxy is trusted to say the request was HTTPS unless the operator says one does, and
    # a mail server that never answers is given up on.
    assert result.stdout.split() == [
        "https://registry.example.net",
        "https://registry.example.net",
        "None",
        "10.0",
    ]
    result = production_settings(
        SHOW,
        SITE_URL="https://registry.example.net",
        SECURE_PROXY_SSL_HEADER="true",
        EMAIL_TIMEOUT="3",
    )
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in result.stdout
    assert result.stdout.split()[-1] == "3.0"
    # Proxies the operator declared for client addresses are trusted for the scheme too.
    result = production_settings(SHOW, TRUSTED_PROXY_COUNT="1")
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in result.stdout


def test_production_deploy_check_flags_a_missing_site_address():
    check = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = production_settings(check, SITE_URL="")
    assert result.returncode != 0
    assert "kb.W002" in result.stdout + result.stderr
