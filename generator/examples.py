"""``diptych examples``: render every bundled spec into ``examples/<name>/``.

Each example holds ``spec.yml``, ``django_app/``, ``flask_app/``,
``comparison.html`` and ``COMPARISON.md``. It is built beside its final place
and swapped in with renames, so an interrupted run leaves the old example.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from .errors import DiptychError
from .rendering import render_apps
from .spec import bundled_spec
from .spec import load_raw_spec

EXAMPLES = ("todo", "blog", "bookshelf")
DEFAULT_DEST = Path(__file__).resolve().parent.parent / "examples"


def write_example(name: str, dest: Path) -> Path:
    """Render the bundled spec ``name`` into ``dest/<name>/`` beside a copy of the spec.

    ``render_apps`` stages the render and swaps it in only when it succeeded.
    """
    spec = bundled_spec(name)
    target = dest / name
    render_apps(load_raw_spec(spec), target, owned=True)
    shutil.copyfile(spec, target / "spec.yml")
    return target


def write_examples(dest: Path = DEFAULT_DEST, names: Iterable[str] = EXAMPLES) -> list[Path]:
    """Write each named example under ``dest``."""
    return [write_example(name, dest) for name in names]


@click.command("examples")
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DEST,
    show_default="examples/ in the diptych checkout",
    help="Folder to write the examples into.",
)
@click.option("--only", type=click.Choice(EXAMPLES), multiple=True, help="Write only this example.")
def examples_command(dest: Path, only: tuple[str, ...]) -> None:
    """Render the bundled specs (todo, blog, bookshelf) into examples/<name>/."""
    try:
        for path in write_examples(dest, only or EXAMPLES):
            click.echo(f"wrote {path}")
    except DiptychError as error:
        click.secho(str(error), fg="red", err=True)
        sys.exit(2)
