"""The spec strategy draws only valid specs, and covers what the spec allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings

from generator.validation import validate
from tests.strategies import FIELD_TYPES
from tests.strategies import valid_specs

Spec = dict[str, Any]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_specs())
def test_every_drawn_spec_is_valid(spec: Spec) -> None:
    assert validate(spec) == []


def _fields(spec: Spec) -> list[tuple[str, dict[str, Any]]]:
    """(entity name, field spec) for every field of the spec."""
    return [
        (name, field)
        for name, entity in spec["entities"].items()
        for field in entity["fields"].values()
    ]


def _relations_per_pair(spec: Spec) -> int:
    """The most relations (owner included) any one entity has to one target."""
    counts = {(name, "User"): 1 for name, e in spec["entities"].items() if e.get("owner")}
    for name, field in _fields(spec):
        if "to" in field:
            counts[(name, field["to"])] = counts.get((name, field["to"]), 0) + 1
    return max(counts.values(), default=0)


def _has_type(kind: str) -> Callable[[Spec], bool]:
    """A check that some field of a spec has type ``kind``."""
    return lambda spec: any(field["type"] == kind for _, field in _fields(spec))


FEATURES: dict[str, Callable[[Spec], bool]] = {
    **{f"a {kind} field": _has_type(kind) for kind in FIELD_TYPES},
    "an fk to its own entity": lambda spec: any(
        f["type"] == "fk" and f["to"] == name for name, f in _fields(spec)
    ),
    "an m2m to its own entity": lambda spec: any(
        f["type"] == "m2m" and f["to"] == name for name, f in _fields(spec)
    ),
    "a relation to User": lambda spec: any(f.get("to") == "User" for _, f in _fields(spec)),
    "two relations to one target": lambda spec: _relations_per_pair(spec) >= 2,
    "owner and timestamps": lambda spec: any(
        e.get("owner") and e.get("timestamps") for e in spec["entities"].values()
    ),
    "set_null": lambda spec: any(f.get("on_delete") == "set_null" for _, f in _fields(spec)),
    "an explicit plural": lambda spec: any("plural" in e for e in spec["entities"].values()),
    "four entities": lambda spec: len(spec["entities"]) == 4,
    "api write owner": lambda spec: any(
        e.get("api", {}).get("write") == "owner" for e in spec["entities"].values()
    ),
    "a decimal default as text": lambda spec: any(
        f["type"] == "decimal" and isinstance(f.get("default"), str) for _, f in _fields(spec)
    ),
    "a quote, backslash or brace in a choice": lambda spec: any(
        set(choice) & set("\"'\\{}") for _, f in _fields(spec) for choice in f.get("choices", [])
    ),
    "unique_together": lambda spec: any("unique_together" in e for e in spec["entities"].values()),
    "a json field": lambda spec: any(f["type"] == "json" for _, f in _fields(spec)),
    "a related_name": lambda spec: any("related_name" in f for _, f in _fields(spec)),
    "an index": lambda spec: any(f.get("index") for _, f in _fields(spec)),
    "a pattern": lambda spec: any("pattern" in f for _, f in _fields(spec)),
    "a min_length": lambda spec: any("min_length" in f for _, f in _fields(spec)),
    "a default that matches a pattern": lambda spec: any(
        "pattern" in f and "default" in f for _, f in _fields(spec)
    ),
    "non-ASCII help text": lambda spec: any(
        not f.get("help", "").isascii() for _, f in _fields(spec)
    ),
}


def test_the_strategy_reaches_every_feature_of_the_spec() -> None:
    seen: set[str] = set()

    @settings(
        max_examples=200, derandomize=True, database=None, deadline=None, phases=[Phase.generate]
    )
    @given(valid_specs())
    def collect(spec: Spec) -> None:
        seen.update(feature for feature, present in FEATURES.items() if present(spec))

    collect()

    assert sorted(set(FEATURES) - seen) == []
