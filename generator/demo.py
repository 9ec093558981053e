"""Deterministic demo data that satisfies every rule of a spec, computed once for both apps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import ROUND_CEILING
from decimal import ROUND_DOWN
from decimal import Decimal
from decimal import localcontext

from . import patterns
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

JsonObject = dict[str, "str | int | list[str]"]
DemoValue = str | int | float | bool | Decimal | date | datetime | time | JsonObject | None

TITLES = ("The Quiet Harbour", "A Winter Garden", "Notes from the Hills", "Maps of the Morning")
PEOPLE = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson")
THINGS = ("Juniper", "Lantern", "Orchard", "Meadow")
PROSE = (
    "A short first draft, written to be read aloud.",
    "Three paragraphs on a quiet subject, with one good joke.",
    "Notes worth keeping, jotted down in a hurry.",
    "A longer piece that still fits on one page.",
)
TITLE_NAMES = frozenset({"title", "headline", "subject", "heading", "caption"})
PERSON_NAMES = frozenset({"full_name", "author_name", "display_name", "person"})
PROSE_NAMES = frozenset({"body", "summary", "description", "content", "notes", "bio", "excerpt"})
PERSON_ENTITIES = frozenset(
    {"Author", "Person", "Member", "Customer", "Employee", "Student", "Writer", "Contact"}
)


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

    @property
    def usernames(self) -> tuple[str, ...]:
        """The demo users this row refers to: its owner, fk and m2m links."""
        owner = (self.owner,) if self.owner else ()
        linked = tuple(ref.username for ref in self.references if ref.username)
        return owner + linked + tuple(name for many in self.many for name in many.usernames)


@dataclass(frozen=True)
class DemoEntity:
    entity: Entity
    rows: tuple[DemoRow, ...]

    @property
    def key_fields(self) -> tuple[Field, ...]:
        """The fields ``seed_demo`` finds a row by: a natural key, so an edited row is found again.

        The first unique scalar field, else the display field where the demo rows
        tell it apart; empty where neither does (the row is found by all its values).
        """
        display = self.entity.display_field
        candidates = [*self.entity.unique_fields, *([display] if display else [])]
        for field in candidates:
            if field.is_relation or field not in self.entity.scalar_fields:
                continue
            values = [dict(row.values)[field] for row in self.rows]
            if len(set(map(repr, values))) == len(values):
                return (field,)
        return ()

    @property
    def seed_edit(self) -> tuple[Field, DemoValue] | None:
        """A field a user may edit on the first row, and the last row's value to set.

        The apps' own tests edit it, seed again and find the edit kept. Only where
        rows are found by a natural key; never a field of the key or of a unique
        rule, nor a datetime (SQLite gives one back without its zone).
        """
        if not self.key_fields:
            return None
        together = {name for unique in self.entity.unique_together for name in unique.fields}
        first, last = dict(self.rows[0].values), dict(self.rows[-1].values)
        for field in self.entity.scalar_fields:
            if field in self.key_fields or field.unique or field.name in together:
                continue
            if field.type != "datetime" and repr(first[field]) != repr(last[field]):
                return field, last[field]
        return None


def demo_data(project: Project) -> tuple[DemoEntity, ...]:
    """Rows for every entity, ordered so each fk points at a row made before it."""
    counts: dict[str, int] = {}
    made = []
    for entity in creation_order(project):
        rows = tuple(_row(entity, n, counts) for n in range(row_count(entity, counts)))
        counts[entity.name] = len(rows)
        made.append(DemoEntity(entity, rows))
    return tuple(made)


def creation_order(project: Project) -> tuple[Entity, ...]:
    """Entities ordered so required relations point backwards (the validator forbids cycles)."""
    done: list[Entity] = []
    pending = list(project.entities)
    while pending:
        made = {"User", *(entity.name for entity in done)}
        ready = next(
            entity
            for entity in pending
            if all(
                field.target in made or field.self_reference
                for field in entity.fields
                if field.is_relation and field.required
            )
        )
        done.append(ready)
        pending.remove(ready)
    return tuple(done)


def row_count(entity: Entity, counts: dict[str, int]) -> int:
    """Three rows, or fewer where the values cannot tell more rows apart.

    Unique fields and unique_together sets limit the count to the values they
    can take; and rows are told apart by their scalar values (seeding twice
    finds them again), so an entity with only booleans gets two rows, one with
    no scalar field one row.
    """
    capacity = max((_capacity(field, entity.name) for field in entity.scalar_fields), default=1)
    limits = [ROWS_PER_ENTITY, capacity]
    limits += [_distinct_values(field, counts, entity.name) for field in entity.unique_fields]
    # a unique_together set stays distinct while its most varied field does
    limits += [
        max(_distinct_values(entity.field(name), counts, entity.name) for name in unique.fields)
        for unique in entity.unique_together
    ]
    return max(1, min(limits))


def _distinct_values(field: Field, counts: dict[str, int], entity: str) -> int:
    """How many demo rows can hold distinct values of ``field`` (at most the row count)."""
    if field.is_fk and field.targets_user:
        return len(OWNERS) - 1
    if field.is_fk and not field.self_reference:
        return counts.get(field.target or "", 0) or ROWS_PER_ENTITY
    return ROWS_PER_ENTITY if field.is_fk else _capacity(field, entity)


def _capacity(field: Field, entity: str) -> int:
    """How many distinct demo values a scalar field can give (at most the row count)."""
    if field.pattern is not None:
        # a pattern may allow few values (``yes|no``): count the first rows' values that differ
        seen: list[DemoValue] = []
        for n in range(ROWS_PER_ENTITY):
            value = scalar_value(field, n, entity)
            if value in seen:
                break
            seen.append(value)
        return len(seen)
    if field.type == "boolean":
        return 2
    if field.type == "choice":
        return len(field.choices)
    if field.type == "integer" and field.min is not None and field.max is not None:
        return int(field.max) - int(field.min) + 1
    if field.type == "decimal" and field.min is not None and field.max is not None:
        return int((Decimal(field.max) - Decimal(field.min)) / _unit(field)) + 1
    if field.type == "float" and field.min is not None and field.min == field.max:
        return 1
    return ROWS_PER_ENTITY


def _row(entity: Entity, n: int, counts: dict[str, int]) -> DemoRow:
    return DemoRow(
        values=tuple(
            (field, scalar_value(field, n, entity.name)) for field in entity.scalar_fields
        ),
        references=tuple(_reference(field, n, counts) for field in entity.fks),
        many=tuple(_many(field, n, counts) for field in entity.m2ms),
        owner=OWNERS[n % len(OWNERS)] if entity.owner else None,
    )


def _reference(field: Field, n: int, counts: dict[str, int]) -> Reference:
    if field.targets_user:
        return Reference(field, username=OWNERS[n % len(OWNERS)])
    if field.self_reference:
        # a tree: the first row is the root, each other row hangs below the one before
        return Reference(field, index=n - 1 if n else None)
    if field.target not in counts:
        return Reference(field)  # made later, so optional: left empty
    return Reference(field, index=n % counts[field.target or ""])


def _many(field: Field, n: int, counts: dict[str, int]) -> ManyReference:
    least = 1 if field.required else 0
    if field.targets_user:
        return ManyReference(field, usernames=DEMO_USERS[1 : 1 + max(n, least)])
    if field.self_reference:
        return ManyReference(field, indexes=tuple(range(max(n, least))))
    if field.target not in counts:
        return ManyReference(field)
    return ManyReference(field, indexes=tuple(range(min(n + 1, counts[field.target or ""]))))


def scalar_value(field: Field, n: int, entity: str = "") -> DemoValue:
    """The ``n``-th demo value of a scalar field, within every limit the spec sets.

    Text reads like what its field holds (``entity`` tells a person's name from
    a thing's); values stay distinct per row, so unique fields stay unique.
    """
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
    if field.type == "time":
        return time(9 + n % 12, 15 * (n % 4))
    if field.type == "json":
        return {"colour": THINGS[n % len(THINGS)].lower(), "rank": n + 1, "tags": ["demo"]}
    return _text(field, n, entity)


def _text(field: Field, n: int, entity: str = "") -> str:
    if field.pattern is not None:
        value = _fitting(field, _plausible(field, n, entity)) or patterns.example(
            field.pattern, n, min_length=field.min_length or 1, max_length=field.max_length
        )
        assert value is not None, "the validator checks that the pattern has a value that fits"
        return value
    text = _words(field, n, entity)
    if len(text) < (field.min_length or 0):
        text += "." * ((field.min_length or 0) - len(text))
    return text


def _fitting(field: Field, text: str | None) -> str | None:
    """``text`` when it obeys every rule of the string field, else None."""
    if text is None or len(text) > (field.max_length or len(text)):
        return None
    if len(text) < (field.min_length or 0):
        return None
    if field.full_pattern is not None and not re.fullmatch(field.full_pattern, text):
        return None
    return text


def _words(field: Field, n: int, entity: str) -> str:
    suffix = str(n + 1)
    plausible = _plausible(field, n, entity)
    if plausible is not None and len(plausible) <= (field.max_length or len(plausible)):
        return plausible
    if field.type == "email":
        text = f"{field.name.replace('_', '.')}{suffix}@example.com"
        return text if len(text) <= (field.max_length or 254) else f"u{suffix}@e.co"
    if field.type == "url":
        text = f"https://example.com/{field.name}/{suffix}"
        return text if len(text) <= (field.max_length or 200) else f"https://e.co/{suffix}"
    words = f"{field.label} {suffix}"
    limit = field.max_length or len(words)
    return words if len(words) <= limit else (field.name[: limit - len(suffix)] + suffix)[-limit:]


def _plausible(field: Field, n: int, entity: str) -> str | None:
    """A value like the ones its field name promises, or None to fall back on "Label n"."""
    name = field.name.lower()
    if field.type == "email":
        local = PEOPLE[n % len(PEOPLE)].split()[0].lower()
        return f"{local}{_lap(n, PEOPLE, '')}@example.com"
    if field.type == "url":
        return f"https://example.com/{_slug(TITLES[n % len(TITLES)])}{_lap(n, TITLES, '-')}"
    if name == "isbn":
        return f"978{n + 1:010d}"
    if name == "slug" or name.endswith("_slug"):
        return _slug(TITLES[n % len(TITLES)]) + _lap(n, TITLES, "-")
    pool = _pool(field, name, entity)
    return None if pool is None else pool[n % len(pool)] + _lap(n, pool, " ")


def _pool(field: Field, name: str, entity: str) -> tuple[str, ...] | None:
    if field.type == "text" or name in PROSE_NAMES:
        return PROSE
    if name in TITLE_NAMES:
        return TITLES
    if name in PERSON_NAMES or (name == "name" and entity in PERSON_ENTITIES):
        return PEOPLE
    if name == "name":
        return THINGS
    return None


def _lap(n: int, pool: tuple[str, ...], joiner: str) -> str:
    """Nothing on the first pass through ``pool``, then the row number: distinct values."""
    return "" if n < len(pool) else f"{joiner}{n + 1}"


def _slug(text: str) -> str:
    return "-".join(word.lower() for word in text.replace(",", "").split())


def _unit(field: Field) -> Decimal:
    """The smallest step a decimal field can store (``0.01`` for two places)."""
    return Decimal(1).scaleb(-(field.decimal_places or 0))


def _number(field: Field, n: int) -> int | float | Decimal:
    """Ascend from ``min``, or descend from ``max``, staying inside both."""
    if field.type == "decimal":
        with localcontext(prec=80):
            return _decimal(field, n)
    low, high = field.min, field.max
    if field.type == "float":
        if low is not None and high is not None:
            return float(low) + (float(high) - float(low)) * n / ROWS_PER_ENTITY
        return (
            float(high) - n * 1.5 if low is None and high is not None else float(low or 0) + n * 1.5
        )
    if low is None and high is not None:
        return int(high) - n
    value = int(low or 0) + n
    return value if high is None else min(value, int(high))


def _decimal(field: Field, n: int) -> Decimal:
    unit = _unit(field)
    ceiling = Decimal(10) ** ((field.max_digits or 1) - (field.decimal_places or 0)) - unit
    high = min(Decimal(field.max), ceiling) if field.max is not None else ceiling
    low = max(Decimal(field.min), -ceiling) if field.min is not None else None
    start = low if low is not None else (min(Decimal(0), high) if field.max is None else None)
    step = max(unit, min(Decimal("1.25"), ((high - (low or 0)) / ROWS_PER_ENTITY)))
    step = step.quantize(unit, rounding=ROUND_DOWN)
    if start is None:  # only a maximum: count down from it
        value = max(high - step * n, -ceiling)
    else:
        value = min(start.quantize(unit, rounding=ROUND_CEILING) + step * n, high)
    return value.quantize(unit, rounding=ROUND_DOWN if value >= 0 else ROUND_CEILING)
