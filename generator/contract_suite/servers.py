"""Serve a rendered app with gunicorn on a temporary SQLite database, for HTTP tests.

``serve_app`` migrates a fresh database, loads the demo data, starts gunicorn
on a free local port and yields the base URL; when the ``with`` block ends the
server is stopped (SIGTERM, then SIGKILL if it lingers). A server that cannot
start fails loudly, with its own output.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.contract_suite.apps import app_env
from generator.contract_suite.apps import manage
from generator.contract_suite.apps import package_name
from generator.contract_suite.apps import run

START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
THREADS = 4


class ServerError(AssertionError):
    """The app could not be prepared or did not start answering in time."""


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(app_dir: Path, database: Path) -> dict[str, str]:
    """The app's environment: production settings on a private SQLite file."""
    return app_env(
        app_dir,
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="0",
    )


def prepare_database(app_dir: Path, framework: str, env: dict[str, str]) -> None:
    """Create the schema and load the demo data with the app's own commands."""
    tool = manage(app_dir)
    if framework == "django":
        steps = [["migrate", "--noinput"], ["seed_demo"]]
    else:
        steps = [["db", "upgrade"], ["seed-demo"]]
    for step in steps:
        run([*tool, *step], cwd=app_dir, env=env, timeout=180)


def wsgi_target(app_dir: Path, framework: str) -> str:
    """What gunicorn serves: the Django project's wsgi module, or Flask's factory."""
    slug = package_name(app_dir)
    return f"{slug}_site.wsgi" if framework == "django" else f"{slug}:create_app()"


def gunicorn_command(app_dir: Path, framework: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--threads",
        str(THREADS),
        "--graceful-timeout",
        "5",
        wsgi_target(app_dir, framework),
    ]


@contextmanager
def serve_app(app_dir: Path, framework: str, port: int | None = None) -> Iterator[str]:
    """Run ``app_dir`` under gunicorn on a fresh database; yield ``http://127.0.0.1:PORT``."""
    app_dir = Path(app_dir).resolve()
    with tempfile.TemporaryDirectory(prefix=f"diptych-{framework}-") as scratch:
        work = Path(scratch)
        env = server_env(app_dir, work / "db.sqlite3")
        prepare_database(app_dir, framework, env)
        port = port or free_port()
        log = work / "gunicorn.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                gunicorn_command(app_dir, framework, port),
                cwd=app_dir,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_answering(base_url, process, log)
            yield base_url
        finally:
            stop(process)


def wait_until_answering(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the server until any HTTP answer arrives; fail with its log otherwise."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"gunicorn exited {process.returncode} before answering\n{log.read_text()}"
            )
        if answers(base_url):
            return
        time.sleep(0.1)
    stop(process)
    raise ServerError(f"gunicorn did not answer within {START_TIMEOUT:.0f}s\n{log.read_text()}")


def answers(base_url: str) -> bool:
    """The server answered an HTTP request (with any status).

    It asks ``/healthz``, the cheapest page of the contract: drf-spectacular builds
    ``/api/openapi.json`` on every request, which takes seconds on a busy machine.
    """
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, wait, then SIGKILL: never leave a server behind."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)
