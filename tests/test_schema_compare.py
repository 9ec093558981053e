"""After the first migration, the Django and the Flask database hold the same schema.

Both apps of a spec are migrated (SQLite and PostgreSQL), both databases are
reflected with SQLAlchemy's inspector, and ``tests.schema_compare`` compares
them with the ORMs' deliberate differences named and normalised away.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import note
from hypothesis import settings

from generator.normalise import build_project
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from tests.apps import EXAMPLE_SPECS
from tests.apps import app_env
from tests.apps import manage
from tests.apps import run
from tests.postgres import PostgresServer
from tests.postgres import running_postgres
from tests.schema_compare import assert_same_schema
from tests.schema_compare import compare
from tests.schema_compare import describe
from tests.strategies import valid_specs

pytestmark = pytest.mark.slow

_numbers = itertools.count()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for this module."""
    with running_postgres() as server:
        yield server


def migrate(app_dir: Path, database_url: str) -> None:
    """The app's own first migration: ``migrate`` or ``flask db upgrade``."""
    env = app_env(app_dir, DATABASE_URL=database_url)
    if (app_dir / "manage.py").exists():
        run([*manage(app_dir), "migrate", "--no-input"], app_dir, env, timeout=300)
    else:
        run([*manage(app_dir), "db", "upgrade"], app_dir, env, timeout=300)


def database_urls(database: str, scratch: Path, server: PostgresServer | None) -> dict[str, str]:
    """A fresh database per framework: SQLite files in ``scratch``, or PostgreSQL ones."""
    if server is None:
        return {name: f"sqlite:///{scratch / f'{name}.sqlite3'}" for name in ("django", "flask")}
    number = next(_numbers)
    return {name: server.create_database(f"schema_{name}_{number}") for name in ("django", "flask")}


def migrate_both(raw: dict[str, Any], scratch: Path, urls: dict[str, str]) -> None:
    for app_dir in render_apps(raw, scratch / "out", force=True):
        migrate(app_dir, urls[app_dir.name.removesuffix("_app")])


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
@pytest.mark.parametrize("spec", EXAMPLE_SPECS)
def test_bundled_spec_gives_the_same_schema(
    spec: str, database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server = request.getfixturevalue("postgres") if database == "postgresql" else None
    raw = load_raw_spec(bundled_spec(spec))
    urls = database_urls(database, tmp_path, server)
    migrate_both(raw, tmp_path, urls)
    assert_same_schema(urls["django"], urls["flask"], build_project(raw))


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_random_specs_give_the_same_schema(database: str, request: pytest.FixtureRequest) -> None:
    server = request.getfixturevalue("postgres") if database == "postgresql" else None

    @settings(
        max_examples=3,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(raw=valid_specs())
    def check(raw: dict[str, Any]) -> None:
        note(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
        with tempfile.TemporaryDirectory(prefix="diptych-schema-") as scratch:
            urls = database_urls(database, Path(scratch), server)
            migrate_both(raw, Path(scratch), urls)
            assert_same_schema(urls["django"], urls["flask"], build_project(raw))

    check()


def test_a_difference_fails_with_a_readable_diff(tmp_path: Path) -> None:
    """A column Flask lacks shows up as one ``-`` line naming table, column and type."""
    raw = load_raw_spec(bundled_spec("todo"))
    urls = database_urls("sqlite", tmp_path, None)
    migrate_both(raw, tmp_path, urls)
    project = build_project(raw)
    entity = project.entities[0]
    field = entity.scalar_fields[0]
    flask = describe(urls["flask"], project, "flask")
    dropped = [line for line in flask if f"column {field.column} " not in line]
    diff = compare(describe(urls["django"], project, "django"), dropped)
    removed = [line for line in diff.splitlines() if line.startswith("-") and "---" not in line]
    assert [line[1:] for line in removed] == [line for line in flask if line not in dropped]
    assert removed[0].startswith(f"-{entity.table}: column {field.column} ")
