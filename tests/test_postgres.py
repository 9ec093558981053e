"""Both apps on a real PostgreSQL server: schema, migrations, demo data, own tests, the API.

The bookshelf spec uses every field type, so it exercises every column type
and constraint both ORMs emit. The server is started once per session from
Debian's binaries (tests/postgres.py) and each test gets its own database.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from generator.contract_suite import servers
from generator.demo import DEMO_PASSWORD
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.apps import FRAMEWORKS
from tests.apps import app_env
from tests.apps import manage
from tests.apps import run
from tests.postgres import PostgresServer
from tests.postgres import running_postgres

pytestmark = pytest.mark.impure

SPEC = "bookshelf"
HTTP_TIMEOUT = 30
_database_numbers = itertools.count(1)


@dataclass(frozen=True)
class PgApp:
    """A private copy of one app with ``DATABASE_URL`` on its own PostgreSQL database."""

    framework: str
    app_dir: Path
    database: str
    env: dict[str, str]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session, stopped and deleted at its end."""
    with running_postgres() as server:
        yield server


def new_database(server: PostgresServer, label: str) -> tuple[str, str]:
    """A fresh database named after ``label``; (name, DATABASE_URL)."""
    name = f"{label}_{next(_database_numbers)}"
    return name, server.create_database(name)


def pg_copy(
    framework: str, rendered: Callable[[str], Path], server: PostgresServer, into: Path
) -> PgApp:
    """Copy the bookshelf app for ``framework`` and point it at a new database."""
    source = rendered(SPEC) / f"{framework}_app"
    app_dir = into / source.name
    shutil.copytree(source, app_dir)
    database, url = new_database(server, f"{SPEC}_{framework}")
    return PgApp(framework, app_dir, database, app_env(app_dir, DATABASE_URL=url))


def command(app: PgApp, django: list[str], flask: list[str]) -> list[str]:
    """The app's management command: ``manage.py <django>`` or ``flask <flask>``."""
    return [*manage(app.app_dir), *(django if app.framework == "django" else flask)]


def row_counts(server: PostgresServer, database: str) -> dict[str, int]:
    """Rows in every public table of ``database``."""
    return {
        table: int(server.psql(f'SELECT COUNT(*) FROM "{table}"', database))
        for table in server.table_names(database)
    }


def entity_tables(framework: str) -> dict[str, str]:
    """Entity name -> the table each framework stores it in."""
    project = load_spec(bundled_spec(SPEC))
    return {
        entity.name: (
            f"{project.slug}_{entity.name.lower()}" if framework == "django" else entity.table
        )
        for entity in project.entities
    }


@pytest.fixture(scope="module", params=FRAMEWORKS)
def migrated(
    request: pytest.FixtureRequest,
    rendered: Callable[[str], Path],
    postgres: PostgresServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> PgApp:
    """The bookshelf app of one framework, migrated on its own PostgreSQL database."""
    framework: str = request.param
    app = pg_copy(framework, rendered, postgres, tmp_path_factory.mktemp(f"pg-{framework}"))
    run(command(app, ["migrate", "--no-input"], ["db", "upgrade"]), app.app_dir, app.env)
    return app


def test_migrate_creates_every_entity_table(migrated: PgApp, postgres: PostgresServer) -> None:
    """Migrating on PostgreSQL creates a table for each entity of the spec."""
    tables = set(postgres.table_names(migrated.database))
    missing = {
        entity: table
        for entity, table in entity_tables(migrated.framework).items()
        if table not in tables
    }
    assert not missing, f"tables missing on PostgreSQL: {missing}; present: {sorted(tables)}"


def test_migrations_match_models(migrated: PgApp) -> None:
    """On PostgreSQL too, the models and the migrations agree."""
    run(
        command(migrated, ["makemigrations", "--check", "--dry-run"], ["db", "check"]),
        migrated.app_dir,
        migrated.env,
    )


def test_seed_demo_twice(migrated: PgApp, postgres: PostgresServer) -> None:
    """Demo data fills every entity table; seeding again changes no row count."""
    seed = command(migrated, ["seed_demo"], ["seed-demo"])
    run(seed, migrated.app_dir, migrated.env)
    first = row_counts(postgres, migrated.database)
    empty = [
        entity
        for entity, table in entity_tables(migrated.framework).items()
        if first.get(table, 0) == 0
    ]
    assert not empty, f"no demo rows on PostgreSQL for {empty}"
    run(seed, migrated.app_dir, migrated.env)
    second = row_counts(postgres, migrated.database)
    changed = {
        table: (first[table], second.get(table))
        for table in first
        if first[table] != second.get(table)
    }
    assert not changed, f"seeding twice changed row counts (first, second): {changed}"


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_own_test_suite_on_postgres(
    framework: str,
    rendered: Callable[[str], Path],
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    """The app's own tests pass with ``DATABASE_URL`` on PostgreSQL."""
    app = pg_copy(framework, rendered, postgres, tmp_path)
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        app.app_dir,
        app.env,
        timeout=900,
    )
    assert " passed" in result.stdout, f"the app ran no test:\n{result.stdout}"


@contextmanager
def gunicorn_on(app: PgApp) -> Iterator[str]:
    """Prepare the app's database (migrate + seed) and serve it with gunicorn; yield its URL.

    generator/contract_suite/servers.py serves on SQLite; this reuses its pieces with the app's own
    environment, so the server talks to PostgreSQL.
    """
    env = {**app.env, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    servers.prepare_database(app.app_dir, app.framework, env)
    port = servers.free_port()
    log = app.app_dir.parent / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            servers.gunicorn_command(app.app_dir, app.framework, port),
            cwd=app.app_dir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        servers.wait_until_answering(base_url, process, log)
        yield base_url
    finally:
        servers.stop(process)


def api_token(base_url: str, username: str) -> dict[str, str]:
    """Headers that authenticate a demo user with a token from ``POST /api/token/``."""
    response = requests.post(
        f"{base_url}/api/token/",
        json={"username": username, "password": DEMO_PASSWORD},
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 200, (
        f"token for {username}: {response.status_code} {response.text}"
    )
    return {"Authorization": f"Token {response.json()['token']}"}


def first_ids(base_url: str, plural: str, count: int) -> list[int]:
    """The ids of the first ``count`` demo rows of a collection."""
    response = requests.get(f"{base_url}/api/{plural}/", timeout=HTTP_TIMEOUT)
    assert response.status_code == 200, (
        f"GET /api/{plural}/: {response.status_code} {response.text}"
    )
    ids = sorted(row["id"] for row in response.json()["results"])
    assert len(ids) >= count, f"/api/{plural}/ has {len(ids)} rows, wanted {count}"
    return ids[:count]


NEW_BOOK = {
    "title": "Round Trip on PostgreSQL",
    "isbn": "9781234567897",
    "summary": "Written by the PostgreSQL test.",
    "published": "2024-02-03",
    "pages": 321,
    "rating": 4.5,
    "price": "12.50",
    "genre": "poetry",
    "in_print": False,
    "contact": "pg@example.com",
    "website": "https://example.com/pg",
    "released_at": "2024-02-03T04:05:06Z",
}
"""Every scalar type of the bookshelf spec, in the JSON form docs/contract.md prescribes."""


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_api_round_trip_on_postgres(
    framework: str,
    rendered: Callable[[str], Path],
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    """gunicorn on PostgreSQL: create a book through the API, read it back, find it in the list."""
    app = pg_copy(framework, rendered, postgres, tmp_path)
    project = load_spec(bundled_spec(SPEC))
    books = project.entity("Book").plural
    with gunicorn_on(app) as base_url:
        headers = api_token(base_url, "alice")
        author = first_ids(base_url, project.entity("Author").plural, 1)[0]
        tags = first_ids(base_url, project.entity("Tag").plural, 2)
        payload = {**NEW_BOOK, "author": author, "translator": None, "tags": tags[::-1]}
        created = requests.post(
            f"{base_url}/api/{books}/", json=payload, headers=headers, timeout=HTTP_TIMEOUT
        )
        assert created.status_code == 201, (
            f"POST /api/{books}/: {created.status_code} {created.text}"
        )
        body = created.json()
        expected = {
            **NEW_BOOK,
            "author": author,
            "translator": None,
            "tags": tags,
            "owner": "alice",
        }
        wrong = {
            key: (body.get(key), value) for key, value in expected.items() if body.get(key) != value
        }
        assert not wrong, f"created object differs (got, sent): {wrong}"
        detail = requests.get(f"{base_url}/api/{books}/{body['id']}/", timeout=HTTP_TIMEOUT)
        assert detail.status_code == 200 and detail.json() == body, detail.text
        listed = requests.get(
            f"{base_url}/api/{books}/", params={"search": NEW_BOOK["title"]}, timeout=HTTP_TIMEOUT
        )
        assert listed.status_code == 200, listed.text
        assert [row["id"] for row in listed.json()["results"]] == [body["id"]], listed.text
    table = entity_tables(framework)["Book"]
    rows = postgres.psql(
        f"SELECT COUNT(*) FROM \"{table}\" WHERE isbn = '{NEW_BOOK['isbn']}'", app.database
    )
    assert rows == "1", f"the created book is not in PostgreSQL (rows: {rows!r})"
