"""The Django web system: settings, URLs, WSGI, and the ``tumbuh demo/serve/manage`` commands."""
