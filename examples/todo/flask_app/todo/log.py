"""One JSON object per log line with LOG_FORMAT=json: for create_app() and gunicorn."""

import json
import logging
from datetime import UTC
from datetime import datetime

from flask import has_request_context
from flask import request

# gunicorn's access log atoms, by the names the app's own lines use
ACCESS_FIELDS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "user_agent",
}


class JSONFormatter(logging.Formatter):
    """A record as one JSON line: time, level, logger, message, request, traceback."""

    def format(self, record):
        event = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            event.update(
                {name: atoms.get(atom) for atom, name in ACCESS_FIELDS.items()}
            )
            event["status"] = int(atoms["s"])
        # an error inside a request (Flask logs "Exception on ...") says which one
        if has_request_context():
            event.update(method=request.method, path=request.path)
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, default=str)


# every line on stdout: the root logger's handler, which the loggers of the
# framework and of gunicorn hand their records to
JSON_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JSONFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        name: {"handlers": [], "level": "INFO", "propagate": True}
        for name in ("gunicorn.access", "gunicorn.error")
    },
}
