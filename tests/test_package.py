"""The generator package itself: a small public surface, lint- and type-clean."""

from __future__ import annotations

import subprocess
import sys

import generator
from generator.rendering import TEMPLATE_ROOT


def test_all_imports_are_exported() -> None:
    public = {name for name in vars(generator) if not name.startswith("_")}
    submodules = {
        name for name in public if getattr(generator, name).__class__.__name__ == "module"
    }
    assert public - submodules == set(generator.__all__) - submodules


def test_generator_and_tests_are_ruff_clean() -> None:
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "generator", "tests", "benchmarks"],
            cwd=TEMPLATE_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_generator_type_checks_strictly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "generator"],
        cwd=TEMPLATE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
