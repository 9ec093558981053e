"""Locators: small rules that find one concept's code in one rendered app.

A locator is a callable ``(app_dir) -> list[Found]``. The rules are written
against the shape of the apps (``the class in models.py named after the
entity``), not against exact line numbers, so they keep working while the
templates change; a rule that finds nothing yields a :class:`Missing`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from pathlib import Path

from .extract import Found
from .extract import Missing
from .extract import Snippet
from .extract import definitions
from .extract import find_files
from .extract import parse
from .extract import statements
from .extract import whole_file

Locator = Callable[[Path], list[Found]]


@dataclass(frozen=True)
class File:
    """The whole file matching a glob."""

    pattern: str

    def __call__(self, app: Path) -> list[Found]:
        return [whole_file(app, self.pattern)]


@dataclass(frozen=True)
class Defs:
    """Top-level classes and functions whose whole name matches ``regex`` (case-insensitive).

    ``exclude`` drops names that also match it (``BookReview`` when looking
    for ``Book...``); ``limit`` keeps the first ones in file order.
    """

    pattern: str
    regex: str
    exclude: str | None = None
    limit: int | None = None
    flags: int = re.IGNORECASE

    def __call__(self, app: Path) -> list[Found]:
        wanted = re.compile(self.regex, self.flags)
        unwanted = re.compile(self.exclude, self.flags) if self.exclude else None
        found: list[Snippet] = []
        for path in find_files(app, self.pattern):
            tree = parse(path)
            if tree is None:
                continue
            names = [
                getattr(node, "name", "")
                for node in tree.body
                if hasattr(node, "name") and wanted.fullmatch(node.name)
            ]
            for name in names:
                if unwanted and unwanted.fullmatch(name):
                    continue
                found.extend(
                    s
                    for s in definitions(app, path.relative_to(app).as_posix(), name)
                    if s not in found
                )
        found.sort(key=lambda snippet: (snippet.path, snippet.start))
        if self.limit is not None:
            found = found[: self.limit]
        if not found:
            return [Missing(f"a class or function named /{self.regex}/ in {self.pattern}")]
        return list(found)


@dataclass(frozen=True)
class Statements:
    """Statements (assignments, calls) whose source matches ``regex``."""

    pattern: str
    regex: str
    label: str = "selected lines"

    def __call__(self, app: Path) -> list[Found]:
        found = statements(app, self.pattern, self.regex)
        if isinstance(found, Missing):
            return [found]
        return [replace(snippet, label=self.label) for snippet in found]


@dataclass(frozen=True)
class Optional:
    """An extra that may be absent: dropped, not reported, when it finds nothing."""

    locator: Locator

    def __call__(self, app: Path) -> list[Found]:
        return [found for found in self.locator(app) if isinstance(found, Snippet)]


def locate(app: Path, locators: Sequence[Locator]) -> list[Found]:
    """Run every locator; when no snippet at all was found, keep the misses as notes."""
    found: list[Found] = []
    for locator in locators:
        found.extend(locator(app))
    if not any(isinstance(item, Snippet) for item in found):
        return [item for item in found if isinstance(item, Missing)] or [
            Missing("code for this concept")
        ]
    return _dedupe(found)


def _dedupe(found: list[Found]) -> list[Found]:
    """Drop snippets contained in another snippet of the same file."""
    snippets = [item for item in found if isinstance(item, Snippet)]
    kept: list[Found] = []
    for item in found:
        if isinstance(item, Snippet) and any(
            other is not item
            and other.path == item.path
            and other.start <= item.start
            and item.end <= other.end
            and (other.start, other.end) != (item.start, item.end)
            for other in snippets
        ):
            continue
        if item not in kept:
            kept.append(item)
    return kept
