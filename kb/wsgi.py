import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.production")

application = get_wsgi_application()

# What the process has loaded by now (Django, Wagtail, the project: about 170,000 objects) lives
# as long as the process. Out of the collector's sight, a full collection no longer walks it
# every few dozen requests (about 0.2 s each on a small server, a pause in the middle of a
# search), and processes forked from this one keep sharing its memory pages.
gc.freeze()
