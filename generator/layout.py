"""The layout of generated Python: ruff sorts the imports and formats every file.

Templates emit straightforward code; this pass lays it out, inside the render,
so ``copier copy``, both renders of a ``copier update`` and ``diptych render``
give the same bytes. Ruff runs with the generated apps' own settings (their
``pyproject.toml``), given on the command line because the render has no
project on disk to read them from.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import PurePosixPath

from .errors import DiptychError

TARGET_VERSION = "py311"
"""The apps' ``requires-python`` (>=3.11)."""
TEMPLATE_SUFFIX = ".jinja"
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


class RuffMissingError(DiptychError):
    """Rendering needs ruff, and the Python running copier has none."""

    def __init__(self) -> None:
        super().__init__(
            "diptych's templates lay out the generated Python with ruff, and this copier "
            "cannot import it. Add ruff beside copier-template-extensions: "
            "`uvx --with copier-template-extensions --with ruff copier copy ...`, "
            "or `pipx inject copier copier-template-extensions ruff`."
        )


class LayoutError(DiptychError):
    """Ruff refused a generated file: the template produced invalid Python."""

    def __init__(self, *, name: str, report: str) -> None:
        super().__init__(f"{name} renders to Python that ruff cannot lay out:\n{report}")


def python_file(template_name: str) -> str | None:
    """The name of the Python file a template renders, or ``None`` for any other file.

    ``templates/x/{% if flag %}permissions.py{% endif %}.jinja`` renders
    ``templates/x/permissions.py`` (the tags of the name left out).
    """
    if not template_name.endswith(TEMPLATE_SUFFIX):
        return None
    plain = JINJA_TAG.sub("", template_name.removesuffix(TEMPLATE_SUFFIX))
    return str(PurePosixPath(plain)) if plain.endswith(".py") else None


def ruff_binary() -> str:
    """The ruff installed beside this Python (``python -m ruff`` finds the same one)."""
    try:
        from ruff import find_ruff_bin  # type: ignore[import-untyped]
    except ImportError:
        raise RuffMissingError() from None
    try:
        return str(find_ruff_bin())
    except FileNotFoundError:
        raise RuffMissingError() from None


def format_python(source: str, *, name: str, first_party: Iterable[str]) -> str:
    """``source`` with its imports sorted and laid out by ``ruff format``.

    Templates write one line per statement: what does not fit in 88 columns
    is split as ruff splits it, so the apps' own ``ruff format`` keeps it.

    ``name`` is the file's path in the generated project (ruff's messages name
    it); ``first_party`` the project's own top-level packages, which isort
    would otherwise look for on disk.
    """
    ruff = ruff_binary()
    settings = [
        "--isolated",
        "--target-version",
        TARGET_VERSION,
        "--config",
        "src = []",
        "--stdin-filename",
        name,
    ]
    isort = [
        "--config",
        "lint.isort.force-single-line = true",
        "--config",
        f"lint.isort.known-first-party = {json.dumps(sorted(first_party))}",
    ]
    sort_imports = [ruff, "check", "--fix", "--quiet", "--select", "I", *isort, *settings, "-"]
    sorted_source = _run(sort_imports, source, name)
    return _run([ruff, "format", "--quiet", *settings, "-"], sorted_source, name)


def _run(command: list[str], source: str, name: str) -> str:
    result = subprocess.run(
        command, input=source, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        raise LayoutError(name=name, report=(result.stderr or result.stdout).strip())
    return result.stdout
