"""Render the apps with copier, over the same templates that ``copier copy`` uses."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import copier
from copier.errors import MissingFileWarning

from .comparison import write_comparison
from .errors import OutputExistsError

PACKAGE = Path(__file__).resolve().parent
PACKAGED_TEMPLATE = "_template"
"""Where a wheel carries ``copier.yml`` and ``templates/`` (pyproject's force-include)."""


def template_root() -> Path:
    """The folder holding ``copier.yml`` and ``templates/``: the checkout, or the wheel's copy."""
    checkout = PACKAGE.parent
    if (checkout / "copier.yml").is_file() and (checkout / "templates").is_dir():
        return checkout
    return PACKAGE / PACKAGED_TEMPLATE


TEMPLATE_ROOT = template_root()
FRAMEWORKS = ("django", "flask")
RENDER_MARKER = ".diptych-render"
"""Written into every render, so ``--force`` knows a folder it may replace."""
RENDER_ENTRIES = {RENDER_MARKER, "COMPARISON.md", "comparison.html"} | {
    f"{framework}_app" for framework in FRAMEWORKS
}
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".ruff_cache", ".pytest_cache", PACKAGED_TEMPLATE
)


def render_apps(
    raw_spec: dict[str, Any],
    out: Path,
    *,
    frameworks: Iterable[str] = FRAMEWORKS,
    force: bool = False,
    owned: bool = False,
) -> list[Path]:
    """Write ``out/<framework>_app/`` for each framework, and the comparison of both.

    ``force`` replaces an earlier render in ``out`` (and nothing else);
    ``owned`` says ``out`` is diptych's own folder (``examples/<name>``),
    replaced whatever it holds.

    The apps are rendered into a temporary directory beside ``out`` and moved
    into place only when every render succeeded, so a failure leaves ``out``
    as it was.
    """
    out = Path(out).resolve()
    frameworks = tuple(frameworks)
    _check_output(out, force=force or owned, owned=owned)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        with template_snapshot() as template:
            for framework in frameworks:
                render_app(
                    raw_spec, staging / f"{framework}_app", framework=framework, template=template
                )
        if set(frameworks) == set(FRAMEWORKS):
            write_comparison(staging)
        (staging / RENDER_MARKER).write_text(marker_text())
        staging.chmod(0o755)  # mkdtemp made it private; the output is an ordinary folder
        _replace(out, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / f"{framework}_app" for framework in frameworks]


def render_app(
    raw_spec: dict[str, Any], dst: Path, *, framework: str, template: Path | None = None
) -> None:
    """Render one framework's app into ``dst`` with copier's Python API.

    ``template`` is a snapshot from :func:`template_snapshot`; without one, a
    snapshot is taken for this render alone.
    """
    if template is None:
        with template_snapshot() as snapshot:
            render_app(raw_spec, dst, framework=framework, template=snapshot)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingFileWarning)  # a first render has no answers yet
        copier.run_copy(
            str(template),
            str(dst),
            data={**raw_spec, "framework": framework, "diptych_render": True},
            defaults=True,
            overwrite=True,
            quiet=True,
            unsafe=True,
        )


@contextmanager
def template_snapshot() -> Iterator[Path]:
    """The template files as they are now, in a plain temporary folder.

    copier would render a git checkout's latest tag (or clone it to include
    edits); a plain folder renders the working tree as it is, in a fraction
    of the time. The answers of such a render name no source or commit.
    """
    with tempfile.TemporaryDirectory(prefix="diptych-template-") as folder:
        snapshot = Path(folder)
        shutil.copy2(TEMPLATE_ROOT / "copier.yml", snapshot / "copier.yml")
        shutil.copytree(TEMPLATE_ROOT / "templates", snapshot / "templates", ignore=SNAPSHOT_IGNORE)
        shutil.copytree(PACKAGE, snapshot / "generator", ignore=SNAPSHOT_IGNORE)
        yield snapshot


def marker_text() -> str:
    try:
        version = metadata.version("diptych")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"Rendered by diptych {version}; `diptych render --force` may replace this folder.\n"


def is_render(folder: Path) -> bool:
    """``folder`` holds an earlier render: its marker, or (renders older than the marker)
    nothing but apps with copier's answers and the comparison."""
    if (folder / RENDER_MARKER).is_file():
        return True
    entries = {path.name for path in folder.iterdir()}
    apps = [folder / f"{framework}_app" / ".copier-answers.yml" for framework in FRAMEWORKS]
    return entries <= RENDER_ENTRIES and any(answers.is_file() for answers in apps)


def _check_output(out: Path, *, force: bool, owned: bool) -> None:
    if out.exists() and not out.is_dir():
        raise OutputExistsError(path=str(out))
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise OutputExistsError(path=str(out))
        if not owned and not is_render(out):
            raise OutputExistsError(path=str(out), forced=True)


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
