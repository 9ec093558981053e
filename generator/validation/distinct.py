"""Names that must differ across entities: tables, plurals and association tables."""

from __future__ import annotations

from .. import naming
from .report import Report
from .shapes import Entity


def check_entity_names_distinct(entities: list[Entity], report: Report) -> set[str]:
    """Two entities may not share a snake_case name (their tables); returns those reported."""
    seen: dict[str, str] = {}
    clashing: set[str] = set()
    for entity in entities:
        snake = naming.snake_case(entity.name)
        if snake in seen:
            problem = (
                f"entity {entity.name} has the same snake_case name '{snake}' as {seen[snake]}"
            )
            report.add(entity.location, problem, "rename one of them")
            clashing.add(entity.name)
        seen.setdefault(snake, entity.name)
    return clashing


def check_plurals_distinct(entities: list[Entity], report: Report) -> None:
    """Two entities may not share a URL segment, nor its snake_case form."""
    seen: dict[str, Entity] = {}
    for entity in entities:
        if entity.plural is None:
            continue
        snake = naming.kebab_to_snake(entity.plural)
        other = seen.setdefault(snake, entity)
        if other is entity:
            continue
        problem = f"plural '{entity.plural}' is already used by {other.name}"
        if other.plural != entity.plural:
            problem = (
                f"plural '{entity.plural}' gives '{snake}', as {other.name}'s '{other.plural}' does"
            )
        report.add(entity.plural_location, problem, f"set a different 'plural:' on {entity.name}")


def check_tables_distinct(entities: list[Entity], report: Report) -> None:
    """An m2m's association table (``<entity>_<field>``) may not take another table's name."""
    tables = {naming.snake_case(entity.name): f"the table of {entity.name}" for entity in entities}
    for entity in entities:
        for name, spec in entity.fields.items():
            table = f"{naming.snake_case(entity.name)}_{name}"
            if spec.get("type") != "m2m":
                continue
            if table in tables:
                problem = (
                    f"the association table '{table}' of this m2m clashes with {tables[table]}"
                )
                report.add(f"{entity.location}.fields.{name}", problem, "rename the field")
            tables.setdefault(table, f"the association table of {entity.name}.{name}")
