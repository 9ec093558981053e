"""Deterministic demo data that satisfies every rule of a spec, computed once for both apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from .model import Entity
from .model import Field
from .model import Project

DEMO_USERS = ("admin", "alice", "bob")
"""``admin`` is staff; every demo user has the password below."""
DEMO_PASSWORD = "demo-password"
ROWS_PER_ENTITY = 3
OWNERS = ("alice", "bob", "alice")
BASE_DATE = date(2024, 1, 15)
BASE_DATETIME = datetime(2024, 1, 15, 9, 30, tzinfo=UTC)

DemoValue = str | int | float | bool | Decimal | date | datetime | None


@dataclass(frozen=True)
class Reference:
    """A link from a demo row to another demo row (``index``) or to a demo user."""

    field: Field
    index: int | None = None
    username: str | None = None


@dataclass(frozen=True)
class ManyReference:
    """The rows (or demo users) an m2m field of a demo row links to."""

    field: Field
    indexes: tuple[int, ...] = ()
    usernames: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoRow:
    """One row to create: scalar values, then fk and m2m links, and its owner."""

    values: tuple[tuple[Field, DemoValue], ...]
    references: tuple[Reference, ...]
    many: tuple[ManyReference, ...]
    owner: str | None


@dataclass(frozen=True)
class DemoEntity:
    entity: Entity
    rows: tuple[DemoRow, ...]


def demo_data(project: Project) -> tuple[DemoEntity, ...]:
    """Rows for every entity, ordered so each fk points at a row made before it."""
    order = creation_order(project)
    position = {entity.name: number for number, entity in enumerate(order)}
    return tuple(
        DemoEntity(entity, tuple(_row(entity, n, position) for n in range(ROWS_PER_ENTITY)))
        for entity in order
    )


def creation_order(project: Project) -> tuple[Entity, ...]:
    """Entities ordered so required fks point backwards (the validator forbids cycles)."""
    done: list[Entity] = []
    pending = list(project.entities)
    while pending:
        ready = next(
            entity
            for entity in pending
            if all(
                field.target in {"User", entity.name, *(e.name for e in done)}
                for field in entity.fks
                if field.required
            )
        )
        done.append(ready)
        pending.remove(ready)
    return tuple(done)


def _row(entity: Entity, n: int, position: dict[str, int]) -> DemoRow:
    here = position[entity.name]
    references = tuple(_reference(field, n, here, position) for field in entity.fks)
    many = tuple(_many(field, n, here, position) for field in entity.m2ms)
    return DemoRow(
        values=tuple((field, scalar_value(field, n)) for field in entity.scalar_fields),
        references=references,
        many=many,
        owner=OWNERS[n % len(OWNERS)] if entity.owner else None,
    )


def _reference(field: Field, n: int, here: int, position: dict[str, int]) -> Reference:
    if field.targets_user:
        return Reference(field, username=OWNERS[n % len(OWNERS)])
    if field.self_reference:
        # a tree: the first row is a root, the others hang below it
        return Reference(field, index=0 if n else None)
    if position[field.target or ""] > here:
        return Reference(field)  # made later: optional, left empty
    return Reference(field, index=n % ROWS_PER_ENTITY)


def _many(field: Field, n: int, here: int, position: dict[str, int]) -> ManyReference:
    if field.targets_user:
        return ManyReference(field, usernames=DEMO_USERS[1 : 1 + n])
    if field.self_reference:
        return ManyReference(field, indexes=tuple(range(n)))
    if position[field.target or ""] > here:
        return ManyReference(field)
    return ManyReference(field, indexes=tuple(range(n + 1))[:ROWS_PER_ENTITY])


def scalar_value(field: Field, n: int) -> DemoValue:
    """The ``n``-th demo value of a scalar field, within every limit the spec sets."""
    if field.type == "boolean":
        return n % 2 == 0
    if field.type == "choice":
        return field.choices[n % len(field.choices)].value
    if field.type in ("integer", "float", "decimal"):
        return _number(field, n)
    if field.type == "date":
        return BASE_DATE + timedelta(days=n)
    if field.type == "datetime":
        return BASE_DATETIME + timedelta(days=n, hours=n)
    return _text(field, n)


def _text(field: Field, n: int) -> str:
    suffix = str(n + 1)
    if field.type == "email":
        text = f"{field.name.replace('_', '.')}{suffix}@example.com"
        return text if len(text) <= (field.max_length or 254) else f"u{suffix}@example.com"
    if field.type == "url":
        text = f"https://example.com/{field.name}/{suffix}"
        return text if len(text) <= (field.max_length or 200) else f"https://e.co/{suffix}"
    words = f"{field.label} {suffix}"
    limit = field.max_length or len(words)
    return words if len(words) <= limit else (field.name[: limit - len(suffix)] + suffix)[-limit:]


def _number(field: Field, n: int) -> int | float | Decimal:
    low = field.min if field.min is not None else 0
    high = field.max
    if field.type == "decimal":
        places = field.decimal_places or 0
        step = Decimal(1).scaleb(-places)
        whole_digits = (field.max_digits or 1) - places
        ceiling = Decimal(10) ** whole_digits - step
        high_d = min(Decimal(high), ceiling) if high is not None else ceiling
        value = min(Decimal(low) + Decimal(n) * Decimal("1.25"), high_d)
        return value.quantize(step, rounding="ROUND_DOWN").max(
            Decimal(low).quantize(step, rounding="ROUND_UP")
        )
    if field.type == "float":
        value = float(low) + n * 1.5
        return min(value, float(high)) if high is not None else value
    value = int(low) + n
    return min(value, int(high)) if high is not None else value
