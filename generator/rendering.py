"""Render the apps with copier, over the same templates that ``copier copy`` uses."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import copier
from copier.errors import DirtyLocalWarning
from copier.errors import MissingFileWarning

from .errors import OutputExistsError

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("django", "flask")


def render_apps(
    raw_spec: dict[str, Any],
    out: Path,
    *,
    frameworks: Iterable[str] = FRAMEWORKS,
    force: bool = False,
) -> list[Path]:
    """Write ``out/<framework>_app/`` for each framework; all or nothing.

    The apps are rendered into a temporary directory beside ``out`` and moved
    into place only when every render succeeded, so a failure leaves ``out``
    as it was.
    """
    out = Path(out).resolve()
    _check_output(out, force=force)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for framework in frameworks:
            render_app(raw_spec, staging / f"{framework}_app", framework=framework)
        _replace(out, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / f"{framework}_app" for framework in frameworks]


def render_app(raw_spec: dict[str, Any], dst: Path, *, framework: str) -> None:
    """Render one framework's app into ``dst`` with copier's Python API."""
    with warnings.catch_warnings():
        # expected here: a working tree with edits, and no earlier answers file
        warnings.simplefilter("ignore", DirtyLocalWarning)
        warnings.simplefilter("ignore", MissingFileWarning)
        _run_copy(raw_spec, dst, framework=framework)


def _run_copy(raw_spec: dict[str, Any], dst: Path, *, framework: str) -> None:
    copier.run_copy(
        str(TEMPLATE_ROOT),
        str(dst),
        data={**raw_spec, "framework": framework},
        defaults=True,
        overwrite=True,
        quiet=True,
        unsafe=True,
        vcs_ref=_vcs_ref(),
    )


def _vcs_ref() -> str | None:
    # In a git checkout copier would render the latest tag; HEAD means the working tree.
    return "HEAD" if (TEMPLATE_ROOT / ".git").exists() else None


def _check_output(out: Path, *, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise OutputExistsError(path=str(out))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputExistsError(path=str(out))


def _replace(out: Path, staging: Path) -> None:
    """Move the staged render to ``out``, removing an earlier render only at the end."""
    previous = None
    if out.exists():
        previous = out.with_name(f".{out.name}-previous")
        shutil.rmtree(previous, ignore_errors=True)
        out.rename(previous)
    staging.rename(out)
    if previous is not None:
        shutil.rmtree(previous)
