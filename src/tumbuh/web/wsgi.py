"""WSGI entry point (served by waitress, static files by whitenoise)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
application = get_wsgi_application()
