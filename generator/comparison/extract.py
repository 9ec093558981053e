"""Find code in a rendered app: files by pattern, Python symbols and statements by ast.

Everything here reads the files copier wrote; nothing is rendered a second
time, so what the comparison shows cannot drift from what the apps contain.
A search that finds nothing returns a :class:`Missing` that says what was
looked for, never an empty snippet.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LANGUAGES = {
    ".py": "python",
    ".html": "html+django",
    ".toml": "toml",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".ini": "ini",
    ".cfg": "ini",
    ".md": "markdown",
    ".css": "css",
    ".js": "javascript",
    ".mako": "mako",
}


@dataclass(frozen=True)
class Snippet:
    """Lines ``start``..``end`` (1-based, inclusive) of ``path``, relative to the app."""

    path: str
    start: int
    end: int
    text: str
    label: str = ""
    """What the snippet is (``class Post``, ``whole file``)."""

    @property
    def language(self) -> str:
        return LANGUAGES.get(Path(self.path).suffix, "text")

    @property
    def caption(self) -> str:
        lines = f"{self.start}" if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.path}:{lines}"


@dataclass(frozen=True)
class Missing:
    """Code the comparison looked for and did not find in this render."""

    wanted: str
    """What was searched, in words (``a class named after Post in */models.py``)."""


Found = Snippet | Missing


def find_files(app: Path, pattern: str) -> list[Path]:
    """Files under ``app`` matching a glob (``*/models.py``), in a stable order."""
    return sorted(path for path in app.glob(pattern) if path.is_file() and _visible(app, path))


def _visible(app: Path, path: Path) -> bool:
    parts = path.relative_to(app).parts
    return not any(part == "__pycache__" or part.startswith(".pytest") for part in parts)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def whole_file(app: Path, pattern: str) -> Found:
    """The first file matching ``pattern``, complete."""
    files = find_files(app, pattern)
    if not files:
        return Missing(f"a file {pattern}")
    path = files[0]
    lines = read_lines(path)
    return _snippet(app, path, 1, max(len(lines), 1), "whole file")


def class_or_function(app: Path, pattern: str, name: str, *, prefix: bool = False) -> Found:
    """The top-level class or function called ``name`` (or starting with it) in a file.

    With ``prefix``, the shortest matching name wins (``PostSerializer`` before
    ``PostDetailSerializer``), so the main definition is shown first.
    """
    matches = definitions(app, pattern, name, prefix=prefix)
    what = f"{'a definition starting with' if prefix else 'a definition named'} {name} in {pattern}"
    return matches[0] if matches else Missing(what)


def definitions(app: Path, pattern: str, name: str, *, prefix: bool = False) -> list[Snippet]:
    """Every top-level class or function in matching files called (or starting with) ``name``."""
    found: list[tuple[int, Snippet]] = []
    for path in find_files(app, pattern):
        tree = parse(path)
        if tree is None:
            continue
        for node in tree.body:
            if not isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name == name or (prefix and node.name.startswith(name)):
                kind = "class" if isinstance(node, ast.ClassDef) else "def"
                snippet = _node_snippet(app, path, node, f"{kind} {node.name}")
                found.append((len(node.name), snippet))
    found.sort(key=lambda item: item[0])
    return [snippet for _, snippet in found]


def statements(app: Path, pattern: str, regex: str, *, flags: int = 0) -> list[Snippet] | Missing:
    """Statements in the first matching file whose source matches ``regex`` (imports aside).

    Nearby matches are merged into one snippet, so a settings group or a run
    of ``router.register(...)`` calls reads as one block; distant ones are
    separate snippets, in file order.
    """
    compiled = re.compile(regex, flags)
    for path in find_files(app, pattern):
        tree = parse(path)
        if tree is None:
            continue
        lines = _lines(path)
        spans = _merge(
            sorted(
                (node.lineno, node.end_lineno or node.lineno)
                for node in _leaves(path)
                if not isinstance(node, ast.Import | ast.ImportFrom)
                and compiled.search(
                    "\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])
                )
            )
        )
        if spans:
            label = f"statements matching /{regex}/"
            return [_snippet(app, path, start, end, label) for start, end in spans]
    return Missing(f"statements matching /{regex}/ in {pattern}")


def _leaves(path: Path) -> list[ast.stmt]:
    return _leaves_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _leaves_cached(path: str, mtime: int) -> list[ast.stmt]:
    tree = _parse_cached(path, mtime)
    return _leaf_statements(tree) if tree is not None else []


def _leaf_statements(tree: ast.AST) -> list[ast.stmt]:
    """Statements without a body of their own (assignments, calls, returns...)."""
    leaves: list[ast.stmt] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not any(
            isinstance(child, ast.stmt) for child in ast.iter_child_nodes(node)
        ):
            leaves.append(node)
    return leaves


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 2:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def first_found(*candidates: Found) -> Found:
    """The first snippet among ``candidates``, or one :class:`Missing` naming them all."""
    for candidate in candidates:
        if isinstance(candidate, Snippet):
            return candidate
    return Missing(" or ".join(c.wanted for c in candidates if isinstance(c, Missing)))


@lru_cache(maxsize=256)
def _source_cached(path: str, mtime: int) -> str:
    return Path(path).read_text(encoding="utf-8")


def _source(path: Path) -> str:
    return _source_cached(str(path), path.stat().st_mtime_ns)


def _lines(path: Path) -> list[str]:
    return _lines_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _lines_cached(path: str, mtime: int) -> list[str]:
    return _source(Path(path)).splitlines()


def parse(path: Path) -> ast.Module | None:
    """The module's syntax tree (cached per file version), or None when it is not Python."""
    return _parse_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _parse_cached(path: str, mtime: int) -> ast.Module | None:
    try:
        return ast.parse(_source(Path(path)), filename=path)
    except (SyntaxError, ValueError):
        return None


def _node_snippet(app: Path, path: Path, node: ast.stmt, label: str) -> Snippet:
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(d.lineno for d in decorators)])
    return _snippet(app, path, start, node.end_lineno or node.lineno, label)


def _snippet(app: Path, path: Path, start: int, end: int, label: str) -> Snippet:
    lines = _lines(path)[start - 1 : end]
    return Snippet(path.relative_to(app).as_posix(), start, end, "\n".join(lines), label)
