"""Fixtures shared by the project's tests."""

from __future__ import annotations

import os
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full",
        action="store_true",
        help="also run the cases marked `full` (the whole matrices; DIPTYCH_FULL=1 does the same)",
    )


def full_run(config: pytest.Config) -> bool:
    """Whether this run takes the full matrices, not only their representative cases."""
    return bool(config.getoption("--full")) or os.environ.get("DIPTYCH_FULL") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the contract suite on one xdist worker, so its servers start once.

    With ``--dist loadgroup`` the other worker takes everything else meanwhile.
    Cases marked ``full`` are left out unless ``--full`` asks for the whole matrix.
    """
    if not full_run(config):
        left_out = [item for item in items if item.get_closest_marker("full")]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if not item.get_closest_marker("full")]
    for item in items:
        if "contract" in item.path.parts:
            item.add_marker(pytest.mark.xdist_group("contract"))
