"""Random valid specs render into apps that lint, compile and migrate cleanly.

Hypothesis draws specs from ``tests.strategies.valid_specs`` (every field type
and option, relations to self, to ``User`` and several to one target, text full
of quotes, braces and non-ASCII). Each one is rendered for both frameworks and
put through the checks a user's CI would run first. Shrinking is off to keep
the run bounded; a failure prints the whole drawn spec, and Hypothesis replays
it first on the next run (its example database).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import example
from hypothesis import given
from hypothesis import note
from hypothesis import settings

from generator.rendering import render_apps
from tests.apps import app_env
from tests.apps import manage
from tests.apps import run
from tests.strategies import valid_specs

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 8

# Found by a draw on CI: a unique_together set and an ordering index both live in
# ``__table_args__``; the second assignment hid the first from Flask-Migrate.
TOGETHER_AND_ORDERED = {
    "project_name": "Together",
    "entities": {
        "Slot": {
            "fields": {
                "day": {"type": "date", "required": True, "unique": True},
                "room": {"type": "string", "max_length": 20},
            },
            "ordering": ["room", "-day"],
            "unique_together": [["day", "room"]],
        }
    },
}


def ruff(app_dir: Path, *args: str) -> None:
    """``ruff <args>`` in the app with its own config; fail with ruff's report."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
        cwd=app_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"ruff {' '.join(args)} in {app_dir.name}:\n{result.stdout}{result.stderr}")


def compile_all(app_dir: Path) -> None:
    """Every ``.py`` compiles, syntax warnings (bad escapes) counted as errors."""
    problems = []
    for path in sorted(app_dir.rglob("*.py")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
            except (SyntaxError, SyntaxWarning, ValueError) as exc:
                problems.append(f"{path.relative_to(app_dir)}: {exc!r}")
    assert not problems, f"{app_dir.name} does not compile:\n" + "\n".join(problems)


def check_schema(app_dir: Path, database: Path) -> None:
    """Migrate a fresh SQLite file, then confirm the models and migrations agree."""
    env = app_env(app_dir, DATABASE_URL=f"sqlite:///{database}")
    tool = manage(app_dir)
    if (app_dir / "manage.py").exists():
        run([*tool, "migrate", "--no-input"], app_dir, env, timeout=180)
        run([*tool, "makemigrations", "--check", "--dry-run"], app_dir, env, timeout=180)
    else:
        run([*tool, "db", "upgrade"], app_dir, env, timeout=180)
        run([*tool, "db", "check"], app_dir, env, timeout=180)


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=valid_specs())
@example(spec=TOGETHER_AND_ORDERED)
def test_random_spec_renders_clean_apps(spec: dict[str, Any]) -> None:
    """Both apps of a random spec: ruff check, ruff format --check, compile, migrate, check."""
    note(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
    with tempfile.TemporaryDirectory(prefix="diptych-random-") as scratch:
        root = Path(scratch)
        for app_dir in render_apps(spec, root / "out", force=True):
            ruff(app_dir, "check")
            ruff(app_dir, "format", "--check")
            compile_all(app_dir)
            check_schema(app_dir, root / f"{app_dir.name}.sqlite3")
