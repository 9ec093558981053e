"""The generated apps on Python 3.13 with Django 6: migrate, migrations check, own tests.

The rest of the suite runs on the repository's own interpreter; this module
builds (once, cached under ``.cache/py313-venv`` in the repository root) a
Python 3.13 virtualenv holding the dependencies the rendered apps declare in
their ``pyproject.toml``, with Django pinned to the 6 series.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tomllib
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.apps import FRAMEWORKS
from tests.apps import app_env
from tests.apps import run

pytestmark = pytest.mark.slow

SPEC = "blog"
VERSION = "3.13.0"
REPO_ROOT = Path(__file__).resolve().parent.parent
VENV = REPO_ROOT / ".cache" / "py313-venv"
MARKER = "diptych-requirements.txt"
PINS = ("django>=6,<7",)
"""Requirements added to what the apps declare: the newest Django on the newest Python."""
BASELINE = (
    "dj-database-url",
    "django-filter",
    "djangorestframework",
    "pytest",
    "pytest-django",
    "flask",
    "flask-sqlalchemy",
    "flask-migrate",
)
"""What the apps need at the least, should a pyproject not say it."""


def python313() -> Path:
    """The Python 3.13 interpreter from pyenv; fails loudly when it is missing."""
    candidates = []
    pyenv = shutil.which("pyenv")
    if pyenv:
        prefix = subprocess.run(
            [pyenv, "prefix", VERSION], capture_output=True, text=True, check=False
        )
        if prefix.returncode == 0:
            candidates.append(Path(prefix.stdout.strip()) / "bin" / "python")
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates.append(root / "versions" / VERSION / "bin" / "python")
    for candidate in candidates:
        if candidate.exists():
            return candidate
    pytest.fail(f"Python {VERSION} not found (tried {[str(c) for c in candidates]})")


def declared_requirements(app_dir: Path) -> list[str]:
    """The app's runtime, ``test`` and ``postgres`` dependencies from its pyproject."""
    pyproject = app_dir / "pyproject.toml"
    if not pyproject.exists():
        pytest.fail(f"{app_dir.name} has no pyproject.toml declaring its dependencies")
    project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    extras = project.get("optional-dependencies", {})
    return [
        *project.get("dependencies", []),
        *extras.get("test", []),
        *extras.get("postgres", []),
    ]


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def build_venv(requirements: list[str]) -> Path:
    """The cached 3.13 virtualenv with ``requirements``; rebuilt when they change.

    A lock file serialises builders (pytest-xdist workers). The marker listing
    the requirements is written only after a successful install, so a venv
    whose build was interrupted is never reused.
    """
    wanted = "\n".join(requirements) + "\n"
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / "py313-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = VENV / MARKER
        if marker.exists() and marker.read_text() == wanted and venv_python(VENV).exists():
            return VENV
        shutil.rmtree(VENV, ignore_errors=True)
        run([str(python313()), "-m", "venv", str(VENV)], REPO_ROOT)
        requirements_file = VENV / "requirements-in-progress.txt"
        requirements_file.write_text(wanted)
        run(
            [str(venv_python(VENV)), "-m", "pip", "install", "-q", "-r", str(requirements_file)],
            REPO_ROOT,
            timeout=900,
        )
        marker.write_text(wanted)
        return VENV


@pytest.fixture(scope="session")
def py313(rendered: Callable[[str], Path]) -> Path:
    """The interpreter of the cached 3.13 venv holding both apps' dependencies."""
    root = rendered(SPEC)
    requirements = sorted(
        {
            *BASELINE,
            *PINS,
            *(
                req
                for framework in FRAMEWORKS
                for req in declared_requirements(root / f"{framework}_app")
            ),
        }
    )
    python = venv_python(build_venv(requirements))
    version = run([str(python), "-c", "import sys; print(sys.version)"], REPO_ROOT).stdout
    assert version.startswith("3.13"), f"the venv runs Python {version}"
    return python


@pytest.fixture(params=FRAMEWORKS)
def app313(
    request: pytest.FixtureRequest, rendered: Callable[[str], Path], tmp_path: Path
) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """A private copy of the blog app of one framework, with env on a fresh SQLite file."""
    framework: str = request.param
    source = rendered(SPEC) / f"{framework}_app"
    app_dir = tmp_path / source.name
    shutil.copytree(source, app_dir)
    env = app_env(app_dir, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    yield framework, app_dir, env


def tool(python: Path, framework: str) -> list[str]:
    """``python manage.py`` or ``python -m flask`` with the 3.13 interpreter."""
    return [str(python), "manage.py"] if framework == "django" else [str(python), "-m", "flask"]


def test_venv_has_django_6(py313: Path) -> None:
    """The 3.13 venv really runs Django 6, the series the apps must support."""
    version = run([str(py313), "-c", "import django; print(django.__version__)"], REPO_ROOT)
    assert version.stdout.startswith("6."), f"Django {version.stdout.strip()} in the 3.13 venv"


def test_migrate_and_check_migrations(
    py313: Path, app313: tuple[str, Path, dict[str, str]]
) -> None:
    """Schema creation and the models/migrations agreement check, on 3.13."""
    framework, app_dir, env = app313
    command = tool(py313, framework)
    if framework == "django":
        run([*command, "migrate", "--no-input"], app_dir, env)
        run([*command, "makemigrations", "--check", "--dry-run"], app_dir, env)
        run([*command, "check", "--fail-level", "WARNING"], app_dir, env)
    else:
        run([*command, "db", "upgrade"], app_dir, env)
        run([*command, "db", "check"], app_dir, env)


def test_own_test_suite(py313: Path, app313: tuple[str, Path, dict[str, str]]) -> None:
    """The app's own tests pass on 3.13 (with Django 6 for the Django app)."""
    _, app_dir, env = app313
    result = run(
        [str(py313), "-m", "pytest", "-q", "-p", "no:cacheprovider"], app_dir, env, timeout=900
    )
    assert " passed" in result.stdout, f"the app ran no test:\n{result.stdout}"
