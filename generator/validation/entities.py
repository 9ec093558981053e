"""The entities mapping: each entity's name, keys, plural and options."""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from typing import Any
from typing import cast

from .. import naming
from .api import check_api
from .fields import check_fields
from .keys import check_type
from .keys import check_unknown_keys
from .listings import check_admin
from .listings import check_display
from .listings import check_ordering
from .names import camel_suggestion
from .names import plural_problem
from .report import Report
from .shapes import Entity
from .together import check_unique_together
from .vocabulary import ENTITY_KEYS
from .vocabulary import ENTITY_NAME_PATTERN
from .vocabulary import GENERATED_CLASS_NAMES
from .vocabulary import RESERVED_ENTITY_NAMES
from .wording import describe


def check_entities(raw: Mapping[str, Any], report: Report) -> list[Entity]:
    """The entities mapping and every entity in it; returns what later rules need."""
    hint = "declare entities such as 'Book: {fields: {title: {type: string}}}'"
    entities = raw.get("entities")
    if "entities" not in raw:
        report.add("entities", "entities is missing", hint)
    elif entities is not None and not isinstance(entities, Mapping):
        report.add("entities", f"entities must be a mapping, not {describe(entities)}", hint)
    elif not entities:
        report.add("entities", "entities declares no entity", hint)
    else:
        checked = (_check_entity(name, spec, report) for name, spec in entities.items())
        return [entity for entity in checked if entity is not None]
    return []


def _check_entity(name: Any, spec: Any, report: Report) -> Entity | None:
    """One entity: its name, its keys, fields, plural and options."""
    location = f"entities.{name}"
    _check_entity_name(name, location, report)
    if not isinstance(spec, Mapping):
        hint = "write a mapping with 'fields:', such as '{fields: {title: {type: string}}}'"
        report.add(location, f"entity {name} must be a mapping, not {describe(spec)}", hint)
        return None
    check_unknown_keys(spec, ENTITY_KEYS, location, report)
    for flag in ("owner", "timestamps"):
        check_type(spec, flag, bool, location, report)
    entity = Entity(
        name=str(name),
        location=location,
        fields=check_fields(spec, name, location, report),
        owner=spec.get("owner") is True,
        timestamps=spec.get("timestamps") is True,
        plural=_check_plural(spec, name, location, report),
        plural_location=f"{location}.plural" if "plural" in spec else location,
    )
    _check_entity_options(spec, entity, report)
    return entity


def _check_entity_name(name: Any, location: str, report: Report) -> None:
    """CamelCase, and not a name the generated apps already use."""
    if not isinstance(name, str):
        problem = f"entity name {name!r} is not a string (YAML reads it as {describe(name)})"
        report.add(location, problem, "use a CamelCase name such as 'BookReview'")
    elif not ENTITY_NAME_PATTERN.fullmatch(name):
        problem = f"entity name '{name}' is not a CamelCase identifier"
        report.add(location, problem, f"use a CamelCase name such as '{camel_suggestion(name)}'")
    elif name in RESERVED_ENTITY_NAMES:
        hint = f"choose another name, such as '{name}Entry'"
        if name == "User":
            hint = "relate to the built-in user with 'to: User'; name your entity e.g. 'Member'"
        why = "a Python keyword" if keyword.iskeyword(name) else "used by the generated apps"
        if name in GENERATED_CLASS_NAMES:
            why = "a class the generated apps import or define, which the entity would shadow"
        report.add(location, f"entity name '{name}' is reserved: it is {why}", hint)


def _check_entity_options(spec: Mapping[str, Any], entity: Entity, report: Report) -> None:
    """display, ordering, admin and api of one entity."""
    if "display" in spec:
        check_display(spec["display"], entity, report)
    if "ordering" in spec:
        check_ordering(spec["ordering"], entity, report)
    if "admin" in spec:
        check_admin(spec["admin"], entity, report)
    if "api" in spec:
        check_api(spec["api"], entity, report)
    if "unique_together" in spec:
        check_unique_together(spec["unique_together"], entity, report)


def _check_plural(spec: Mapping[str, Any], name: Any, location: str, report: Report) -> str | None:
    """The entity's URL segment, explicit or default; None when it is unusable."""
    if "plural" in spec:
        plural = spec["plural"]
        problem = plural_problem(plural)
        if problem is not None:
            hint = "use lower-case letters, digits and single '-', such as 'book-reviews'"
            report.add(f"{location}.plural", f"plural {plural!r} {problem}", hint)
            return None
        return cast(str, plural)  # plural_problem accepts only strings
    if not isinstance(name, str) or not ENTITY_NAME_PATTERN.fullmatch(name):
        return None
    plural = naming.default_plural(name)
    problem = plural_problem(plural)
    if problem is not None:
        report.add(location, f"the default plural '{plural}' of {name} {problem}", "set 'plural:'")
        return None
    return plural
