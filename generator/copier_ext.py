"""copier's bridge to the generator: the spec model, literal filters, and ruff's layout.

copier-template-extensions loads this file by path from the template version
being rendered. The generator package beside it is imported under a name
unique to that copy, so an update that renders two versions in one process
uses each version's own code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from copier.errors import UserMessageError
from copier_template_extensions import ContextHook
from jinja2 import Environment
from jinja2.ext import Extension

PACKAGE_DIR = Path(__file__).resolve().parent
# The model imports these on first use. The template snapshot this copy is
# loaded from is deleted after its render, while later renders in the same
# process reuse the module: so they are imported at once, while it exists.
LAZY_SUBMODULES = ("demo", "openapi", "layout", "django_types", "flask_types")


@cache
def _generator() -> ModuleType:
    fingerprint = hashlib.sha256()
    for source in sorted(PACKAGE_DIR.glob("*.py")):
        fingerprint.update(source.read_bytes())
    name = f"_diptych_{fingerprint.hexdigest()[:16]}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, PACKAGE_DIR / "__init__.py", submodule_search_locations=[str(PACKAGE_DIR)]
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        for submodule in LAZY_SUBMODULES:
            importlib.import_module(f"{name}.{submodule}")
    return sys.modules[name]


class SpecContext(ContextHook):
    """Puts the normalised spec into every template's context as ``model``.

    A bad spec stops copier with ``diptych check``'s report and no traceback
    (copier prints a :class:`UserMessageError` as its message alone).
    """

    def hook(self, context: dict[str, Any]) -> None:
        if "entities" in context and "project_name" in context:
            generator = _generator()
            try:
                context["model"] = generator.project_from_answers(context)
                context["django_types"] = generator.django_types
                context["flask_types"] = generator.flask_types
            except generator.SpecError as error:
                raise UserMessageError(spec_report(generator, error)) from None


def spec_report(generator: ModuleType, error: Exception) -> str:
    """The report of ``error``, with line numbers when the spec is a ``--data-file``.

    copier's answers have lost the file's lines, so the file copier was given
    is checked again, as ``diptych check`` would check it.
    """
    for path in data_files(sys.argv[1:]):
        try:
            generator.load_spec(path)
        except generator.SpecError as positioned:
            return str(positioned)
        except OSError:
            continue
    return str(error)


def data_files(args: list[str]) -> list[Path]:
    """The files of copier's ``--data-file`` options in a command line."""
    files = []
    for before, arg in zip(["", *args], args, strict=False):
        if before == "--data-file":
            files.append(Path(arg))
        elif arg.startswith("--data-file="):
            files.append(Path(arg.removeprefix("--data-file=")))
    return files


class LiteralFilters(Extension):
    """Filters: ``py`` (a Python literal), ``regex`` (a raw string), ``toml`` (a TOML
    string) and ``call`` (``head(arg, ...)`` on one line, for the templates that still
    build calls so)."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        literals = _generator().literals
        environment.filters["py"] = literals.py_literal
        environment.filters["regex"] = literals.regex_literal
        environment.filters["toml"] = literals.toml_string


class PythonLayout(Extension):
    """Every rendered Python file leaves the render laid out by ruff (``generator.layout``).

    Templates are rendered by the environment's template class, so a subclass
    formats each ``*.py.jinja`` file as it is rendered: ``copier copy``, both
    sides of ``copier update`` and ``diptych render`` format alike. Without
    ruff, the render stops at once and says what to install.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        generator = _generator()
        layout = generator.layout
        try:
            layout.ruff_binary()
        except layout.RuffMissingError as error:
            raise UserMessageError(str(error)) from None

        class LaidOutTemplate(environment.template_class):  # type: ignore[misc,name-defined]
            def render(self, *args: Any, **kwargs: Any) -> str:
                text: str = super().render(*args, **kwargs)
                name = layout.python_file(self.name or "")
                if name is None:
                    return text
                project = generator.project_from_answers(dict(*args, **kwargs))
                try:
                    laid_out: str = layout.format_python(
                        text, name=name, first_party=project.first_party_packages
                    )
                except layout.LayoutError as error:
                    raise UserMessageError(str(error)) from None
                return laid_out

        environment.template_class = LaidOutTemplate


class EarlierAnswers(Extension):
    """Filter ``earlier_answers``: the answers file to read as external data.

    That is the project's answers file once there is one; before the first
    copy, an empty file, so copier has nothing missing to warn about.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters["earlier_answers"] = earlier_answers


def earlier_answers(dst_path: os.PathLike[str], answers_file: os.PathLike[str]) -> str:
    return str(answers_file) if (Path(dst_path) / answers_file).is_file() else os.devnull
