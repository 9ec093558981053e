"""The fields of an entity: names, bodies, types and fk column clashes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import naming
from .defaults import check_default
from .names import field_name_problem
from .options import TYPE_RULES
from .options import check_options
from .report import Report
from .vocabulary import FIELD_TYPES
from .wording import allowed_hint
from .wording import describe


def check_fields(
    spec: Mapping[str, Any], entity: Any, location: str, report: Report
) -> dict[str, Mapping[str, Any]]:
    """Every field of an entity; returns the usable ones (string name, mapping body)."""
    fields_location = f"{location}.fields"
    fields = spec.get("fields")
    hint = "declare fields such as 'fields: {title: {type: string}}'"
    if "fields" not in spec:
        report.add(fields_location, "fields is missing", hint)
        return {}
    if not fields or not isinstance(fields, Mapping):
        what = "declares no field" if not fields else f"must be a mapping, not {describe(fields)}"
        report.add(fields_location, f"fields {what}", hint)
        return {}
    prefix = naming.snake_case(entity) if isinstance(entity, str) else "item"
    usable = {
        name: body
        for name, body in fields.items()
        if _check_field(name, body, prefix, f"{fields_location}.{name}", report)
    }
    _check_column_clashes(usable, fields_location, report)
    return usable


def _check_field(name: Any, spec: Any, prefix: str, location: str, report: Report) -> bool:
    """One field: name, type and options. True when later rules can use it."""
    found = field_name_problem(name, prefix)
    if found is not None:
        report.add(location, *found)
    if not isinstance(spec, Mapping):
        report.add(
            location,
            f"field {name} must be a mapping, not {describe(spec)}",
            _body_hint(name, spec),
        )
        return False
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        _report_bad_type(spec, location, report)
    else:
        check_options(kind, spec, location, report)
        own_rules = TYPE_RULES.get(kind)
        if own_rules is not None:
            own_rules(spec, location, report)
        check_default(kind, spec, location, report)
    return isinstance(name, str)


def _body_hint(name: Any, spec: Any) -> str:
    """How to write a field body: ``title: {type: string}``."""
    kind = spec if spec in FIELD_TYPES else "string"
    return f"write '{name}: {{type: {kind}}}'"


def _report_bad_type(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """A field without a type, or with a type diptych does not know."""
    listing = ", ".join(FIELD_TYPES)
    if "type" not in spec:
        report.add(f"{location}.type", "the field has no type", f"add 'type:', one of {listing}")
        return
    kind = spec["type"]
    hint = allowed_hint(kind, FIELD_TYPES) if isinstance(kind, str) else f"use one of {listing}"
    report.add(f"{location}.type", f"unknown field type {kind!r}", hint)


def _check_column_clashes(
    fields: Mapping[str, Mapping[str, Any]], location: str, report: Report
) -> None:
    """An fk ``author`` stores ``author_id``; no other field may take that name."""
    for name, spec in fields.items():
        column = f"{name}_id"
        if spec.get("type") == "fk" and column in fields:
            problem = f"field '{column}' clashes with the column of the fk '{name}'"
            report.add(f"{location}.{column}", problem, f"rename '{column}' or '{name}'")
