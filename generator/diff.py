"""``diptych diff OLD NEW``: what a spec change does in each framework, side by side.

Both specs are rendered; for each concept (model, the migration each tool
would write, admin, serializer or schema, API, OpenAPI document) the change
is shown as a unified diff of the Django files beside the Flask files. The
migrations are the frameworks' own: ``manage.py makemigrations --dry-run -v 3``
and ``flask db migrate`` (Alembic autogenerate) run on the NEW app against
OLD's shipped migration, the database migrated to OLD first. Files that
change by construction (copier's answers, lock files, the shipped first
migration, which an update never rewrites) are left out.
"""

from __future__ import annotations

import difflib
import fnmatch
import html
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import jinja2
from markupsafe import Markup

from .contract_suite.apps import app_env
from .contract_suite.apps import manage
from .contract_suite.apps import package_name
from .errors import DiptychError
from .openapi import openapi_document
from .rendering import render_apps
from .spec import load_raw_spec
from .spec import load_spec

SIDES = (("django", "Django"), ("flask", "Flask"))
UNCHANGED = "(no change)"
BY_CONSTRUCTION = (
    ".copier-answers.yml",
    "*.lock",
    "*/migrations/0001_initial.py",
    "migrations/versions/0001_initial.py",
)
"""Files that differ between any two renders, or that an update never rewrites."""
MIGRATION_TIMEOUT = 300


@dataclass(frozen=True)
class Aspect:
    """One concept of the apps and the files that hold it on each side."""

    key: str
    title: str
    django: tuple[str, ...]
    flask: tuple[str, ...]


ASPECTS = (
    Aspect("model", "Model", ("*/models.py",), ("*/models.py",)),
    Aspect("admin", "Admin", ("*/admin.py",), ("*/admin.py",)),
    Aspect("schema", "Serializer / schema", ("*/serializers.py",), ("*/schemas.py",)),
    Aspect("api", "API", ("*/api.py", "*/urls.py"), ("*/api.py",)),
)


@dataclass(frozen=True)
class Change:
    """One row of the diff: a concept, and what changes on each side."""

    key: str
    title: str
    django: str
    flask: str

    def side(self, name: str) -> str:
        return self.django if name == "django" else self.flask


class DiffError(DiptychError):
    """A framework tool failed while diptych computed the diff."""


def spec_diff(old_spec: Path, new_spec: Path) -> list[Change]:
    """Every concept's change from ``old_spec`` to ``new_spec``, in reading order."""
    old_raw, new_raw = load_raw_spec(old_spec), load_raw_spec(new_spec)
    with tempfile.TemporaryDirectory(prefix="diptych-diff-") as scratch:
        root = Path(scratch)
        old, new = root / "old", root / "new"
        render_apps(old_raw, old)
        render_apps(new_raw, new)
        apps = {side: (old / f"{side}_app", new / f"{side}_app") for side, _ in SIDES}
        changes = [_aspect_change(aspect, apps) for aspect in ASPECTS[:1]]
        changes.append(
            Change(
                "migration",
                "Migration",
                django_migration(*apps["django"], root / "django-migration"),
                flask_migration(*apps["flask"], root / "flask-migration"),
            )
        )
        changes += [_aspect_change(aspect, apps) for aspect in ASPECTS[1:]]
        reference = _json_diff(
            openapi_document(load_spec(old_spec)), openapi_document(load_spec(new_spec))
        )
        changes.append(Change("openapi", "OpenAPI document", reference, reference))
        changes.append(_other_files(apps))
    return changes


def _aspect_change(aspect: Aspect, apps: dict[str, tuple[Path, Path]]) -> Change:
    return Change(
        aspect.key,
        aspect.title,
        _files_diff(*apps["django"], aspect.django),
        _files_diff(*apps["flask"], aspect.flask),
    )


def _other_files(apps: dict[str, tuple[Path, Path]]) -> Change:
    """Whatever else changed, so the diff hides nothing but files changed by construction."""
    shown = {
        side: [*(p for a in ASPECTS for p in getattr(a, side)), "*/openapi.json"]
        for side, _ in SIDES
    }
    sides = {}
    for side, _ in SIDES:
        old, new = apps[side]
        others = [
            name for name in sorted(_files(old) | _files(new)) if not _matches(name, shown[side])
        ]
        sides[side] = _files_diff(old, new, tuple(others))
    return Change("other", "Other files", sides["django"], sides["flask"])


def _files(app: Path) -> set[str]:
    names = {str(path.relative_to(app)) for path in app.rglob("*") if path.is_file()}
    return {name for name in names if not _matches(name, BY_CONSTRUCTION)}


def _matches(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def _files_diff(old: Path, new: Path, patterns: tuple[str, ...]) -> str:
    """The unified diff of the files matching ``patterns`` in the two renders of one app."""
    names = sorted(
        name for name in _files(old) | _files(new) if name in patterns or _matches(name, patterns)
    )
    parts = []
    for name in names:
        before = _read(old / name)
        after = _read(new / name)
        lines = difflib.unified_diff(before, after, f"OLD/{name}", f"NEW/{name}", lineterm="", n=2)
        parts.append("\n".join(lines))
    text = "\n".join(part for part in parts if part)
    return text or UNCHANGED


def _read(path: Path) -> list[str]:
    if not path.is_file():
        return []
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return ["(binary file)"]


def _json_diff(old: dict[str, Any], new: dict[str, Any]) -> str:
    before = json.dumps(old, indent=2, sort_keys=True).splitlines()
    after = json.dumps(new, indent=2, sort_keys=True).splitlines()
    lines = difflib.unified_diff(before, after, "OLD openapi", "NEW openapi", lineterm="", n=2)
    return "\n".join(lines) or UNCHANGED


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=MIGRATION_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise DiffError(
            f"{' '.join(args[1:])} failed in the rendered app ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout


def _new_app_on_old_migrations(old: Path, new: Path, work: Path, migrations: str) -> Path:
    """A copy of the NEW app whose migrations folder is OLD's, as after ``copier update``."""
    shutil.copytree(new, work)
    shutil.rmtree(work / migrations)
    shutil.copytree(old / migrations, work / migrations)
    return work


def django_migration(old: Path, new: Path, work: Path) -> str:
    """What ``makemigrations`` would write for the change (``--dry-run -v 3``)."""
    migrations = f"{package_name(new)}/migrations"
    app = _new_app_on_old_migrations(old, new, work, migrations)
    env = app_env(app, DATABASE_URL=f"sqlite:///{work.parent / 'django.sqlite3'}")
    output = _run([*manage(app), "makemigrations", "--dry-run", "-v", "3"], app, env)
    return output.strip() or UNCHANGED


def flask_migration(old: Path, new: Path, work: Path) -> str:
    """The revision ``flask db migrate`` autogenerates on a database migrated to OLD."""
    versions = "migrations/versions"
    app = _new_app_on_old_migrations(old, new, work, versions)
    env = app_env(app, DATABASE_URL=f"sqlite:///{work.parent / 'flask.sqlite3'}")
    _run([*manage(app), "db", "upgrade"], app, env)
    before = set((app / versions).glob("*.py"))
    output = _run([*manage(app), "db", "migrate", "-m", "spec change"], app, env)
    written = sorted(set((app / versions).glob("*.py")) - before)
    if not written:
        return output.strip() or UNCHANGED
    return "\n".join(f"# {path.name}\n{path.read_text()}" for path in written).strip()


def terminal_text(changes: list[Change], width: int) -> str:
    """The changes as two columns, Django left and Flask right, wrapped to ``width``."""
    column = max(30, (width - 3) // 2)
    out = []
    for change in changes:
        out += ["", f"== {change.title} ".ljust(width, "="), _row("Django", "Flask", column)]
        out.append(_row("-" * column, "-" * column, column))
        left = _wrapped(change.django, column)
        right = _wrapped(change.flask, column)
        for n in range(max(len(left), len(right))):
            out.append(
                _row(left[n] if n < len(left) else "", right[n] if n < len(right) else "", column)
            )
    return "\n".join(out).lstrip("\n")


def _row(left: str, right: str, column: int) -> str:
    return f"{left.ljust(column)} | {right}".rstrip()


def _wrapped(text: str, column: int) -> list[str]:
    lines = []
    for line in text.expandtabs(4).splitlines() or [""]:
        lines += [line[start : start + column] for start in range(0, max(len(line), 1), column)]
    return lines


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
{{ style }}
pre.diff { margin: 0; padding: .6rem .7rem; overflow-x: auto; border: 1px solid var(--line);
  border-radius: 4px; background: #fafafa; font: 13px/1.45 ui-monospace, Menlo, monospace; }
pre.diff .add { background: #e6ffec; display: block; }
pre.diff .del { background: #ffebe9; display: block; }
pre.diff .hunk { color: var(--muted); display: block; }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p>What the change from <code>{{ old }}</code> to <code>{{ new }}</code> does in each
framework. The migrations are the tools' own output; files that change by construction
(copier's answers, lock files, the shipped first migration) are left out.</p>
</header>
<main>
{% for change in changes %}
<section id="{{ change.key }}" class="concept">
<h2>{{ change.title }}</h2>
<div class="pair">
{% for side, label in sides %}
<div class="side {{ side }}"><h3>{{ label }}</h3>
<pre class="diff">{{ change.side(side) | diff_lines }}</pre></div>
{% endfor %}
</div>
</section>
{% endfor %}
</main>
</body>
</html>
"""


def render_html(changes: list[Change], old: str, new: str) -> str:
    """``diff.html``: self-contained, in the comparison's style (no scripts, no fetches)."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["diff_lines"] = _diff_lines
    return env.from_string(PAGE).render(
        title=f"diptych diff: {old} → {new}",
        old=old,
        new=new,
        changes=changes,
        sides=SIDES,
        style=Markup(comparison_style()),
    )


def comparison_style() -> str:
    """The CSS of ``comparison.html``, so the two pages look alike."""
    source = Path(__file__).parent / "comparison" / "templates" / "comparison.html.jinja"
    match = re.search(r"<style>\n(.*?)</style>", source.read_text(), re.S)
    return match[1] if match else ""


def _diff_lines(text: str) -> Markup:
    classes = {"+": "add", "-": "del", "@": "hunk"}
    lines = []
    for line in text.splitlines():
        kind = "hunk" if line.startswith(("+++ ", "--- ")) else classes.get(line[:1], "")
        escaped = html.escape(line)
        lines.append(f'<span class="{kind}">{escaped}</span>' if kind else escaped)
    return Markup("\n".join(lines))


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("diff.html"),
    show_default=True,
    help="Where to write the HTML page.",
)
def diff_command(old: Path, new: Path, html_path: Path) -> None:
    """Show what changing the spec OLD into NEW does in each framework, side by side.

    Prints the model, migration, admin, serializer or schema, API and OpenAPI
    changes, Django beside Flask, and writes the same as a self-contained page.
    """
    if not html_path.parent.is_dir():
        # checked first: the diff renders four apps and runs two migration tools
        raise click.BadParameter(
            f"{html_path.parent} is not a folder: create it, or name another place.",
            param_hint="'-o' / '--html'",
        )
    changes = spec_diff(old, new)
    click.echo(terminal_text(changes, shutil.get_terminal_size((200, 40)).columns))
    html_path.write_text(render_html(changes, str(old), str(new)), encoding="utf-8")
    click.echo(f"\nwrote {html_path}")
