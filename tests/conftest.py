"""Fixtures shared by the project's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.apps import render_example


@pytest.fixture
def runner() -> CliRunner:
    """A click runner for the ``diptych`` command, in-process."""
    return CliRunner()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Render a bundled example spec once per test session; returns the output folder."""
    cache: dict[str, Path] = {}

    def render(name: str) -> Path:
        if name not in cache:
            cache[name] = render_example(name, tmp_path_factory.mktemp(f"render-{name}"))
        return cache[name]

    return render


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep the contract suite on one xdist worker, so its servers start once.

    With ``--dist loadgroup`` the other worker takes everything else meanwhile.
    """
    for item in items:
        if "contract" in item.path.parts:
            item.add_marker(pytest.mark.xdist_group("contract"))
