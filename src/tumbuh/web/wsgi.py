"""WSGI entry point: served by waitress (`tumbuh serve`) or gunicorn (deploy/gunicorn.conf.py).

Once the app is loaded (Django, numpy, polars, the growth engine, every view through the
URLconf), the objects made so far live as long as the process: they are frozen out of the
garbage collector's reach. Each full collection otherwise scanned about 280,000 of them, 100 to
150 ms added to whichever request set it off (on a kabupaten's pages, one request in a few);
frozen, a full collection takes about 10 ms.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view now, not at the first request
gc.collect()
gc.freeze()
