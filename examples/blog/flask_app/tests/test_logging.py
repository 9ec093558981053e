import json
import logging

import pytest

from blog import create_app
from blog.log import JSONFormatter


@pytest.fixture
def json_logs(capsys):
    """Return the JSON lines written so far; the root logger is restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield lambda: [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    root.handlers[:] = handlers
    root.setLevel(level)


def test_an_error_is_one_json_line_with_its_request_and_traceback(config, json_logs):
    app = create_app({**config, "LOG_FORMAT": "json", "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        return 1 / 0

    assert app.test_client().get("/boom").status_code == 500

    (event,) = json_logs()
    assert event["level"] == "ERROR"
    assert (event["method"], event["path"]) == ("GET", "/boom")
    assert "ZeroDivisionError" in event["exception"]


def test_the_text_format_configures_nothing(config, json_logs):
    handlers = logging.getLogger().handlers[:]
    app = create_app(config)
    app.logger.warning("plain")

    assert logging.getLogger().handlers == handlers
    assert json_logs() == []


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
