"""Reading a spec: YAML text in, the plain mapping and the line of every key out.

PyYAML's safe loader builds the data; before that, the composed node tree is
walked once to note the 1-based line of every key and list item under its
dotted location (``entities.Book.fields.price.max_digits``,
``entities.Book.ordering[1]``) and to catch duplicate keys, which PyYAML would
otherwise resolve silently by keeping the last one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode
from yaml.nodes import Node
from yaml.nodes import ScalarNode
from yaml.nodes import SequenceNode

from .errors import Problem
from .errors import SpecError

_MERGE_TAG = "tag:yaml.org,2002:merge"


def read_spec(path: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Read and parse the spec file at ``path``.

    Args:
        path: The YAML file to read (UTF-8).

    Returns:
        The parsed mapping and the line of every location, as :func:`parse_spec`.

    Raises:
        SpecError: The file cannot be read, is not valid YAML, or is not a mapping.
    """
    spec_path = Path(path)
    try:
        text = spec_path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SpecError([_unreadable(spec_path, reason)]) from None
    except UnicodeDecodeError as exc:
        raise SpecError([_unreadable(spec_path, f"not UTF-8 text ({exc.reason})")]) from None
    return parse_spec(text, source=str(spec_path))


def parse_spec(text: str, *, source: str = "<spec>") -> tuple[dict[str, Any], dict[str, int]]:
    """Parse spec text into its mapping and a map from dotted location to YAML line.

    Args:
        text: The YAML text of a spec.
        source: The name shown in YAML's own error marks (a path, usually).

    Returns:
        The top-level mapping (key order kept) and ``{location: line}`` for every
        key and list item, lines counted from 1.

    Raises:
        SpecError: The text is not valid YAML, repeats a key in a mapping, or its
            top level is not a mapping.
    """
    node, data, index = _load(text, source)
    if not isinstance(data, dict):
        line = None if node is None else node.start_mark.line + 1
        raise SpecError([_not_a_mapping(data, line)])
    if index.duplicates:
        raise SpecError(index.duplicates)
    return data, index.lines


def _load(text: str, source: str) -> tuple[Node | None, Any, _Index]:
    """Compose and construct the single YAML document in ``text``.

    Args:
        text: YAML text.
        source: The stream name YAML puts in its marks.

    Returns:
        The root node (None for an empty document), the constructed data and
        the index of the node tree.

    Raises:
        SpecError: YAML rejects the text.
    """
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as exc:  # the reader rejects unprintable characters at once
        raise SpecError([_yaml_problem(exc, text)]) from None
    loader.name = source
    try:
        node = loader.get_single_node()
        index = _Index(node)  # before construction, which flattens merge keys in place
        data = None if node is None else loader.construct_document(node)
        return node, data, index
    except yaml.YAMLError as exc:
        raise SpecError([_yaml_problem(exc, text)]) from None
    finally:
        loader.dispose()


class _Index:
    """The lines and duplicate keys of a composed YAML node tree.

    Attributes:
        lines: ``{dotted location: 1-based line}`` for every key and list item.
        duplicates: One problem for every key repeated within a mapping.
    """

    def __init__(self, root: Node | None) -> None:
        self.lines: dict[str, int] = {}
        self.duplicates: list[Problem] = []
        self._seen: set[int] = set()
        self._keys = SafeConstructor()
        if root is not None:
            self._walk(root, "")

    def _walk(self, node: Node, location: str) -> None:
        """Index ``node`` (found at ``location``) and everything under it, once."""
        if id(node) in self._seen:  # an alias: indexed where its anchor is
            return
        self._seen.add(id(node))
        if isinstance(node, MappingNode):
            self._walk_mapping(node, location)
        elif isinstance(node, SequenceNode):
            for position, item in enumerate(node.value):
                item_location = f"{location}[{position}]"
                self.lines.setdefault(item_location, item.start_mark.line + 1)
                self._walk(item, item_location)

    def _walk_mapping(self, node: MappingNode, location: str) -> None:
        """Index the keys of one mapping and report any key it repeats."""
        first_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key, label = self._key(key_node)
            key_location = f"{location}.{label}" if location else label
            line = key_node.start_mark.line + 1
            if key in first_lines:
                written = str(key_node.value)
                self.duplicates.append(
                    _duplicate(key_location, written, label, line, first_lines[key])
                )
                continue
            first_lines[key] = line
            self.lines.setdefault(key_location, line)
            self._walk(value_node, key_location)

    def _key(self, node: Node) -> tuple[Any, str]:
        """The key a node stands for (as the loader builds it) and its text in a location."""
        if not isinstance(node, ScalarNode):
            return id(node), "?"
        try:
            key = self._keys.construct_object(node)
            hash(key)
        except (yaml.YAMLError, TypeError):
            return node.value, node.value
        return key, str(key)


def _duplicate(location: str, written: str, label: str, line: int, first_line: int) -> Problem:
    """The problem of a key written twice in one mapping (``written`` as in the text)."""
    reads = "" if written == label else f", which YAML reads as {label}"
    return Problem(
        location=location,
        problem=f"duplicate key '{written}'{reads}, first written at line {first_line}; "
        "YAML would silently keep only the last one",
        hint="keep one of them: merge the two, or rename one"
        + ("; quote keys such as 'yes' or 'on'" if reads else ""),
        line=line,
    )


def _yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """The problem of text that YAML cannot parse, with the line YAML points at."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        parts = [part for part in (exc.context, exc.problem) if part]
        message = ": ".join(parts) or str(exc)
        line = None if mark is None else mark.line + 1
    else:
        message = str(exc).splitlines()[0]
        position = getattr(exc, "position", None)
        line = None if position is None else text.count("\n", 0, position) + 1
    return Problem(
        location="",
        problem=f"invalid YAML: {message}",
        hint="fix the YAML syntax at that line (indentation, ':' after keys, closed quotes)",
        line=line,
    )


def _not_a_mapping(data: Any, line: int | None) -> Problem:
    """The problem of a spec whose top level is empty or not a mapping."""
    what = "empty" if data is None else f"a {type(data).__name__}, not a mapping"
    return Problem(
        location="",
        problem=f"the spec is {what}",
        hint="write a mapping with 'project_name:' and 'entities:' at the top level",
        line=line,
    )


def _unreadable(path: Path, reason: str) -> Problem:
    """The problem of a spec file that cannot be read."""
    return Problem(
        location="",
        problem=f"cannot read the spec file {path}: {reason}",
        hint="check the path and that the file is readable UTF-8 text",
    )
