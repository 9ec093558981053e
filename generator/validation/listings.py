"""Options that name fields of the entity: display, ordering and admin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .keys import check_unknown_keys
from .report import Hint
from .report import Report
from .shapes import Entity
from .vocabulary import ADMIN_KEYS
from .vocabulary import FILTER_TYPES
from .vocabulary import SEARCH_TYPES
from .vocabulary import TIMESTAMP_FIELDS
from .vocabulary import UNORDERED_TYPES
from .wording import describe
from .wording import one_of

Lookup = tuple[Entity, dict[str, str | None], list[str], str]
"""The entity, its known names with their types, the usable names, and the rule in words."""


def check_display(value: Any, entity: Entity, report: Report) -> None:
    """display names a field of the entity that holds one value (not m2m or json)."""
    types = entity.types
    usable = [name for name, kind in types.items() if kind not in UNORDERED_TYPES]
    found = _reference_problem(
        value, "display", entity, types, usable, "fields that are not many-to-many or json"
    )
    if found is not None:
        report.add(f"{entity.location}.display", *found)


def check_ordering(value: Any, entity: Entity, report: Report) -> None:
    """Each item is 'name' or '-name' of a single-valued field, id or a timestamp."""
    known = {"id": "integer", **entity.types}
    if entity.timestamps:
        known |= {name: "datetime" for name in TIMESTAMP_FIELDS}
    usable = [name for name, kind in known.items() if kind not in UNORDERED_TYPES]
    rule = "id, timestamps and fields that are not many-to-many or json"
    _check_name_list(
        value, "ordering", f"{entity.location}.ordering", (entity, known, usable, rule), report
    )


def check_admin(admin: Any, entity: Entity, report: Report) -> None:
    """admin is a mapping of list, search and filter, each a list of suitable fields."""
    location = f"{entity.location}.admin"
    if not isinstance(admin, Mapping):
        report.add(
            location,
            f"admin must be a mapping, not {describe(admin)}",
            "write 'admin: {list: [...], search: [...], filter: [...]}'",
        )
        return
    check_unknown_keys(admin, ADMIN_KEYS, location, report)
    for key, lookup in _admin_columns(entity).items():
        if key in admin:
            _check_name_list(admin[key], f"admin.{key}", f"{location}.{key}", lookup, report)


def _admin_columns(entity: Entity) -> dict[str, Lookup]:
    """For admin.list, .search and .filter: the known names, the usable ones and the rule."""
    types = entity.types
    known = {**types, **entity.generated}
    listable = [name for name, kind in known.items() if kind != "m2m"]
    searchable = [name for name, kind in types.items() if kind in SEARCH_TYPES]
    filterable = [name for name, kind in types.items() if kind in FILTER_TYPES]
    return {
        "list": (entity, known, listable, "fields that are not many-to-many"),
        "search": (entity, known, searchable, f"{one_of(SEARCH_TYPES)} fields"),
        "filter": (entity, known, filterable, f"{one_of(FILTER_TYPES)} fields"),
    }


def _check_name_list(value: Any, kind: str, location: str, lookup: Lookup, report: Report) -> None:
    """A list of distinct field names, each one usable for ``kind``."""
    entity, known, usable, rule = lookup
    if not isinstance(value, list):
        example = ", ".join(usable[:2])
        report.add(
            location,
            f"{kind} must be a list of field names, not {describe(value)}",
            f"write a list such as [{example}]",
        )
        return
    seen: set[str] = set()
    for position, item in enumerate(value):
        name = (
            item[1:]
            if kind == "ordering" and isinstance(item, str) and item.startswith("-")
            else item
        )
        found = _reference_problem(name, kind, entity, known, usable, rule)
        if found is None and name in seen:
            found = f"{kind} names '{name}' twice", "remove the repeat"
        if found is not None:
            report.add(f"{location}[{position}]", *found)
        if isinstance(name, str):
            seen.add(name)


def _reference_problem(
    name: Any,
    kind: str,
    entity: Entity,
    known: Mapping[str, str | None],
    usable: list[str],
    rule: str,
) -> Hint | None:
    """Why ``name`` cannot be used in ``kind``; None when it can (or its type is broken)."""
    hint = (
        f"use one of: {', '.join(usable)}"
        if usable
        else f"{kind} takes {rule}, and {entity.name} has none"
    )
    if not isinstance(name, str):
        return f"{kind} must name a field, not {describe(name)}", hint
    if name not in known:
        return f"{kind} names '{name}', which is not a field of {entity.name}", hint
    if name not in usable and known[name] is not None:
        return f"{kind} names '{name}', of type {known[name]}, but takes only {rule}", hint
    return None
