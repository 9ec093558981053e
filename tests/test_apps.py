"""The render matrix: every bundled spec x both frameworks, checked with the apps' own tools.

Each spec renders once per session (the ``rendered`` fixture). Tests that run
commands work on a copy of the app, so nothing they write (databases, caches)
leaks into the shared render that the other tests inspect.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.model import Entity
from generator.model import Project
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.apps import EXAMPLE_SPECS
from tests.apps import FRAMEWORKS
from tests.apps import app_env
from tests.apps import manage
from tests.apps import run

CASES = [(spec, framework) for spec in EXAMPLE_SPECS for framework in FRAMEWORKS]
DJANGO_CASES = [(spec, framework) for spec, framework in CASES if framework == "django"]
RICHEST = [("bookshelf", "django")]
"""Settings do not depend on the spec: the deploy checks run on the spec using every type."""


def _case_id(case: tuple[str, str]) -> str:
    return "-".join(case)


EVERY_APP = pytest.mark.parametrize("case", CASES, ids=_case_id, indirect=True, scope="module")
"""Run a test for each bundled spec x framework, sharing module-scoped fixtures per pair."""
DJANGO_APPS = pytest.mark.parametrize(
    "case", DJANGO_CASES, ids=_case_id, indirect=True, scope="module"
)
ONE_DJANGO_APP = pytest.mark.parametrize(
    "case", RICHEST, ids=_case_id, indirect=True, scope="module"
)

TEXT_SUFFIXES = frozenset({".py", ".toml", ".md", ".ini", ".cfg", ".json", ".yml", ".yaml"})
"""Files that never hold framework template syntax, so any ``{{``/``{%`` is a leftover."""
# ``${{ ... }}`` is a GitHub Actions expression in the generated CI workflow, not Jinja
JINJA_TAG = re.compile(r"(?<!\$)\{\{|\{%|\{#")
HTML_LEFTOVERS = ("{{ model.", "{{model.", "_copier", "{% raw %}", "{% endraw %}")
"""Generator-side names that must never reach an HTML template of the app."""
LITTER_NAMES = frozenset({"_macros", "__pycache__", ".ruff_cache", ".pytest_cache"})
DEPLOY_SECRET_KEY = "deploy-check-" + "".join(chr(c) for c in range(ord("A"), ord("z") + 1))
"""Long and varied enough for Django's W009 (50+ characters, 5+ distinct)."""
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "example.com",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}
"""The production environment of the README's Deploy section, with the HTTPS switches on."""


@dataclass(frozen=True)
class Workspace:
    """A private, migrated copy of one rendered app with its own SQLite database."""

    spec: str
    framework: str
    app_dir: Path
    database: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def case(request: pytest.FixtureRequest) -> tuple[str, str]:
    """One (spec, framework) pair of the matrix."""
    return request.param


@pytest.fixture(scope="module")
def app_dir(case: tuple[str, str], rendered: Callable[[str], Path]) -> Path:
    """The shared render of the case's app: read it, never write into it."""
    spec, framework = case
    path = rendered(spec) / f"{framework}_app"
    assert path.is_dir(), f"{spec}: no {framework}_app in {path.parent}"
    return path


def private_copy(app_dir: Path, into: Path) -> Path:
    """Copy an app into ``into`` so commands may write beside its files."""
    target = into / app_dir.name
    shutil.copytree(app_dir, target)
    return target


def sqlite_env(app_dir: Path, database: Path, **extra: str) -> dict[str, str]:
    """The app's environment with ``DATABASE_URL`` on a fresh SQLite file."""
    return app_env(app_dir, DATABASE_URL=f"sqlite:///{database}", **extra)


def migrate_command(app_dir: Path) -> list[str]:
    """Create the schema: ``manage.py migrate`` or ``flask db upgrade``."""
    if is_django(app_dir):
        return [*manage(app_dir), "migrate", "--no-input"]
    return [*manage(app_dir), "db", "upgrade"]


def migrations_check_command(app_dir: Path) -> list[str]:
    """Fail when models and migrations disagree."""
    if is_django(app_dir):
        return [*manage(app_dir), "makemigrations", "--check", "--dry-run"]
    return [*manage(app_dir), "db", "check"]


def seed_command(app_dir: Path) -> list[str]:
    """Load the deterministic demo data."""
    if is_django(app_dir):
        return [*manage(app_dir), "seed_demo"]
    return [*manage(app_dir), "seed-demo"]


def is_django(app_dir: Path) -> bool:
    return (app_dir / "manage.py").exists()


def table_counts(database: Path) -> dict[str, int]:
    """Rows in every table of an SQLite database."""
    with sqlite3.connect(database) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in names
        }


def entity_table(tables: dict[str, int], framework: str, project: Project, entity: Entity) -> str:
    """The table of an entity: ``<slug>_<model>`` in Django, the snake name in Flask."""
    wanted = f"{project.slug}_{entity.name.lower()}" if framework == "django" else entity.table
    if wanted not in tables:
        pytest.fail(f"no table {wanted!r} for {entity.name}; tables: {sorted(tables)}")
    return wanted


@pytest.fixture(scope="module")
def workspace(
    case: tuple[str, str], app_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    """A private copy of the app, migrated on a fresh SQLite file."""
    spec, framework = case
    root = tmp_path_factory.mktemp(f"db-{spec}-{framework}")
    copy = private_copy(app_dir, root)
    database = root / "db.sqlite3"
    env = sqlite_env(copy, database)
    run(migrate_command(copy), copy, env)
    return Workspace(spec, framework, copy, database, env)


# --- (i) the output is fully rendered and holds no generator litter -------------------------


@EVERY_APP
def test_no_unrendered_jinja(app_dir: Path) -> None:
    """No Jinja syntax outside HTML templates, no generator names inside them."""
    problems: list[str] = []
    for path in sorted(p for p in app_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(app_dir)
        if path.suffix == ".jinja":
            problems.append(f"{relative}: a .jinja file was copied, not rendered")
        elif path.suffix in TEXT_SUFFIXES:
            problems += _jinja_lines(path, relative)
        elif path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            problems += [f"{relative}: contains {bad!r}" for bad in HTML_LEFTOVERS if bad in text]
    assert not problems, "unrendered template syntax:\n" + "\n".join(problems)


def _jinja_lines(path: Path, relative: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{relative}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if JINJA_TAG.search(line)
    ]


@EVERY_APP
def test_no_generator_litter(app_dir: Path) -> None:
    """No macro folder, bytecode or tool cache is copied into the output."""
    litter = sorted(
        str(path.relative_to(app_dir))
        for path in app_dir.rglob("*")
        if path.name in LITTER_NAMES or path.suffix == ".pyc"
    )
    assert not litter, f"litter in the rendered app: {litter}"


# --- (ii) lint and format with the app's own configuration ----------------------------------


@EVERY_APP
def test_has_own_ruff_config(app_dir: Path) -> None:
    """The app carries its own ruff settings, so its checks do not depend on ours."""
    pyproject = app_dir / "pyproject.toml"
    has_config = (app_dir / "ruff.toml").exists() or (
        pyproject.exists() and "[tool.ruff" in pyproject.read_text(encoding="utf-8")
    )
    assert has_config, f"{app_dir.name}: no [tool.ruff] in pyproject.toml and no ruff.toml"


@EVERY_APP
def test_pre_commit_runs_the_same_ruff_checks(app_dir: Path) -> None:
    """A pre-commit config runs ruff check and ruff format locally, downloading nothing."""
    config = yaml.safe_load((app_dir / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format")
    # pre-commit names the files, and ruff skips the migrations only when forced to
    assert all("--force-exclude" in hook["entry"] for hook in hooks.values())


@EVERY_APP
@pytest.mark.parametrize(
    "args",
    [["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(app_dir: Path, args: list[str]) -> None:
    """``ruff check`` and ``ruff format --check`` are clean in the app directory."""
    result = _ruff(args, app_dir)
    if result.returncode != 0:
        pytest.fail(f"ruff {' '.join(args)} in {app_dir}:\n{result.stdout}\n{result.stderr}")


def _ruff(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ruff that the test environment has, from ``cwd``, without failing."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- (v) every Python file compiles ---------------------------------------------------------


@EVERY_APP
def test_every_file_compiles(app_dir: Path) -> None:
    """Every ``.py`` file byte-compiles, with syntax warnings (bad escapes) as errors."""
    sources = sorted(app_dir.rglob("*.py"))
    assert sources, f"no Python files in {app_dir}"
    problems = [problem for path in sources if (problem := _compile_problem(path, app_dir))]
    assert not problems, "files that do not compile:\n" + "\n".join(problems)


def _compile_problem(path: Path, root: Path) -> str | None:
    """Compile without writing bytecode; the error text, or None."""
    source = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            compile(source, str(path), "exec", dont_inherit=True)
        except (SyntaxError, SyntaxWarning, ValueError) as exc:
            return f"{path.relative_to(root)}: {exc!r}"
    return None


# --- (iii) schema, migrations, checks and demo data on a fresh SQLite file -------------------


@EVERY_APP
@pytest.mark.slow
def test_migrate_creates_entity_tables(workspace: Workspace) -> None:
    """The schema has a table for every entity of the spec."""
    tables = table_counts(workspace.database)
    project = load_spec(bundled_spec(workspace.spec))
    for entity in project.entities:
        entity_table(tables, workspace.framework, project, entity)


@EVERY_APP
@pytest.mark.slow
def test_migrations_match_models(workspace: Workspace) -> None:
    """``makemigrations --check --dry-run`` / ``flask db check`` find nothing to do."""
    run(migrations_check_command(workspace.app_dir), workspace.app_dir, workspace.env)


@DJANGO_APPS
@pytest.mark.slow
def test_django_system_checks(workspace: Workspace) -> None:
    """``manage.py check --fail-level WARNING`` is silent (Flask has no equivalent)."""
    run(
        [*manage(workspace.app_dir), "check", "--fail-level", "WARNING"],
        workspace.app_dir,
        workspace.env,
    )


@ONE_DJANGO_APP
@pytest.mark.slow
def test_django_deploy_checks(workspace: Workspace) -> None:
    """With the README's production environment, ``check --deploy`` gives no warning at all."""
    env = {
        **workspace.env,
        **PRODUCTION_ENV,
        "SECURE_COOKIES": "1",
        "SECRET_KEY": DEPLOY_SECRET_KEY,
    }
    command = [*manage(workspace.app_dir), "check", "--deploy", "--fail-level", "WARNING"]
    result = run(command, workspace.app_dir, env)
    assert "no issues" in result.stdout, result.stdout + result.stderr


@EVERY_APP
@pytest.mark.slow
def test_seed_demo_is_idempotent(workspace: Workspace) -> None:
    """Seeding fills every entity table, and seeding again changes no row count."""
    before = table_counts(workspace.database)
    run(seed_command(workspace.app_dir), workspace.app_dir, workspace.env)
    first = table_counts(workspace.database)
    project = load_spec(bundled_spec(workspace.spec))
    empty = [
        entity.name
        for entity in project.entities
        if first[entity_table(first, workspace.framework, project, entity)] == 0
    ]
    assert not empty, f"seed left these entities without rows: {empty}"
    assert sum(first.values()) > sum(before.values())
    run(seed_command(workspace.app_dir), workspace.app_dir, workspace.env)
    second = table_counts(workspace.database)
    changed = {name: (first[name], second[name]) for name in first if first[name] != second[name]}
    assert not changed, f"seeding twice changed row counts (first, second): {changed}"


# --- (iv) the app's own test suite ---------------------------------------------------------


@EVERY_APP
@pytest.mark.slow
def test_own_test_suite(app_dir: Path, tmp_path: Path) -> None:
    """``python -m pytest`` passes inside the app, on its own settings."""
    copy = private_copy(app_dir, tmp_path)
    env = sqlite_env(copy, tmp_path / "own-tests.sqlite3")
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], copy, env, timeout=900
    )
    assert re.search(r"\d+ passed", result.stdout), f"the app ran no test:\n{result.stdout}"
