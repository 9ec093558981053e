"""Run a rendered app's own tools: its environment, its package, its management command.

Shared by the contract suite (which serves the apps it tests) and the project's tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE_SPECS = ("todo", "blog", "bookshelf")
FRAMEWORKS = ("django", "flask")


def app_env(app_dir: Path, **extra: str) -> dict[str, str]:
    """The environment the generated apps run tests and commands with."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FLASK_")) and key not in ("DATABASE_URL", "PYTHONPATH")
    }
    env.update(
        DEBUG="1",
        SECRET_KEY="test-secret-key-not-for-production",
        SECURE_COOKIES="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if (app_dir / "manage.py").exists():
        env["PYTHONPATH"] = str(app_dir)
    else:
        env["FLASK_APP"] = package_name(app_dir)
    env.update(extra)
    return env


def package_name(app_dir: Path) -> str:
    """The app's Python package: the directory holding ``models.py``."""
    return next(path.parent.name for path in sorted(app_dir.glob("*/models.py")))


def manage(app_dir: Path) -> list[str]:
    """The command prefix of the app's own management tool."""
    if (app_dir / "manage.py").exists():
        return [sys.executable, "manage.py"]
    return [sys.executable, "-m", "flask"]


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output when it exits non-zero."""
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} exited {result.returncode} in {cwd}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result
