"""A throwaway PostgreSQL server: initdb, pg_ctl start on 127.0.0.1, one database per use.

``diptych bench --db postgresql`` runs both apps on one; the tests
(``tests/postgres.py``) import it from here, so there is one copy of this logic.

PostgreSQL refuses to run as root, so when we run as root (CI does) every
server command runs as the ``postgres`` system user, which Debian's
``postgresql`` package creates, inside a directory that user owns.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .running import HOST
from .running import BenchError
from .running import free_port

PG_VERSIONS = ("17", "16", "15")
"""Debian's server binaries live in /usr/lib/postgresql/<major>/bin; newest first."""
SERVER_USER = "postgres"
SUPERUSER = "postgres"
START_TIMEOUT = 60


class PostgresUnavailable(BenchError):
    """The server binaries or the system user are missing: install Debian's postgresql."""


class PostgresFailed(BenchError):
    """A server command failed; the message holds the command and its output."""


@dataclass(frozen=True)
class PostgresServer:
    """A running server; ``url(db)`` is a DATABASE_URL both apps understand."""

    bin_dir: Path
    root: Path
    port: int
    host: str = HOST

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        """``postgresql://postgres@127.0.0.1:<port>/<database>`` (trust auth, no password)."""
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one SQL statement with ``psql``; its output, or a PostgresFailed."""
        command = [
            str(self.bin_dir / "psql"),
            *("-h", self.host, "-p", str(self.port), "-U", SUPERUSER, "-d", database),
            *("-v", "ON_ERROR_STOP=1", "-At", "-c", sql),
        ]
        return _run(command, "psql").stdout.strip()

    def create_database(self, name: str) -> str:
        """Create an empty database; its DATABASE_URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a plain database name: {name!r}")
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def table_names(self, database: str) -> list[str]:
        """Tables in the public schema of ``database``."""
        rows = self.psql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database
        )
        return rows.split()

    def version(self) -> str:
        """The server's version, e.g. ``17.6``."""
        return self.psql("SHOW server_version").split()[0]


def find_bin_dir() -> Path:
    """The directory of Debian's PostgreSQL server binaries (``initdb``, ``pg_ctl``)."""
    for version in PG_VERSIONS:
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    raise PostgresUnavailable(
        "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; "
        "run `bash .ci/setup` (apt-get install postgresql)"
    )


def _as_server_user() -> list[str]:
    """The prefix that runs a command as the ``postgres`` user when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError as exc:
        raise PostgresUnavailable(
            f"running as root and there is no {SERVER_USER!r} user to run the server as; "
            "Debian's postgresql package creates it"
        ) from exc
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root and `runuser` (util-linux) is missing")
    return [runuser, "-u", SERVER_USER, "--"]


def _run(
    command: list[str], what: str, timeout: float = START_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise PostgresFailed(
            f"{what} exited {result.returncode}: {' '.join(command)}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


def _make_root() -> Path:
    """A private directory the server user owns (outside pytest's root-only tmp dirs)."""
    # as root, /tmp rather than $TMPDIR: the server user must be able to reach the folder
    parent = "/tmp" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="diptych-pg-", dir=parent))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(SERVER_USER)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    return root


def start_server(*, durable: bool = False) -> PostgresServer:
    """initdb a new cluster and start it on 127.0.0.1 and a free port; wait until it is ready.

    Tests want speed: without ``durable`` the server never fsyncs. The bench
    measures writes as production pays them, so it asks for a ``durable`` server.
    """
    bin_dir = find_bin_dir()
    prefix = _as_server_user()
    root = _make_root()
    server = PostgresServer(bin_dir=bin_dir, root=root, port=free_port())
    options = f"-h {server.host} -p {server.port} -k {root} -c max_connections=200"
    if not durable:
        options += " -F -c fsync=off"
    try:
        _run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                *("-D", str(server.data_dir), "-U", SUPERUSER, "--auth=trust"),
                *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            ],
            "initdb",
        )
        _run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                *("-D", str(server.data_dir), "-o", options),
                *("-l", str(root / "server.log"), "-w", "-t", str(START_TIMEOUT), "start"),
            ],
            "pg_ctl start",
            timeout=START_TIMEOUT + 10,
        )
    except PostgresFailed as exc:
        log = root / "server.log"
        detail = log.read_text(errors="replace") if log.exists() else "(no server log)"
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresFailed(f"{exc}\n--- server.log\n{detail}") from None
    return server


def stop_server(server: PostgresServer) -> None:
    """Stop the server at once (``-m immediate``) and remove its files."""
    try:
        _run(
            [
                *_as_server_user(),
                str(server.bin_dir / "pg_ctl"),
                *("-D", str(server.data_dir), "-m", "immediate", "-w", "stop"),
            ],
            "pg_ctl stop",
        )
    finally:
        shutil.rmtree(server.root, ignore_errors=True)


@contextmanager
def running_postgres(*, durable: bool = False) -> Iterator[PostgresServer]:
    """A PostgreSQL server for the length of the ``with`` block."""
    server = start_server(durable=durable)
    try:
        yield server
    finally:
        stop_server(server)
