"""The site runs without the elasticsearch extra installed when it is not configured."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
sys.modules["elasticsearch"] = None  # any import of it raises ImportError
import django
django.setup()
import kb.urls, search.views, search.suggestions, search.signals, search.tasks, search.health
import search.engines.database_suggestions, search.engines.errors
from django.core.management import call_command
call_command("check")
from search.service import get_engine
print(type(get_engine()).__name__)
"""


def test_the_site_needs_no_elasticsearch_client_on_the_database_engine():
    env = {"DJANGO_SETTINGS_MODULE": "kb.settings.test", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("DatabaseEngine")
