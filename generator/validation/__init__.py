"""Validation of a parsed spec: every rule of docs/spec.md, every problem at once.

:func:`validate` walks the plain data that :func:`generator.loading.parse_spec`
returns and reports one :class:`~generator.errors.Problem` per broken rule,
each naming its dotted location (``entities.Book.fields.price.max_digits``,
``entities.Book.admin.list[2]``), what is wrong, what would be right, and the
YAML line when known. :func:`check` raises :class:`~generator.errors.SpecError`
with them. Names are derived with :mod:`generator.naming` only, so the
validator checks exactly the names the generator will produce.

The walk: :mod:`.toplevel`, then :mod:`.entities` (each entity's
:mod:`.fields`, their :mod:`.options`, :mod:`.choices` and :mod:`.defaults`,
then :mod:`.listings` and :mod:`.api`), then the rules across entities in
:mod:`.relations`, :mod:`.distinct` and :mod:`.cycles`. The words of the
format live in :mod:`.vocabulary`; problems are collected in a
:class:`.report.Report`.

The package is pure: no I/O, no global state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem
from ..errors import SpecError
from .cycles import check_required_cycles
from .distinct import check_entity_names_distinct
from .distinct import check_plurals_distinct
from .distinct import check_tables_distinct
from .entities import check_entities
from .relations import check_reverse_names
from .relations import collect_relations
from .relations import declared_names
from .report import Report
from .shapes import Entity
from .toplevel import check_top_level
from .vocabulary import ADMIN_KEYS
from .vocabulary import API_KEYS
from .vocabulary import API_READ
from .vocabulary import API_WRITE
from .vocabulary import CHOICE_MAX_LENGTH
from .vocabulary import COMMON_OPTIONS
from .vocabulary import DEFAULT_MAX_LENGTH
from .vocabulary import ENTITY_KEYS
from .vocabulary import FIELD_TYPES
from .vocabulary import FILTER_TYPES
from .vocabulary import FORBIDDEN_OPTIONS
from .vocabulary import GENERATED_FIELDS
from .vocabulary import INTEGER_RANGE
from .vocabulary import MAX_DIGITS_LIMIT
from .vocabulary import MAX_LENGTH_LIMIT
from .vocabulary import MODULE_NAMES
from .vocabulary import ON_DELETE
from .vocabulary import PAGE_SIZE_RANGE
from .vocabulary import RELATION_TYPES
from .vocabulary import RESERVED_ATTRIBUTES
from .vocabulary import RESERVED_ENTITY_NAMES
from .vocabulary import RESERVED_PLURALS
from .vocabulary import RESERVED_SLUGS
from .vocabulary import SEARCH_TYPES
from .vocabulary import TIMESTAMP_FIELDS
from .vocabulary import TOP_LEVEL_KEYS
from .vocabulary import TYPE_OPTIONS
from .vocabulary import USER_ATTRIBUTES

__all__ = [
    "ADMIN_KEYS",
    "API_KEYS",
    "API_READ",
    "API_WRITE",
    "CHOICE_MAX_LENGTH",
    "COMMON_OPTIONS",
    "DEFAULT_MAX_LENGTH",
    "ENTITY_KEYS",
    "FIELD_TYPES",
    "FILTER_TYPES",
    "FORBIDDEN_OPTIONS",
    "GENERATED_FIELDS",
    "INTEGER_RANGE",
    "MAX_DIGITS_LIMIT",
    "MAX_LENGTH_LIMIT",
    "ON_DELETE",
    "PAGE_SIZE_RANGE",
    "RELATION_TYPES",
    "MODULE_NAMES",
    "RESERVED_ATTRIBUTES",
    "RESERVED_ENTITY_NAMES",
    "RESERVED_PLURALS",
    "RESERVED_SLUGS",
    "SEARCH_TYPES",
    "TIMESTAMP_FIELDS",
    "TOP_LEVEL_KEYS",
    "TYPE_OPTIONS",
    "USER_ATTRIBUTES",
    "Problem",
    "SpecError",
    "check",
    "validate",
]


def validate(raw: Any, lines: Mapping[str, int] | None = None) -> list[Problem]:
    """Every problem in a spec, in the order they appear; empty when the spec is valid.

    Args:
        raw: The spec as plain data (the mapping from :func:`~generator.loading.parse_spec`).
        lines: ``{dotted location: YAML line}``; a problem whose own location is
            not in it gets the line of its nearest parent that is.

    Returns:
        One problem per broken rule, never stopping at the first.
    """
    report = Report(lines or {})
    if not isinstance(raw, Mapping):
        report.add("", "the spec is not a mapping", "write 'project_name:' and 'entities:' keys")
        return report.problems
    check_top_level(raw, report)
    entities = check_entities(raw, report)
    _check_cross_entity(entities, declared_names(raw), report)
    return report.problems


def check(raw: Any, lines: Mapping[str, int] | None = None) -> None:
    """Raise when the spec breaks any rule.

    Args:
        raw: The spec as plain data.
        lines: ``{dotted location: YAML line}``, as for :func:`validate`.

    Raises:
        SpecError: Carrying every problem :func:`validate` found.
    """
    problems = validate(raw, lines)
    if problems:
        raise SpecError(problems)


def _check_cross_entity(entities: list[Entity], declared: set[str], report: Report) -> None:
    """Rules that look at several entities: targets, names, plurals, reverse names."""
    relations = collect_relations(entities, declared, report)
    clashing = check_entity_names_distinct(entities, report)
    check_plurals_distinct([entity for entity in entities if entity.name not in clashing], report)
    check_tables_distinct(entities, report)
    check_reverse_names(entities, relations, report)
    check_required_cycles(entities, relations, report)
