"""A spec that changes: copier update, then the framework's own next migration, on real data.

Each case lives a project's life as a user would, for both frameworks at once:
``copier copy`` the blog spec from a tagged template repository, ``git init``,
migrate and seed the demo data, edit a file, change the spec and ``copier
update``, then ``makemigrations`` / ``flask db migrate`` and the upgrade of the
seeded database, the app's own tests and ruff, and finally the schema
comparison of the Django and the Flask database (``tests.schema_compare``).

By default a few representative cases run; ``--full`` (or ``DIPTYCH_FULL=1``)
runs every change on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import itertools
import re
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from generator.normalise import build_project
from generator.spec import bundled_spec
from tests.apps import app_env
from tests.apps import manage
from tests.apps import run
from tests.postgres import PostgresServer
from tests.postgres import running_postgres
from tests.schema_compare import assert_same_schema
from tests.schema_compare import describe
from tests.schema_compare import engine_url
from tests.schema_compare import table_names
from tests.test_copier import commit_project
from tests.test_copier import copier
from tests.test_copier import git
from tests.test_copier import template_repo  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.slow, pytest.mark.impure]

FRAMEWORKS = ("django", "flask")
USER_NOTE = "Our team's notes: keep this line."
_numbers = itertools.count()

Spec = dict[str, Any]


def fields(spec: Spec, entity: str) -> dict[str, Any]:
    return spec["entities"][entity]["fields"]


def add_optional_fields(spec: Spec) -> None:
    """One optional field of every scalar type on an entity that has rows."""
    fields(spec, "Comment").update(
        note={"type": "string", "max_length": 80, "required": False},
        details={"type": "text", "required": False},
        votes={"type": "integer", "required": False},
        weight={"type": "float", "required": False},
        price={"type": "decimal", "max_digits": 6, "decimal_places": 2, "required": False},
        pinned={"type": "boolean"},
        due={"type": "date", "required": False},
        edited_at={"type": "datetime", "required": False},
        contact={"type": "email", "required": False},
        website={"type": "url", "required": False},
        mood={"type": "choice", "choices": ["happy", "sad"], "required": False},
        starts={"type": "time", "required": False},
        extra={"type": "json", "required": False},
    )


def add_required_with_default(spec: Spec) -> None:
    """Quotes in a string default, at its end too: Alembic's own rendering drops that one."""
    fields(spec, "Comment").update(
        score={"type": "integer", "default": 0},
        kind={"type": "string", "max_length": 20, "default": "it's a 'note'"},
    )


def add_entity(spec: Spec) -> None:
    spec["entities"]["Series"] = {
        "plural": "series-list",
        "fields": {"name": {"type": "string", "max_length": 80}},
    }


def add_fk_and_m2m(spec: Spec) -> None:
    fields(spec, "Comment").update(
        category={"type": "fk", "to": "Category", "required": False, "on_delete": "set_null"},
        tags={"type": "m2m", "to": "Tag", "required": False},
    )


def change_max_length(spec: Spec) -> None:
    fields(spec, "Post")["title"]["max_length"] = 250


def change_choices(spec: Spec) -> None:
    fields(spec, "Post")["status"]["choices"] = ["draft", "published", "archived"]


def add_unique(spec: Spec) -> None:
    fields(spec, "Post")["title"]["unique"] = True


def remove_field(spec: Spec) -> None:
    del fields(spec, "Post")["published_at"]


def rename_plural(spec: Spec) -> None:
    spec["entities"]["Category"]["plural"] = "topics"


def make_optional(spec: Spec) -> None:
    """A required text (it gains a server default ``''``) and a required fk (it gains NULL)."""
    fields(spec, "Comment")["body"]["required"] = False
    fields(spec, "Comment")["post"]["required"] = False


def change_default(spec: Spec) -> None:
    fields(spec, "Post")["status"]["default"] = "published"
    fields(spec, "Comment")["approved"]["default"] = True


def remove_entity(spec: Spec) -> None:
    """Comment, which nothing points at: its table goes, its rows with it."""
    del spec["entities"]["Comment"]


def all_together(spec: Spec) -> None:
    """Every change at once, except removing Comment, which the others change."""
    for change in CHANGES.values():
        if change not in (all_together, remove_entity):
            change(spec)


CHANGES: dict[str, Callable[[Spec], None]] = {
    "optional-fields": add_optional_fields,
    "required-with-default": add_required_with_default,
    "new-entity": add_entity,
    "fk-and-m2m": add_fk_and_m2m,
    "max-length": change_max_length,
    "choices": change_choices,
    "unique": add_unique,
    "remove-field": remove_field,
    "rename-plural": rename_plural,
    "make-optional": make_optional,
    "change-default": change_default,
    "remove-entity": remove_entity,
    "all-together": all_together,
}
REPRESENTATIVE = {
    ("all-together", "sqlite"),
    ("all-together", "postgresql"),
    ("optional-fields", "sqlite"),
    ("fk-and-m2m", "postgresql"),
}
DATABASES = ("sqlite", "postgresql")


def _cases() -> list[Any]:
    return [
        pytest.param(
            change,
            database,
            id=f"{change}-{database}",
            marks=[] if (change, database) in REPRESENTATIVE else [pytest.mark.full],
        )
        for change, database in itertools.product(CHANGES, DATABASES)
    ]


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for this module."""
    with running_postgres() as server:
        yield server


@dataclass
class Project:
    """A project made by ``copier copy``, with its database outside the work tree."""

    framework: str
    path: Path
    database_url: str

    @property
    def env(self) -> dict[str, str]:
        return app_env(self.path, DATABASE_URL=self.database_url)

    def tool(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run([*manage(self.path), *args], self.path, self.env, timeout=600)

    def tool_result(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*manage(self.path), *args],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def migrate(self) -> None:
        if self.framework == "django":
            self.tool("migrate", "--no-input")
        else:
            self.tool("db", "upgrade")

    def seed(self) -> None:
        self.tool("seed_demo" if self.framework == "django" else "seed-demo")

    def make_migration(self) -> subprocess.CompletedProcess[str]:
        if self.framework == "django":
            return self.tool_result("makemigrations", "--no-input")
        return self.tool_result("db", "migrate", "-m", "spec change")

    def upgrade(self) -> subprocess.CompletedProcess[str]:
        if self.framework == "django":
            return self.tool_result("migrate", "--no-input")
        return self.tool_result("db", "upgrade")


def database_url(tmp_path: Path, framework: str, server: PostgresServer | None) -> str:
    if server is None:
        return f"sqlite:///{tmp_path / f'{framework}.sqlite3'}"
    return server.create_database(f"evolution_{framework}_{next(_numbers)}")


def start_project(template: Path, tmp_path: Path, framework: str, spec: Spec, url: str) -> Project:
    """``copier copy`` v1, ``git init``, migrate, seed, edit two files, commit."""
    spec_file = tmp_path / "spec-v1.yml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    path = tmp_path / framework
    copier(
        "copy", "--trust", "--defaults", "--data", f"framework={framework}",
        "--data-file", str(spec_file), str(template), str(path),
    )  # fmt: skip
    git(path, "init", "-q", "-b", "main")
    commit_project(path, "copier copy")
    project = Project(framework, path, url)
    project.migrate()
    project.seed()
    readme = path / "README.md"
    readme.write_text(readme.read_text() + f"\n{USER_NOTE}\n")
    views = next(path.glob("*/views.py"))
    views.write_text(views.read_text() + f"\n\n# {USER_NOTE}\n")
    commit_project(path, "our edits")
    return project


def update(project: Project, spec: Spec, tmp_path: Path) -> None:
    """``copier update`` with the changed spec; the user's edits survive the merge."""
    spec_file = tmp_path / f"spec-{project.framework}-v2.yml"
    spec_file.write_text(yaml.safe_dump(spec, sort_keys=False))
    copier("update", "--trust", "--defaults", "--data-file", str(spec_file), cwd=project.path)
    assert USER_NOTE in (project.path / "README.md").read_text()
    assert USER_NOTE in next(project.path.glob("*/views.py")).read_text()
    conflicted = [
        str(path.relative_to(project.path))
        for path in project.path.rglob("*")
        if path.is_file()
        and ".git" not in path.parts
        and "<<<<<<<" in path.read_text(errors="replace")
    ]
    assert not conflicted, f"copier update left conflicts in {conflicted}"


def row_counts(project: Project, spec: Spec) -> dict[str, int]:
    """Rows in each entity and link table of ``spec`` that the database holds."""
    names = table_names(build_project(spec), project.framework).tables
    engine = sa.create_engine(engine_url(project.database_url))
    try:
        with engine.connect() as connection:
            present = set(sa.inspect(connection).get_table_names())
            return {
                norm: connection.execute(sa.text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
                for name, norm in names.items()
                if name in present
            }
    finally:
        engine.dispose()


def applied_migrations(project: Project) -> list[str]:
    """The revisions the database records as applied."""
    engine = sa.create_engine(engine_url(project.database_url))
    query = (
        "SELECT app || '.' || name FROM django_migrations ORDER BY id"
        if project.framework == "django"
        else "SELECT version_num FROM alembic_version"
    )
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text(query)).scalars())
    finally:
        engine.dispose()


def check_app(project: Project) -> None:
    """The app's own checks after the migration: models agree, tests pass, ruff is clean."""
    if project.framework == "django":
        project.tool("makemigrations", "--check", "--dry-run")
    else:
        project.tool("db", "check")
    env = app_env(project.path)
    result = run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
                 project.path, env, timeout=900)  # fmt: skip
    assert re.search(r"\d+ passed", result.stdout), result.stdout
    for args in (["check"], ["format", "--check"]):
        run([sys.executable, "-m", "ruff", *args, "--no-cache", "--force-exclude", "."],
            project.path, env)  # fmt: skip


def blog_spec() -> Spec:
    return yaml.safe_load(bundled_spec("blog").read_text())


def server_for(database: str, request: pytest.FixtureRequest) -> PostgresServer | None:
    return request.getfixturevalue("postgres") if database == "postgresql" else None


@pytest.mark.parametrize(("change", "database"), _cases())
def test_spec_change_migrates_seeded_data(
    change: str,
    database: str,
    template_repo: Path,  # noqa: F811
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    server = server_for(database, request)
    before = blog_spec()
    projects = {
        framework: start_project(
            template_repo, tmp_path, framework, before, database_url(tmp_path, framework, server)
        )
        for framework in FRAMEWORKS
    }
    assert_same_schema(
        projects["django"].database_url, projects["flask"].database_url, build_project(before)
    )
    seeded = {name: row_counts(project, before) for name, project in projects.items()}
    assert all(seeded["flask"].values()), f"the demo data left a table empty: {seeded}"

    after = copy.deepcopy(before)
    CHANGES[change](after)
    for project in projects.values():
        update(project, after, tmp_path)
        made = project.make_migration()
        assert made.returncode == 0, made.stdout + made.stderr
        upgraded = project.upgrade()
        assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
        check_app(project)

    assert_same_schema(
        projects["django"].database_url, projects["flask"].database_url, build_project(after)
    )
    kept = set(table_names(build_project(after), "flask").tables.values())
    for name, project in projects.items():
        counts = row_counts(project, before)
        expected = {table: rows for table, rows in seeded[name].items() if table in kept}
        assert counts == expected, f"{name}: the migration changed the seeded rows"


def add_required_without_default(spec: Spec) -> None:
    fields(spec, "Comment")["rank"] = {"type": "integer"}


def repeat_post_titles(project: Project) -> None:
    """Give every seeded post the same title, so ``unique`` on it cannot hold."""
    table = "blog_post" if project.framework == "django" else "post"
    engine = sa.create_engine(engine_url(project.database_url))
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"UPDATE {table} SET title = 'Same title'"))
    finally:
        engine.dispose()


DECISIONS: dict[str, tuple[Callable[[Spec], None], Callable[[Project], None] | None, str]] = {
    "required-without-default": (add_required_without_default, None, "A required field"),
    "unique-on-repeated-values": (add_unique, repeat_post_titles, "`unique` on a column"),
}


def _decision_cases() -> list[Any]:
    default = {("required-without-default", "postgresql"), ("unique-on-repeated-values", "sqlite")}
    return [
        pytest.param(
            decision,
            database,
            id=f"{decision}-{database}",
            marks=[] if (decision, database) in default else [pytest.mark.full],
        )
        for decision, database in itertools.product(DECISIONS, DATABASES)
    ]


@pytest.mark.parametrize(("decision", "database"), _decision_cases())
def test_change_needing_a_decision_stops_cleanly(
    decision: str,
    database: str,
    template_repo: Path,  # noqa: F811
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """The framework's tool refuses or rolls back: the database keeps its revision and rows."""
    server = server_for(database, request)
    change, prepare, advice = DECISIONS[decision]
    before = blog_spec()
    after = copy.deepcopy(before)
    change(after)
    for framework in FRAMEWORKS:
        project = start_project(
            template_repo, tmp_path, framework, before, database_url(tmp_path, framework, server)
        )
        if prepare:
            prepare(project)
        revisions = applied_migrations(project)
        seeded = row_counts(project, before)
        schema = describe(project.database_url, build_project(before), framework)
        update(project, after, tmp_path)
        assert advice in (project.path / "README.md").read_text()

        made = project.make_migration()
        if made.returncode == 0:
            upgraded = project.upgrade()
            assert upgraded.returncode != 0, f"{framework} applied {decision}"
            output = upgraded.stdout + upgraded.stderr
            assert "IntegrityError" in output or "NOT NULL" in output or "null" in output, output
        else:
            # Django asks for a one-off default; without a terminal it stops, writing nothing
            assert framework == "django" and decision == "required-without-default"
            assert "non-nullable field" in made.stdout + made.stderr
            assert not git(project.path, "status", "--porcelain", "--", "*/migrations/")
        assert applied_migrations(project) == revisions
        assert row_counts(project, before) == seeded
        assert describe(project.database_url, build_project(before), framework) == schema
