"""gunicorn's settings in production: https://docs.gunicorn.org/en/stable/settings.html"""

import os

from bookshelf_site.log import JSON_LOGGING

wsgi_app = "bookshelf_site.wsgi"
# PORT and WEB_CONCURRENCY are the names container platforms set
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# one key=value line per request on stdout, where container platforms collect logs
accesslog = "-"
access_log_format = 'remote=%(h)s method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s user_agent="%(a)s"'
if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines as JSON too, as the app writes its own
    logconfig_dict = JSON_LOGGING
