import json
import logging
import logging.config
import os
import subprocess
import sys

import pytest

from bookshelf_site.log import JSON_LOGGING
from bookshelf_site.log import JSONFormatter


@pytest.fixture
def json_logs(capsys):
    """Return the JSON lines written so far; the root logger is restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield lambda: [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    root.handlers[:] = handlers
    root.setLevel(level)


def test_log_format_json_selects_the_json_logging():
    code = (
        "from django.conf import settings; "
        "from bookshelf_site.log import JSON_LOGGING; "
        "print(settings.LOGGING == JSON_LOGGING, settings.LOGGING_CONFIG)"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "SECRET_KEY": "k"}
    env["DJANGO_SETTINGS_MODULE"] = "bookshelf_site.settings"
    command = [sys.executable, "-c", code]
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == ["True", "logging.config.dictConfig"]


@pytest.mark.django_db
def test_a_request_error_is_one_json_line_with_its_request(client, json_logs):
    logging.config.dictConfig(JSON_LOGGING)
    assert client.get("/no-such-page/").status_code == 404

    (event,) = json_logs()
    assert (event["level"], event["logger"]) == ("WARNING", "django.request")
    assert (event["method"], event["path"]) == ("GET", "/no-such-page/")
    assert event["status"] == 404


def test_a_traceback_is_kept_in_the_line(json_logs):
    logging.config.dictConfig(JSON_LOGGING)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        logging.getLogger("django.request").exception("Internal Server Error: /x")

    (event,) = json_logs()
    assert event["level"] == "ERROR"
    assert "ZeroDivisionError" in event["exception"]


def test_a_gunicorn_request_line_becomes_fields():
    atoms = {"h": "10.0.0.1", "m": "POST", "U": "/api/x/", "q": "", "s": "201"}
    atoms |= {"B": 12, "M": 3, "a": "curl"}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s", (atoms,), None
    )

    event = json.loads(JSONFormatter().format(record))

    assert event["message"] == "POST /api/x/"
    assert (event["method"], event["path"], event["status"]) == ("POST", "/api/x/", 201)
    assert (event["remote"], event["duration_ms"]) == ("10.0.0.1", 3)
