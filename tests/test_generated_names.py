"""Entity names cannot break an app: those the generated code uses are refused, the rest work."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.rendering import render_apps
from generator.validation import RESERVED_ENTITY_NAMES
from generator.validation import validate
from tests.apps import app_env
from tests.apps import run

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CAMEL = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
IMPORT_FROM = re.compile(r"\s*from\s+\S+\s+import\s+\(?([^()]+)\)?\s*$")
IMPORT = re.compile(r"\s*import\s+(\w+)(?:\s+as\s+(\w+))?")
CLASS = re.compile(r"class\s+(\w+)\b")
ENTITY_SUFFIX = re.compile(r"\{\{\s*entity\.name\s*\}\}([A-Z]\w*)")


def template_files() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and path.suffix in (".py", ".jinja")
    ]


def generated_class_names() -> tuple[set[str], set[str]]:
    """The CamelCase names the templates import or define, and the entity-name suffixes."""
    names: set[str] = set()
    suffixes: set[str] = set()
    for path in template_files():
        text = path.read_text()
        for line in text.splitlines():
            if found := IMPORT_FROM.match(line):
                names.update(part.split(" as ")[-1].strip() for part in found[1].split(","))
            elif found := IMPORT.match(line):
                names.add(found[2] or found[1])
            elif found := CLASS.match(line):
                names.add(found[1])
        suffixes.update(ENTITY_SUFFIX.findall(text))
    return {name for name in names if CAMEL.match(name)}, suffixes


def test_every_class_name_the_templates_use_is_reserved() -> None:
    names, _ = generated_class_names()

    assert {"Blueprint", "Mapped", "Flask", "LoginFailure"} <= names
    assert names - RESERVED_ENTITY_NAMES == set()


def test_entity_names_that_would_make_a_used_name_are_reserved() -> None:
    names, suffixes = generated_class_names()
    made = {
        name.removesuffix(suffix)
        for name in names
        for suffix in suffixes
        if name.endswith(suffix) and CAMEL.match(name.removesuffix(suffix) or "-")
    }

    assert "Admin" in suffixes
    assert made - RESERVED_ENTITY_NAMES == set()


def spec_with(*entities: str) -> dict:
    return {
        "project_name": "Names",
        "entities": {
            name: {"fields": {"title": {"type": "string", "max_length": 50}}} for name in entities
        },
    }


@pytest.mark.parametrize(
    "name", ["Blueprint", "Mapped", "Session", "Flask", "Token", "User", "StaffModel", "Email"]
)
def test_names_the_apps_use_are_refused_with_the_reason(name: str) -> None:
    problems = validate(spec_with(name))

    assert [problem.location for problem in problems] == [f"entities.{name}"]
    assert f"entity name '{name}' is reserved" in problems[0].problem


@pytest.mark.slow
def test_names_beside_the_reserved_ones_render_working_apps(tmp_path: Path) -> None:
    names = ["UserProfile", "Tokens", "SessionNote", "Blueprints", "Mapping", "FlaskBottle"]
    assert validate(spec_with(*names)) == []

    render_apps(spec_with(*names), tmp_path / "out", force=True)

    django_app = tmp_path / "out" / "django_app"
    flask_app = tmp_path / "out" / "flask_app"
    run([sys.executable, "manage.py", "check"], django_app, app_env(django_app))
    started = "from names import create_app; print(sorted(create_app().view_functions)[0])"
    run([sys.executable, "-c", started], flask_app, app_env(flask_app))
    run([sys.executable, "-m", "pytest", "-q", "-x"], flask_app, app_env(flask_app))
