"""Entity names cannot break an app: those the generated code uses are refused, the rest work."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from generator.validation import MODULE_NAMES
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


FIELD_HOLDERS = ("", "Serializer", "Schema", "Filter", "Args")
COMMON_FIELD_NAMES = {
    # names a spec may well use, beside modules and helpers the apps import
    "text": {"type": "text"},
    "date": {"type": "date", "required": False},
    "datetime": {"type": "datetime", "required": False},
    "status": {"type": "choice", "choices": ["open", "shut"], "default": "open"},
    "string": {"type": "string", "max_length": 20, "required": False},
    "decimal": {"type": "decimal", "max_digits": 6, "decimal_places": 2, "default": "1.50"},
    "admin": {"type": "boolean"},
    "filters": {"type": "integer", "default": 3},
    "forms": {"type": "float", "required": False},
    "views": {"type": "email", "required": False},
    "schemas": {"type": "url", "required": False},
    "path": {"type": "string", "max_length": 20, "required": False},
    "config": {"type": "string", "max_length": 20, "required": False},
    "request": {"type": "string", "max_length": 20, "required": False},
}


def odd_names_spec() -> dict:
    entry = {"fields": COMMON_FIELD_NAMES, "admin": {"search": ["text"], "filter": ["admin"]}}
    return {"project_name": "Odd Names", "entities": {"Entry": entry}}


def names_used_in_entity_classes(root: Path, entities: list[str]) -> set[str]:
    """Module-level names that a class named after an entity uses in its own body.

    Methods are skipped (they run later, and see the module, not the class), but
    their decorators are not; annotations are skipped too (``from __future__
    import annotations`` leaves them to be read against the module).
    """
    # the classes whose attributes are named after the fields
    holders = {entity + suffix for entity in entities for suffix in FIELD_HOLDERS}
    used: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        top = (
            {
                (alias.asname or alias.name).split(".")[0]
                for node in tree.body
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names
            }
            | {
                node.name
                for node in tree.body
                if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Assign))
                and hasattr(node, "name")
            }
            | {
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign) and not _is_table(node.value)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
        )
        for cls in ast.walk(tree):
            if isinstance(cls, ast.ClassDef) and cls.name in holders:
                used |= _loads_in_body(cls) & top
    return used


def _is_table(value: ast.expr) -> bool:
    """``db.Table(...)``: a many-to-many table, named after its entity and field."""
    return isinstance(value, ast.Call) and getattr(value.func, "attr", None) == "Table"


def _loads_in_body(cls: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for statement in cls.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts: list[ast.AST] = list(statement.decorator_list)
        elif isinstance(statement, ast.AnnAssign):
            parts = [statement.value] if statement.value else []
        elif isinstance(statement, ast.ClassDef):
            parts = [statement]
        else:
            parts = [statement]
        for part in parts:
            names |= _loads_now(part)
    return names


def _loads_now(node: ast.AST) -> set[str]:
    """Names read when ``node`` runs; a lambda's body runs later, against the module."""
    if isinstance(node, ast.Lambda):
        return set()
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return {node.id}
    return set().union(*(_loads_now(child) for child in ast.iter_child_nodes(node)))


@pytest.mark.slow
def test_names_the_entity_classes_use_are_refused_as_field_names(tmp_path: Path) -> None:
    """Every module or helper that a model, serializer or schema body uses is reserved."""
    specs = [load_raw_spec(bundled_spec(name)) for name in ("blog", "todo", "bookshelf")]
    used: set[str] = set()
    for number, raw in enumerate([*specs, odd_names_spec()]):
        out = tmp_path / str(number)
        render_apps(raw, out, force=True)
        used |= names_used_in_entity_classes(out, list(raw["entities"]))

    assert {"models", "fields", "mapped_column"} <= used
    lowercase = {name for name in used if name[0].islower()}
    assert lowercase - MODULE_NAMES == set()
    for name in sorted(MODULE_NAMES):
        spec = {
            "project_name": "Odd",
            "entities": {"Entry": {"fields": {name: {"type": "boolean"}}}},
        }
        [problem] = validate(spec)
        assert problem.location == f"entities.Entry.fields.{name}"
        assert "module or helper" in problem.problem


@pytest.mark.slow
def test_common_field_names_beside_the_modules_render_working_apps(tmp_path: Path) -> None:
    assert validate(odd_names_spec()) == []

    render_apps(odd_names_spec(), tmp_path / "out", force=True)

    for side in ("django_app", "flask_app"):
        app = tmp_path / "out" / side
        run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
            app,
            app_env(app),
        )
