"""No dead code in any output: what a generated file holds, the spec uses.

Each spec is rendered and both apps are read by ruff (their own config) and by
vulture: at full confidence (unused arguments, unreachable code), and for
module-level classes, functions and imports that nothing in the app uses.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from generator.spec import project_from_answers

pytestmark = pytest.mark.slow

ONE_FIELD = {
    "string": {"type": "string", "max_length": 40},
    "text": {"type": "text"},
    "integer": {"type": "integer"},
    "float": {"type": "float"},
    "decimal": {"type": "decimal", "max_digits": 6, "decimal_places": 2},
    "boolean": {"type": "boolean"},
    "date": {"type": "date"},
    "datetime": {"type": "datetime"},
    "time": {"type": "time"},
    "email": {"type": "email"},
    "url": {"type": "url"},
    "choice": {"type": "choice", "choices": ["low", "high"]},
    "json": {"type": "json"},
    "fk": {"type": "fk", "to": "User"},
    "m2m": {"type": "m2m", "to": "User", "required": False},
    # a string's own options, which bring their own validators and imports
    "pattern": {"type": "string", "max_length": 12, "pattern": "[A-Z]{3}-[0-9]{4}"},
    "min_length": {"type": "string", "min_length": 3, "required": False},
}
BUNDLED = ("todo", "blog", "bookshelf")

# Arguments a framework passes whether or not the function reads them, and
# pytest fixtures requested for what they set up (the demo rows, an app context).
SIGNATURE_NAMES = {
    "demo": "pytest fixture requested for the demo rows it creates",
    "ctx": "pytest fixture requested for the app context it pushes",
    "options": "Django's BaseCommand.handle(self, *args, **options)",
    "connection_record": "SQLAlchemy's connect event signature",
    "revision": "Alembic's process_revision_directives signature (Flask-Migrate's env.py)",
    "db": "pytest-django's fixture requested for database access",
    "inspected_column": "Alembic's compare_server_default signature (env.py)",
    "metadata_column": "Alembic's compare_server_default signature (env.py)",
    "rendered_metadata_default": "Alembic's compare_server_default signature (env.py)",
    "autogen_context": "Alembic's render_item signature (env.py)",
}
# Found by the framework through a name or a string, not through a reference.
FRAMEWORK_FOUND = {
    "*Config": "Django's AppConfig, named in INSTALLED_APPS",
    "Command": "Django's management command class",
    "not_found": 'handler404 = "<app>.views.not_found"',
    "upgrade": "Alembic revision entry point",
    "downgrade": "Alembic revision entry point",
}
AUTH_URLS = (
    "login/",
    "logout/",
    "password_change/",
    "password_change/done/",
    "password_reset/",
    "password_reset/done/",
    "reset/<uidb64>/<token>/",
    "reset/done/",
)
"""The routes of ``django.contrib.auth.urls``, which the project's urls.py includes."""
UNUSED = re.compile(
    r"^(?P<path>[^:]+):\d+: unused (?P<kind>class|function|import) '(?P<name>[^']+)'"
)


def minimal_spec(field_type: str) -> dict[str, Any]:
    """One entity with one field of ``field_type`` (or with that string option)."""
    return {
        "project_name": f"Only {field_type}",
        "description": f"One entity with one {field_type} field.",
        "entities": {"Sample": {"fields": {"value": ONE_FIELD[field_type]}}},
    }


REPRESENTATIVE = ("choice", "decimal", "email", "fk", "m2m", "time", "json", "pattern")
SPECS = [
    pytest.param(
        minimal_spec(name),
        id=f"one-{name}",
        marks=[] if name in REPRESENTATIVE else [pytest.mark.full],
    )
    for name in ONE_FIELD
] + [pytest.param(load_raw_spec(bundled_spec(name)), id=name) for name in BUNDLED]


@pytest.fixture(params=SPECS)
def rendered(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[dict[str, Any], Path]:
    """A spec and the folder both of its apps are rendered into."""
    out = tmp_path / "out"
    render_apps(request.param, out)
    return request.param, out


def tool(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    return result.stdout + result.stderr


def findings(app: Path, framework: str) -> list[str]:
    """Every finding in ``app``, one line each, starting with the file's path."""
    lint = tool("ruff", "check", "--no-cache", "--output-format", "concise", ".", cwd=app)
    layout = tool("ruff", "format", "--check", "--no-cache", ".", cwd=app)
    full = tool(
        "vulture", "--min-confidence", "100", "--ignore-names", ",".join(SIGNATURE_NAMES), ".",
        cwd=app,
    )  # fmt: skip
    unused = tool(
        "vulture",
        "--min-confidence",
        "60",
        "--ignore-decorators",
        "@*",  # routes, fixtures, commands, listeners: registered by their decorator
        "--ignore-names",
        ",".join(FRAMEWORK_FOUND),
        ".",
        cwd=app,
    )
    found = [line for line in lint.splitlines() if re.match(r"^[^ :]+\.py:\d+:\d+: ", line)]
    found += [
        line.removeprefix("Would reformat: ") + ": not formatted"
        for line in layout.splitlines()
        if line.startswith("Would reformat: ")
    ]
    found += [line for line in full.splitlines() if "(100% confidence)" in line]
    for line in unused.splitlines():
        if UNUSED.match(line):
            found.append(line)
    return [f"{framework}_app/{line}" for line in found]


def test_no_dead_code_in_either_app(rendered: tuple[dict[str, Any], Path]) -> None:
    _, out = rendered
    found = [
        line
        for framework in ("django", "flask")
        for line in findings(out / f"{framework}_app", framework)
    ]
    assert found == []


def test_dependencies_are_the_ones_the_spec_needs(rendered: tuple[dict[str, Any], Path]) -> None:
    spec, out = rendered
    flask_dependencies = (out / "flask_app" / "pyproject.toml").read_text()
    # the password-reset form checks an address whatever the spec
    assert "email-validator" in flask_dependencies
    slug = project_from_answers(spec).slug
    assert "Email()" in (out / "flask_app" / slug / "forms.py").read_text()
    assert '"ruff' in flask_dependencies.split("[project.optional-dependencies]")[1]


def test_django_routes_are_declared_once(rendered: tuple[dict[str, Any], Path]) -> None:
    """The app adds no route that django.contrib.auth.urls already serves, but the login
    view it overrides with its own form."""
    _, out = rendered
    project_urls = next((out / "django_app").glob("*_site/urls.py")).read_text()
    assert 'path("accounts/", include("django.contrib.auth.urls"))' in project_urls
    app_urls = next(
        path
        for path in (out / "django_app").glob("*/urls.py")
        if not path.parent.name.endswith("_site")
    )
    routes = re.findall(r'path\(\s*"([^"]*)"', app_urls.read_text())
    assert len(routes) == len(set(routes)), routes
    served_twice = [route for route in routes if route.removeprefix("accounts/") in AUTH_URLS]
    assert served_twice == ["accounts/login/"]
    assert "authentication_form=LoginForm" in app_urls.read_text()


def test_flask_protected_by_only_with_a_protect_key(tmp_path: Path) -> None:
    spec = load_raw_spec(bundled_spec("todo"))
    assert not project_from_answers(spec).has_protect
    render_apps(spec, tmp_path / "out", frameworks=("flask",))
    found = [
        path.name
        for path in (tmp_path / "out" / "flask_app").rglob("*.py")
        if "protected_by" in path.read_text()
    ]
    assert found == []


def test_flask_permissions_only_the_classes_in_use(tmp_path: Path) -> None:
    render_apps(load_raw_spec(bundled_spec("todo")), tmp_path / "out", frameworks=("flask",))
    report = tool("vulture", "--min-confidence", "60", ".", cwd=tmp_path / "out" / "flask_app")
    assert "permissions.py" not in "\n".join(
        line for line in report.splitlines() if "unused class" in line
    )
