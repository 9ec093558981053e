"""Valid and invalid request bodies, built from the spec model alone.

The suite never hard-codes an entity or a field: valid objects come from
:func:`valid_body`, and every validation rule of the contract that applies to
a field becomes a :class:`Case` in :func:`validation_cases`.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from typing import Any

from generator import patterns
from generator.contract_suite.client import MISSING
from generator.contract_suite.client import Api
from generator.contract_suite.client import expect
from generator.model import Entity
from generator.model import Field
from generator.openapi import format_decimal

RUN = uuid.uuid4().hex[:6]
COUNTER = itertools.count(1)
NO_SUCH_ID = 987654321
PATTERN_OFFSET = 10_000
"""Where the payloads' values of a pattern start, past the demo rows' (0, 1, 2...)."""
UNIQUE_COPY: Any = object()
"""Placeholder: the value of this field in an object that already exists."""


def fresh() -> str:
    """A short text never used before in this test run."""
    return f"{RUN}{next(COUNTER)}"


def fits(text: str, limit: int | None) -> str:
    """``text`` cut from the left to ``limit`` characters, keeping its unique tail."""
    return text if limit is None or len(text) <= limit else text[-limit:]


# --- valid values -------------------------------------------------------------------------


def valid_value(api: Api, entity: Entity, field: Field, marker: str | None = None) -> Any:
    """A value of ``field`` that satisfies every rule of the spec, unique in this run."""
    n = next(COUNTER)
    kind = field.type
    if kind in ("string", "text") and field.pattern is not None:
        value = patterns.example(
            field.pattern,
            PATTERN_OFFSET + n,
            min_length=field.min_length or 1,
            max_length=field.max_length,
        )
        assert value is not None, f"no value matches the pattern of {field.name}"
        return value
    if kind in ("string", "text"):
        return fits(marker or f"v{RUN}{n}", field.max_length).ljust(field.min_length or 0, "x")
    if kind == "email":
        return fits(f"{marker or f'u{RUN}{n}'}@example.com", field.max_length)
    if kind == "url":
        return fits(f"https://example.com/{marker or f'p{RUN}{n}'}", field.max_length)
    if kind == "choice":
        return field.choices[n % len(field.choices)].value
    if kind == "boolean":
        return n % 2 == 0
    if kind in ("integer", "float", "decimal"):
        return number_value(field, n)
    if kind == "date":
        return (datetime(2020, 1, 1) + timedelta(days=n % 3000)).date().isoformat()
    if kind == "time":
        return f"{n % 24:02d}:{n * 7 % 60:02d}:{n * 13 % 60:02d}"
    if kind == "datetime":
        moment = datetime(2021, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
        return moment.isoformat().replace("+00:00", "Z")
    if kind == "json":
        return json_value(n)
    if kind == "fk":
        return related_ids(api, field)[0]
    return sorted(related_ids(api, field)[:2])


def json_value(n: int) -> Any:
    """Any JSON value, nested or not: a json field stores and answers it as sent."""
    shapes = (
        {"n": n, "tags": ["a", "é"], "nested": {"ok": True, "none": None}},
        [n, 1.5, 'text <b>"quoted"</b>', False],
        f"just a string {n}",
        n,
    )
    return shapes[n % len(shapes)]


def number_value(field: Field, n: int) -> int | float | str:
    """A number inside the field's bounds (and digits), varying with ``n``."""
    low = Decimal(str(field.min)) if field.min is not None else Decimal(0)
    high = Decimal(str(field.max)) if field.max is not None else low + 1000
    if field.type == "decimal":
        places = field.decimal_places or 0
        whole = (field.max_digits or 1) - places
        ceiling = Decimal(10) ** whole - Decimal(1).scaleb(-places)
        high = min(high, ceiling)
    span = high - low
    value = low + (span * Decimal(n % 97) / 97 if span > 0 else 0)
    if field.type == "integer":
        return int(min(max(value.to_integral_value(rounding="ROUND_CEILING"), low), high))
    if field.type == "float":
        return float(value)
    places = field.decimal_places or 0
    step = Decimal(1).scaleb(-places)
    return format_decimal(
        min(value.quantize(step, rounding="ROUND_CEILING"), high.quantize(step, "ROUND_FLOOR")),
        places,
    )


def related_ids(api: Api, field: Field) -> list[int]:
    """Ids of existing objects (or demo users) a relation may point at."""
    if field.targets_user:
        return sorted(user_ids(api).values())
    key = f"ids:{field.target}"
    if key not in api.cache:
        target = api.project.entity(field.target or "")
        response = api.get(api.list_path(target), user="admin", params={"ordering": "id"})
        expect(response, 200)
        # the demo rows come first, and no test deletes them
        ids = [row["id"] for row in response.json()["results"]][:3]
        assert ids, f"no {target.name} to point at (demo data missing?)"
        api.cache[key] = ids
    return list(api.cache[key])


def user_ids(api: Api) -> dict[str, int]:
    """The ids of the demo users, from ``/api/me/``."""
    if "users" in api.cache:
        return dict(api.cache["users"])
    ids = {}
    for name in ("admin", "alice", "bob"):
        response = api.get("/api/me/", user=name)
        expect(response, 200)
        ids[name] = response.json()["id"]
    api.cache["users"] = ids
    return dict(ids)


def valid_body(api: Api, entity: Entity, *, complete: bool = True) -> dict[str, Any]:
    """A body a POST accepts: every field (or only the required ones)."""
    fields = entity.fields if complete else entity.required_fields
    return {field.name: valid_value(api, entity, field) for field in fields}


# --- invalid values -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One broken rule: send ``value`` for ``field`` (or leave it out) and expect 400."""

    field: str
    rule: str
    value: Any

    @property
    def id(self) -> str:
        return f"{self.field}-{self.rule}"


OPTIONS_TYPES = {
    "string": "string", "text": "string", "email": "email", "url": "url", "integer": "integer",
    "float": "float", "decimal": "decimal", "boolean": "boolean", "date": "date",
    "datetime": "datetime", "time": "time", "choice": "choice", "fk": "field", "m2m": "field",
    "json": "field",  # DRF's metadata has no word for its JSONField
}  # fmt: skip
"""The word OPTIONS gives each type, DRF's metadata's (``field`` where it has none)."""


WRONG_TYPES: dict[str, tuple[Any, ...]] = {
    "string": ([1, 2], {"a": 1}, True),
    "text": ([1, 2], {"a": 1}, True),
    "email": ([1, 2], {"a": 1}),
    "url": ([1, 2], {"a": 1}),
    "choice": ([1, 2], {"a": 1}),
    "integer": ("abc", [1], 1.5, True),
    "float": ("abc", [1], {"a": 1}),
    "decimal": ("abc", [1], {"a": 1}, True),
    "boolean": ("maybe", [1], {"a": 1}),
    "date": (20240101, "2024-13-45", "yesterday", [1]),
    "datetime": ("not-a-time", "2024-01-01T25:00:00Z", 12345, [1]),
    "time": ("noon", "25:00:00", 930, [1]),
    "json": (),  # any JSON value is one
    "fk": ("abc", [1], {"a": 1}, True),
    "m2m": ("abc", 5, [True], ["abc"], {"a": 1}),
}


def validation_cases(entity: Entity) -> list[Case]:
    """Every contract rule that applies to each field of ``entity``."""
    cases: list[Case] = []
    for field in entity.fields:
        cases += rule_cases(field)
        cases += [
            Case(field.name, f"type{n}", value) for n, value in enumerate(WRONG_TYPES[field.type])
        ]
    return cases


def rule_cases(field: Field) -> list[Case]:
    """Required, blank, lengths, pattern, bounds, digits, choices, formats, unique, relations."""
    name = field.name
    cases: list[Case] = []
    if field.required and not field.has_default:
        cases.append(Case(name, "required", MISSING))
    if field.required and field.type != "m2m":
        cases.append(Case(name, "null", None))
    if field.required and field.is_string:
        cases.append(Case(name, "blank", ""))
    if field.max_length is not None and field.type in ("string", "email", "url"):
        cases.append(Case(name, "max_length", too_long(field)))
    if (field.min_length or 0) > 1:
        cases.append(Case(name, "min_length", "x" * ((field.min_length or 1) - 1)))
    if field.off_pattern is not None:
        cases.append(Case(name, "pattern", field.off_pattern))
    cases += bound_cases(field)
    if field.type == "decimal":
        cases += digit_cases(field)
    if field.type == "choice":
        cases.append(Case(name, "choice", "not-a-choice"))
    if field.type == "email":
        cases.append(Case(name, "email", "not-an-email"))
    if field.type == "url":
        cases.append(Case(name, "url", "not a url"))
    if field.unique:
        cases.append(Case(name, "unique", UNIQUE_COPY))
    if field.type == "fk":
        cases.append(Case(name, "missing_fk", NO_SUCH_ID))
    if field.type == "m2m":
        cases.append(Case(name, "missing_m2m", [NO_SUCH_ID]))
    return cases


def too_long(field: Field) -> str:
    limit = field.max_length or 0
    if field.type == "email":
        return "a" * limit + "@example.com"
    if field.type == "url":
        return "https://example.com/" + "a" * limit
    return "x" * (limit + 1)


def bound_cases(field: Field) -> list[Case]:
    """One step outside the range the apps accept (an integer's is 32-bit at most)."""
    step = {"integer": 1, "float": 0.5}.get(field.type, 1)
    cases = []
    for rule, bound, sign in (("min", field.lowest, -1), ("max", field.highest, 1)):
        if bound is None:
            continue
        value = bound + sign * step
        if field.type == "decimal":
            value = format_decimal(Decimal(str(bound)) + sign, field.decimal_places or 0)
        cases.append(Case(field.name, rule, value))
    return cases


def digit_cases(field: Field) -> list[Case]:
    """Too many digits before the point, and too many after it."""
    places = field.decimal_places or 0
    whole = (field.max_digits or 1) - places
    fraction = "." + "1" * (places + 1)
    return [
        Case(
            field.name, "whole_digits", "1" * (whole + 1) + ("." + "0" * places if places else "")
        ),
        Case(field.name, "decimal_places", "0" + fraction),
    ]
