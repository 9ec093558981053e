"""Helpers for tests that render specs and drive the generated apps' own tools."""

from __future__ import annotations

from pathlib import Path

from generator.contract_suite.apps import EXAMPLE_SPECS
from generator.contract_suite.apps import FRAMEWORKS
from generator.contract_suite.apps import app_env
from generator.contract_suite.apps import manage
from generator.contract_suite.apps import package_name
from generator.contract_suite.apps import run
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec

__all__ = [
    "EXAMPLE_SPECS",
    "FRAMEWORKS",
    "app_env",
    "manage",
    "package_name",
    "render_example",
    "run",
]


def render_example(name: str, out: Path) -> Path:
    """Render a bundled spec (``todo``, ``blog``, ``bookshelf``) into ``out``."""
    render_apps(load_raw_spec(bundled_spec(name)), out, force=True)
    return out
