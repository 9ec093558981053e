"""``diptych demo``: render a spec and serve its Django and Flask apps side by side.

Each app gets its own SQLite file, is migrated and seeded with the demo data
by its own command-line tool, then served by gunicorn in a subprocess (with
the current interpreter). Ctrl-C stops both servers and waits for them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import click

from .errors import DiptychError
from .spec import bundled_spec
from .spec import load_raw_spec
from .spec import load_spec

HOST = "127.0.0.1"
DEMO_USERS = ("admin", "alice", "bob")
DEMO_PASSWORD = "demo-password"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class App:
    """How to prepare and serve one rendered app."""

    name: str
    directory: Path
    setup: tuple[tuple[str, ...], ...]
    server: tuple[str, ...]
    env: dict[str, str]


def port_free(port: int, host: str = HOST) -> bool:
    """True when nothing listens on ``host:port``, so a server could bind it.

    SO_REUSEADDR as servers set it: connections of an earlier run still in
    TIME_WAIT do not make the port busy.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def reusable(out: Path) -> bool:
    """``out`` may be replaced: absent, empty, or an earlier render (apps or comparison)."""
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    known = {"django_app", "flask_app", "comparison.html", "COMPARISON.md"}
    names = {path.name for path in out.iterdir()}
    if not names:
        return True
    ours = all(name in known or name.endswith(".sqlite3") for name in names)
    return ours and bool(names & known)


def app_env(directory: Path, database: Path, **extra: str) -> dict[str, str]:
    """The environment of one app: its own database, development settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FLASK_"))}
    env.pop("PYTHONPATH", None)
    env.update(
        DATABASE_URL=f"sqlite:///{database.resolve()}",
        DEBUG="1",
        SECRET_KEY="diptych-demo-secret-key-not-for-production",
        SECURE_COOKIES="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(directory),
    )
    env.update(extra)
    return env


def apps(out: Path, slug: str, django_port: int, flask_port: int) -> list[App]:
    """The Django and the Flask app of a render in ``out``, ready to set up and serve."""
    python = sys.executable
    django_dir, flask_dir = out / "django_app", out / "flask_app"
    manage = (python, "manage.py")
    flask = (python, "-m", "flask", "--app", slug)
    gunicorn = (python, "-m", "gunicorn", "--workers", "2", "--access-logfile", "-")
    return [
        App(
            "Django",
            django_dir,
            ((*manage, "migrate", "--no-input"), (*manage, "seed_demo")),
            (*gunicorn, "--bind", f"{HOST}:{django_port}", f"{slug}_site.wsgi"),
            app_env(django_dir, out / "django.sqlite3"),
        ),
        App(
            "Flask",
            flask_dir,
            ((*flask, "db", "upgrade"), (*flask, "seed-demo")),
            (*gunicorn, "--bind", f"{HOST}:{flask_port}", f"{slug}:create_app()"),
            app_env(flask_dir, out / "flask.sqlite3"),
        ),
    ]


class DemoError(DiptychError):
    """A step of the demo failed; the message holds the command and its output."""


def set_up(app: App) -> None:
    """Run the app's migrate and seed commands, failing with their output."""
    for command in app.setup:
        result = subprocess.run(
            command, cwd=app.directory, env=app.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise DemoError(
                f"{app.name}: {' '.join(command[1:])} exited {result.returncode}\n"
                f"{result.stdout}{result.stderr}"
            )


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Return once ``port`` accepts connections; fail if the server exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(f"the server on port {port} exited with status {process.returncode}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise DemoError(f"the server on port {port} did not start within {timeout:.0f} s")


def stop(processes: Sequence[subprocess.Popen[bytes]], timeout: float = 10) -> None:
    """Ask every server to stop (SIGTERM: gunicorn's graceful shutdown), then wait."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(servers: list[tuple[App, int]]) -> None:
    """Start both servers, print where they are, and block until SIGINT or SIGTERM."""
    processes: list[subprocess.Popen[bytes]] = []
    stopping = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for app, _ in servers:
            # own process group: the terminal's Ctrl-C reaches us, and we stop them in order
            processes.append(
                subprocess.Popen(app.server, cwd=app.directory, env=app.env, start_new_session=True)
            )
        for (_, port), process in zip(servers, processes, strict=True):
            wait_for_port(port, process, START_TIMEOUT)
        for app, port in servers:
            click.echo(f"{app.name:<7} http://{HOST}:{port}/   admin: http://{HOST}:{port}/admin/")
        click.echo(f"Logins: {', '.join(DEMO_USERS)} (admin is staff); password {DEMO_PASSWORD}")
        click.echo("Press Ctrl-C to stop both servers.")
        while not stopping:
            if any(process.poll() is not None for process in processes):
                raise DemoError("a server stopped unexpectedly; see its output above")
            time.sleep(0.2)
    finally:
        stop(processes)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("Stopped both servers.")


@click.command("demo")
@click.argument(
    "spec", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Render here (replacing an earlier render) instead of a temporary folder.",
)
@click.option("--django-port", type=int, default=8000, show_default=True)
@click.option("--flask-port", type=int, default=5000, show_default=True)
def demo_command(spec: Path | None, out: Path | None, django_port: int, flask_port: int) -> None:
    """Render SPEC (default: the bundled blog), load demo data and serve both apps."""
    from .rendering import render_apps

    spec = spec or bundled_spec("blog")
    busy = [port for port in (django_port, flask_port) if not port_free(port)]
    if django_port == flask_port or busy:
        taken = busy or [django_port]
        click.secho(
            f"Port {', '.join(map(str, taken))} is already in use (or both apps were given "
            "the same port); stop what runs there or choose others with --django-port / "
            "--flask-port.",
            fg="red",
            err=True,
        )
        sys.exit(2)
    if out is not None and not reusable(out):
        click.secho(
            f"{out} holds files that are not a diptych render; the demo replaces its "
            "--out folder, so give an empty or new folder, or an earlier render.",
            fg="red",
            err=True,
        )
        sys.exit(2)
    try:
        project = load_spec(spec)
        with tempfile.TemporaryDirectory(prefix="diptych-demo-") as temporary:
            target = out or Path(temporary) / "render"
            click.echo(f"Rendering {spec} into {target} ...")
            render_apps(load_raw_spec(spec), target, force=True)
            servers = apps(target.resolve(), project.slug, django_port, flask_port)
            for app in servers:
                click.echo(f"{app.name}: migrating and loading demo data ...")
                set_up(app)
            serve(list(zip(servers, (django_port, flask_port), strict=True)))
    except KeyboardInterrupt:
        # Ctrl-C before the servers started (while rendering or migrating)
        click.echo("Interrupted; nothing is running.", err=True)
        sys.exit(130)
    except DiptychError as error:
        click.secho(str(error), fg="red", err=True)
        sys.exit(1 if isinstance(error, DemoError) else 2)
