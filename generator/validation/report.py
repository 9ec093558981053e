"""The problem collector, and the dotted locations it attaches lines to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from ..errors import Problem

Hint = tuple[str, str]
"""A problem and its hint, before a location is attached."""


@dataclass
class Report:
    """The problems found so far, with the YAML lines to attach to them."""

    lines: Mapping[str, int]
    problems: list[Problem] = dataclass_field(default_factory=list)

    def add(self, location: str, problem: str, hint: str = "") -> None:
        """Record one problem at ``location``, with the nearest known line."""
        self.problems.append(Problem(location, problem, hint, line_of(location, self.lines)))


def line_of(location: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``location``, else of its nearest parent that has one."""
    while location:
        if location in lines:
            return lines[location]
        location = parent(location)
    return lines.get("")


def parent(location: str) -> str:
    """``a.b[2]`` -> ``a.b`` -> ``a`` -> ``""``."""
    if location.endswith("]") and "[" in location:
        return location[: location.rindex("[")]
    return location.rpartition(".")[0]


def join(location: str, key: Any) -> str:
    """The location of ``key`` inside the mapping at ``location``."""
    return f"{location}.{key}" if location else str(key)
