"""Concurrent writers against both apps under gunicorn with several workers.

Threads create posts with their tags, update and delete them at the same time,
on SQLite (WAL, busy timeout; Django's IMMEDIATE transactions) and on
PostgreSQL. Every answer must be a success (no 5xx, no "database is locked"),
and every created post must come back whole: its tags saved with it (each
request is one transaction), nothing half-written.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import requests

from generator.bench.running import Server
from generator.bench.running import gunicorn
from generator.bench.running import stop
from generator.contract_suite.client import csrf_fields
from generator.contract_suite.servers import prepare_database
from generator.contract_suite.servers import server_env
from generator.contract_suite.servers import wsgi_target
from generator.demo import DEMO_PASSWORD
from tests.apps import FRAMEWORKS
from tests.postgres import PostgresServer
from tests.postgres import running_postgres

pytestmark = [pytest.mark.impure, pytest.mark.slow]

WORKERS = 3
WRITERS = 8
POSTS_PER_WRITER = 8
DEMO_POSTS = 3
SIGN_UP_ROUNDS = 6
_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"writers_{next(_numbers)}")


@pytest.fixture(params=FRAMEWORKS)
def server(
    request: pytest.FixtureRequest, rendered, database: str, tmp_path: Path
) -> Iterator[Server]:
    app_dir = rendered("blog") / f"{request.param}_app"
    env = server_env(app_dir, tmp_path / "unused.sqlite3") | {"DATABASE_URL": database}
    prepare_database(app_dir, request.param, env)
    running = gunicorn(
        app_dir,
        wsgi_target(app_dir, request.param),
        env,
        WORKERS,
        "/api/posts/",
        tmp_path / "gunicorn.log",
    )
    yield running
    stop(running.process)


def write_posts(base_url: str, token: str, writer: int) -> list[tuple[str, int, int | None]]:
    """Create posts with two tags, update each, delete every other one; (what, status, id)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    answers = []
    for n in range(POSTS_PER_WRITER):
        body = {
            "title": f"Writer {writer} post {n}",
            "slug": f"writer-{writer}-post-{n}",
            "body": "Written under contention.",
            "status": "published",
            "category": 1,
            "tags": [1, 2],
        }
        made = session.post(f"{base_url}/api/posts/", json=body, timeout=60)
        pk = made.json().get("id") if made.status_code == 201 else None
        answers.append(("create", made.status_code, pk))
        if pk is None:
            continue
        changed = session.patch(
            f"{base_url}/api/posts/{pk}/", json={"tags": [2, 3], "title": "Changed"}, timeout=60
        )
        answers.append(("update", changed.status_code, pk))
        if n % 2:
            gone = session.delete(f"{base_url}/api/posts/{pk}/", timeout=60)
            answers.append(("delete", gone.status_code, pk))
    return answers


def test_concurrent_writers_get_no_errors_and_leave_no_half_written_rows(server: Server) -> None:
    base = server.base_url
    token = requests.post(
        f"{base}/api/token/", json={"username": "alice", "password": DEMO_PASSWORD}, timeout=60
    ).json()["token"]
    with ThreadPoolExecutor(WRITERS) as pool:
        results = [
            answer
            for answers in pool.map(lambda w: write_posts(base, token, w), range(WRITERS))
            for answer in answers
        ]
    expected = {"create": 201, "update": 200, "delete": 204}
    failures = [(what, status) for what, status, _ in results if status != expected[what]]
    assert failures == [], server.log.read_text()[-3000:]
    assert sum(what == "create" for what, _, _ in results) == WRITERS * POSTS_PER_WRITER

    # SQLite reuses the highest id once its row is deleted: follow the kept rows by id
    deleted = [pk for what, _, pk in results if what == "delete"]
    kept = {pk for what, _, pk in results if what == "create"} - set(deleted)
    for pk in kept:
        post = requests.get(f"{base}/api/posts/{pk}/", timeout=30).json()
        assert (post["title"], post["tags"]) == ("Changed", [2, 3]), post
    listed = requests.get(f"{base}/api/posts/", timeout=30).json()
    assert listed["count"] == DEMO_POSTS + len(results_of(results, "create")) - len(deleted)


def results_of(results: list[tuple[str, int, int | None]], what: str) -> list[int | None]:
    return [pk for kind, _, pk in results if kind == what]


def race_sign_ups(base_url: str, spellings: list[str]) -> list[int]:
    """Sign up each spelling from its own browser, all posted at the same moment."""
    browsers = [requests.Session() for _ in spellings]
    forms = [csrf_fields(b.get(f"{base_url}/accounts/signup/", timeout=30).text) for b in browsers]
    start = threading.Barrier(len(spellings))

    def sign_up(spelling: str, browser: requests.Session, csrf: dict[str, str]) -> int:
        password = "a-long-unusual-passphrase"
        data = {"username": spelling, "password1": password, "password2": password, **csrf}
        start.wait()
        url = f"{base_url}/accounts/signup/"
        return browser.post(url, data=data, timeout=60, allow_redirects=False).status_code

    with ThreadPoolExecutor(len(spellings)) as pool:
        return list(pool.map(sign_up, spellings, browsers, forms))


def users_named(database: str, table: str, name: str) -> int:
    """How many rows of the user table have this username in any case."""
    query = f'SELECT count(*) FROM "{table}" WHERE lower(username) = lower(%s)'
    if database.startswith("sqlite"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
            return db.execute(query.replace("%s", "?"), (name,)).fetchone()[0]
    with psycopg.connect(database) as db:
        return db.execute(query, (name,)).fetchone()[0]


def test_concurrent_sign_ups_of_one_name_in_two_cases_leave_one_user(
    request: pytest.FixtureRequest, server: Server, database: str
) -> None:
    """The forms check first, so only a unique index on lower(username) stops the race."""
    table = "blog_user" if request.node.callspec.params["server"] == "django" else "user"
    for round_ in range(SIGN_UP_ROUNDS):
        name = f"Racer{round_}"

        statuses = race_sign_ups(server.base_url, [name, name.lower()])

        assert sorted(statuses) == [200, 302], server.log.read_text()[-3000:]
        assert users_named(database, table, name) == 1
