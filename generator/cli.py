"""The ``diptych`` command line: a thin layer over the generator's functions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .errors import DiptychError
from .errors import OutputExistsError
from .errors import SpecError
from .model import Project
from .spec import load_raw_spec
from .spec import load_spec

EXIT_CODES: dict[type[DiptychError], int] = {SpecError: 2, OutputExistsError: 2}


@contextmanager
def _handle_errors() -> Iterator[None]:
    """Turn diptych's own errors into a clear message and an exit status."""
    try:
        yield
    except DiptychError as error:
        click.secho(str(error), fg="red", err=True)
        sys.exit(next((code for kind, code in EXIT_CODES.items() if isinstance(error, kind)), 1))


class DiptychGroup(click.Group):
    """Every subcommand runs inside one error handler, as copier's CLI does."""

    def invoke(self, ctx: click.Context) -> Any:
        with _handle_errors():
            return super().invoke(ctx)


spec_argument = click.argument("spec", type=click.Path(exists=True, dir_okay=False, path_type=Path))


@click.group(cls=DiptychGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diptych")
def main() -> None:
    """One YAML spec in, a Django app and a Flask app out, side by side."""


@main.command()
@spec_argument
def check(spec: Path) -> None:
    """Validate SPEC and summarise what would be generated."""
    click.echo(summary(load_spec(spec)))


@main.command()
@spec_argument
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write; must be absent or empty unless --force.",
)
@click.option(
    "--framework",
    type=click.Choice(["django", "flask"]),
    multiple=True,
    help="Render only this framework (repeatable); default both.",
)
@click.option("--force", is_flag=True, help="Replace an earlier render in OUT.")
def render(spec: Path, out: Path, framework: tuple[str, ...], force: bool) -> None:
    """Render SPEC into OUT/django_app/ and OUT/flask_app/, with the comparison beside them."""
    from .rendering import FRAMEWORKS
    from .rendering import render_apps

    raw = load_raw_spec(spec)
    apps = render_apps(raw, out, frameworks=framework or FRAMEWORKS, force=force)
    for app in apps:
        click.echo(f"wrote {app}")


def _register_stage_commands() -> None:
    """Commands that live beside the stage they drive (bench, compare, diff, ...)."""
    from .bench import bench_command
    from .comparison import compare_command
    from .contract import contract_command
    from .demo_server import demo_command
    from .diff import diff_command
    from .examples import examples_command

    for command in (
        bench_command,
        compare_command,
        contract_command,
        demo_command,
        diff_command,
        examples_command,
    ):
        main.add_command(command)


_register_stage_commands()


def summary(project: Project) -> str:
    """A one-screen summary of a spec: entities, fields, relations, API rules."""
    lines = [f"{project.name} (package {project.slug}): {len(project.entities)} entities"]
    for entity in project.entities:
        extras = [
            word for word, on in (("owner", entity.owner), ("timestamps", entity.timestamps)) if on
        ]
        lines.append(
            f"  {entity.name:<16} /api/{entity.plural}/  read: {entity.api_read}, "
            f"write: {entity.api_write}, page: {entity.page_size}"
            + (f"  [{', '.join(extras)}]" if extras else "")
        )
        for field in entity.fields:
            lines.append(f"    {field.name:<18} {_describe(field)}")
    lines.append("Would write: django_app/ (Django + DRF) and flask_app/ (Flask + extensions).")
    return "\n".join(lines)


def _describe(field: Any) -> str:
    text = field.type
    if field.is_relation:
        text += f" -> {field.target} (reverse: {field.related_name})"
    flags = [
        flag for flag, on in (("optional", not field.required), ("unique", field.unique)) if on
    ]
    return f"{text} {', '.join(flags)}".rstrip()
