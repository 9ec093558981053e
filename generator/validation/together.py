"""An entity's ``unique_together``: sets of fields whose values no two rows share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .report import Report
from .shapes import Entity
from .vocabulary import NOT_IN_UNIQUE_SETS
from .wording import describe

EXAMPLE = "write a list of field lists, such as 'unique_together: [[shelf, position]]'"


def check_unique_together(value: Any, entity: Entity, report: Report) -> None:
    """A list of sets, each of two or more distinct required fields with a column of their own."""
    location = f"{entity.location}.unique_together"
    if not isinstance(value, list) or not value:
        report.add(
            location, f"unique_together must be a non-empty list, not {describe(value)}", EXAMPLE
        )
        return
    seen: list[frozenset[str]] = []
    for index, names in enumerate(value):
        place = f"{location}[{index}]"
        if not isinstance(names, list) or len(names) < 2:
            report.add(
                place, f"each set must list two fields or more, not {describe(names)}", EXAMPLE
            )
            continue
        for name in names:
            problem = _field_problem(name, entity.fields)
            if problem is not None:
                report.add(place, *problem)
        if len(set(map(str, names))) != len(names):
            report.add(place, "a field is listed twice in one set", "list each field once")
        elif frozenset(map(str, names)) in seen:
            report.add(place, "the same set is listed twice", "remove one of them")
        seen.append(frozenset(map(str, names)))


def _field_problem(name: Any, fields: Mapping[str, Mapping[str, Any]]) -> tuple[str, str] | None:
    listing = ", ".join(fields)
    if not isinstance(name, str) or name not in fields:
        return f"{name!r} is not a field of this entity", f"use fields from: {listing}"
    spec = fields[name]
    kind = spec.get("type")
    if kind in NOT_IN_UNIQUE_SETS:
        return f"field {name!r} {NOT_IN_UNIQUE_SETS[kind]}", "leave it out of the set"
    if spec.get("required", True) is not True or "default" in spec or kind == "boolean":
        return (
            f"field {name!r} may be left out of a request (optional, a default or a boolean), "
            "which the two apps would check differently",
            "use required fields without a default in a unique_together set",
        )
    return None
