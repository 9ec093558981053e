"""Figures measured on one render: lines of code, packages per feature, security defaults.

Every number comes from the rendered files. Lines are non-blank and
non-comment; Python docstrings count as code (they are part of what a
reader reads). diptych's own bookkeeping file, ``.copier-answers.yml``, is
not counted.
"""

from __future__ import annotations

import io
import re
import tokenize
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .extract import Snippet

KINDS = ("Python", "Python migrations", "Python tests", "HTML", "config", "other")
"""Python is split so that app code can be compared without generated migrations and tests."""
CONFIG_SUFFIXES = {".toml", ".yml", ".yaml", ".cfg", ".ini", ".txt", ".env"}
NOT_COUNTED = {".copier-answers.yml"}
SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


@dataclass(frozen=True)
class LineCount:
    """Files and code lines of one kind in one app."""

    files: int
    lines: int


def kind_of(path: Path) -> str:
    """Which of :data:`KINDS` a file (a path relative to its app) counts as.

    JSON (the OpenAPI document) is data, so it counts as other, not config.
    """
    if path.suffix == ".py":
        if "migrations" in path.parts:
            return "Python migrations"
        return "Python tests" if path.parts[0] == "tests" else "Python"
    if path.suffix == ".html":
        return "HTML"
    if path.suffix in CONFIG_SUFFIXES or path.name.startswith(".") and path.suffix == "":
        return "config"
    return "other"


def app_files(app: Path) -> list[Path]:
    """Every file of a rendered app, in a stable order, without caches."""
    return sorted(
        path
        for path in app.rglob("*")
        if path.is_file() and not SKIPPED_PARTS.intersection(path.relative_to(app).parts)
    )


@lru_cache(maxsize=4096)
def count_lines(text: str, kind: str) -> int:
    """Non-blank, non-comment lines of ``text`` (cached: sections are counted several times)."""
    if kind.startswith("Python"):
        return _python_lines(text)
    if kind == "HTML":
        comment = re.compile(r"^\s*(<!--.*-->|\{#.*#\})\s*$")
        return sum(1 for line in text.splitlines() if line.strip() and not comment.match(line))
    return sum(
        1 for line in text.splitlines() if line.strip() and not line.lstrip().startswith(("#", ";"))
    )


def _python_lines(text: str) -> int:
    skipped = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
            if token.type not in skipped:
                lines.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return count_lines(text, "config")
    source = text.splitlines()
    return sum(1 for number in lines if number <= len(source) and source[number - 1].strip())


def line_counts(app: Path) -> dict[str, LineCount]:
    """Files and lines per kind (and ``total``) for one app."""
    files: dict[str, int] = dict.fromkeys(KINDS, 0)
    lines: dict[str, int] = dict.fromkeys(KINDS, 0)
    for path in app_files(app):
        if path.name in NOT_COUNTED:
            continue
        kind = kind_of(path.relative_to(app))
        files[kind] += 1
        lines[kind] += count_lines(path.read_text(encoding="utf-8", errors="replace"), kind)
    counts = {kind: LineCount(files[kind], lines[kind]) for kind in KINDS}
    counts["total"] = LineCount(sum(files.values()), sum(lines.values()))
    return counts


def snippet_lines(snippets: list[Snippet]) -> int:
    """Code lines shown in a concept's snippets."""
    return sum(count_lines(s.text, kind_of(Path(s.path))) for s in snippets)


# -- packages ---------------------------------------------------------------

FEATURES = (
    "web framework",
    "ORM",
    "migrations",
    "auth",
    "forms/CSRF",
    "admin",
    "REST API",
    "serialisation",
    "API docs",
    "configuration",
    "database driver",
    "serving",
)
PACKAGE_FEATURES: dict[str, tuple[str, ...]] = {
    "django": ("web framework", "ORM", "migrations", "auth", "forms/CSRF", "admin"),
    "djangorestframework": ("REST API", "serialisation", "auth"),
    "django-filter": ("REST API",),
    "django-axes": ("auth",),
    "drf-spectacular": ("API docs",),
    "drf-spectacular-sidecar": ("API docs",),
    "flask-smorest": ("REST API", "serialisation", "API docs"),
    "apispec": ("API docs",),
    "webargs": ("REST API",),
    "swagger-ui-bundle": ("API docs",),
    "dj-database-url": ("configuration",),
    "django-environ": ("configuration",),
    "flask": ("web framework",),
    "werkzeug": ("web framework", "auth"),
    "sqlalchemy": ("ORM",),
    "flask-sqlalchemy": ("ORM",),
    "alembic": ("migrations",),
    "flask-migrate": ("migrations",),
    "flask-login": ("auth",),
    "flask-wtf": ("forms/CSRF",),
    "wtforms": ("forms/CSRF",),
    "email-validator": ("forms/CSRF",),
    "flask-admin": ("admin",),
    "marshmallow": ("serialisation",),
    "marshmallow-sqlalchemy": ("serialisation",),
    "flask-marshmallow": ("serialisation",),
    "python-dotenv": ("configuration",),
    "psycopg": ("database driver",),
    "psycopg2": ("database driver",),
    "psycopg2-binary": ("database driver",),
    "gunicorn": ("serving",),
    "whitenoise": ("serving",),
}


DEVELOPMENT_GROUPS = {"dev", "develop", "docs", "lint", "test", "tests", "testing"}
"""Optional-dependency groups that hold tools, not what the app runs with."""

IMPORT_NAMES = {
    "djangorestframework": "rest_framework",
    "django-axes": "axes",
    "django-filter": "django_filters",
}
"""A distribution's module name when it is not the name with ``_`` for ``-``."""
USED_THROUGH = {
    "email-validator": r"from wtforms\.validators import\b.*\bEmail\b|validators\.Email\(",
}
"""Packages no file imports but that a library imports when a feature the app uses runs:
email-validator is what WTForms' ``Email`` validator checks addresses with."""
NOT_READ = {"pyproject.toml", "README.md", ".copier-answers.yml"}
"""Files that declare or describe packages rather than use them."""


@dataclass(frozen=True)
class Packages:
    """An app's declared dependencies: runtime, optional extras, development tools."""

    runtime: tuple[str, ...]
    development: tuple[str, ...]
    extras: tuple[str, ...] = ()
    """Packages of optional groups that are not tools (``postgres = ["psycopg"]``)."""

    def for_feature(self, feature: str) -> tuple[str, ...]:
        return tuple(
            p for p in (*self.runtime, *self.extras) if feature in PACKAGE_FEATURES.get(p, ())
        )

    @property
    def unmapped(self) -> tuple[str, ...]:
        return tuple(p for p in self.runtime if p not in PACKAGE_FEATURES)


def package_name(requirement: str) -> str:
    """The normalised distribution name of a requirement (``Flask-WTF>=1`` → ``flask-wtf``)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else requirement.strip()


def read_packages(app: Path) -> Packages | None:
    """Dependencies from the app's ``pyproject.toml``; None when there is none."""
    path = app / "pyproject.toml"
    if not path.is_file():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    project = data.get("project", {})
    runtime = tuple(package_name(r) for r in project.get("dependencies", []))
    tools: list[str] = []
    extras: list[str] = []
    groups = [
        *project.get("optional-dependencies", {}).items(),
        *((name, group) for name, group in data.get("dependency-groups", {}).items()),
    ]
    for name, group in groups:
        into = (
            tools
            if name in DEVELOPMENT_GROUPS or name in data.get("dependency-groups", {})
            else extras
        )
        into += [package_name(r) for r in group if isinstance(r, str)]
    extras_kept = tuple(dict.fromkeys(p for p in extras if p not in runtime))
    return Packages(
        runtime,
        tuple(dict.fromkeys(p for p in tools if p not in runtime and p not in extras_kept)),
        extras_kept,
    )


def unused_packages(app: Path, packages: Packages) -> tuple[str, ...]:
    """Declared runtime packages that no file of the app uses.

    A package is used when a file names its module (imports, settings...), or uses the
    feature of another library that needs it (:data:`USED_THROUGH`).
    """
    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in app_files(app)
        if path.name not in NOT_READ and path.suffix != ".gz"
    ]
    text = "\n".join(texts)

    def used(name: str) -> bool:
        module = IMPORT_NAMES.get(name, name.replace("-", "_"))
        through = USED_THROUGH.get(name)
        return bool(
            re.search(rf"\b{re.escape(module)}\b", text) or (through and re.search(through, text))
        )

    return tuple(name for name in packages.runtime if not used(name))
