"""The side-by-side comparison of a render: ``OUT/comparison.html`` and ``OUT/COMPARISON.md``.

Pipeline: :mod:`.concepts` says what to show and where to look,
:mod:`.locate`/:mod:`.extract` find it in the rendered files, :mod:`.figures`
and :mod:`.evidence` measure, :mod:`.build` collects one
:class:`~.build.Comparison`, and :mod:`.html`/:mod:`.markdown` write it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from ..errors import DiptychError
from .build import Comparison
from .build import NotARenderError
from .build import build

HTML_NAME = "comparison.html"
MARKDOWN_NAME = "COMPARISON.md"

__all__ = [
    "Comparison",
    "NotARenderError",
    "build",
    "compare_command",
    "write_comparison",
]


def write_comparison(out: Path) -> tuple[Path, Path]:
    """Write ``comparison.html`` and ``COMPARISON.md`` into the render folder ``out``."""
    return _write(Path(out))[1:]


def _write(out: Path) -> tuple[Comparison, Path, Path]:
    from .html import render_html
    from .markdown import render_markdown

    comparison = build(out)
    html_path, md_path = out / HTML_NAME, out / MARKDOWN_NAME
    _write_atomic(html_path, render_html(comparison))
    _write_atomic(md_path, render_markdown(comparison))
    return comparison, html_path, md_path


def _write_atomic(path: Path, content: str) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(content)
    os.chmod(name, 0o644)
    os.replace(name, path)


@click.command("compare")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 when any concept's code was not found.")
def compare_command(out: Path, strict: bool) -> None:
    """Rebuild OUT/comparison.html and OUT/COMPARISON.md from an existing render.

    Concepts whose code is not found are listed on stderr (and marked in both files).
    """
    try:
        comparison, html_path, md_path = _write(out)
    except DiptychError as error:
        click.secho(str(error), fg="red", err=True)
        sys.exit(2)
    click.echo(f"wrote {html_path}")
    click.echo(f"wrote {md_path}")
    for key, side, item in comparison.missing:
        click.secho(f"not found in this render: [{key}] {side}: {item.wanted}", err=True)
    if strict and comparison.missing:
        sys.exit(1)
