"""WSGI entry point (used by `buzon servir`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
application = get_wsgi_application()
