"""Demo data: deterministic rows that satisfy every rule of the spec."""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings

from generator import Field
from generator import Project
from generator import load_spec
from generator.demo import ROWS_PER_ENTITY
from generator.demo import DemoRow
from generator.demo import demo_data
from generator.normalise import build_project
from generator.spec import bundled_spec
from tests.apps import EXAMPLE_SPECS
from tests.strategies import valid_specs


def assert_value_fits(field: Field, value: object) -> None:
    """Fail when ``value`` breaks one of ``field``'s rules."""
    if field.is_string:
        assert isinstance(value, str) and value, field.name
        assert len(value) <= (field.max_length or len(value)), field.name
        assert len(value) >= (field.min_length or 0), field.name
    if field.full_pattern is not None:
        assert re.fullmatch(field.full_pattern, str(value)), (field.name, value)
    if field.type == "choice":
        assert value in [choice.value for choice in field.choices]
    if field.type == "email":
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", str(value))
    if field.type == "url":
        assert str(value).startswith("https://")
    if field.type in ("integer", "float", "decimal"):
        assert field.min is None or value >= field.min, field.name
        assert field.max is None or value <= field.max, field.name
    if field.type == "decimal":
        assert isinstance(value, Decimal)
        sign, digits, exponent = value.as_tuple()
        assert -int(exponent) == field.decimal_places
        assert len(digits) <= (field.max_digits or 0)
    if field.type == "date":
        assert type(value) is date
    if field.type == "datetime":
        assert isinstance(value, datetime) and value.tzinfo is not None
    if field.type == "time":
        assert type(value) is time


def _stored(row: DemoRow, field: Field) -> object:
    """What a row stores in a unique field's column (None where SQL allows repeats)."""
    if field.is_fk:
        reference = next(ref for ref in row.references if ref.field == field)
        return reference.index if reference.index is not None else reference.username
    return dict(row.values)[field]


def assert_demo_valid(project: Project) -> None:
    made: set[str] = set()
    for demo in demo_data(project):
        entity = demo.entity
        assert 1 <= len(demo.rows) <= ROWS_PER_ENTITY
        for field in entity.unique_fields:
            values = [_stored(row, field) for row in demo.rows]
            taken = [value for value in values if value is not None]
            assert len(set(map(str, taken))) == len(taken), f"{entity.name}.{field.name}"
        for unique in entity.unique_together:
            fields = [entity.field(name) for name in unique.fields]
            sets = [tuple(str(_stored(row, field)) for field in fields) for row in demo.rows]
            assert len(set(sets)) == len(sets), f"{entity.name}: {unique.fields}"
        for row in demo.rows:
            for field, value in row.values:
                assert_value_fits(field, value)
            for reference in row.references:
                if reference.field.required:
                    assert reference.index is not None or reference.username is not None
                if reference.index is not None and not reference.field.self_reference:
                    assert reference.field.target in made, "fks point at rows made before"
            assert (row.owner is not None) == entity.owner
        made.add(entity.name)


@pytest.mark.parametrize("name", EXAMPLE_SPECS)
def test_demo_rows_satisfy_every_rule_of_the_bundled_specs(name: str) -> None:
    assert_demo_valid(load_spec(bundled_spec(name)))


def test_demo_data_is_deterministic() -> None:
    project = load_spec(bundled_spec("bookshelf"))
    assert demo_data(project) == demo_data(load_spec(bundled_spec("bookshelf")))


def test_a_tree_has_a_root_and_children() -> None:
    project = load_spec(bundled_spec("blog"))
    categories = next(demo for demo in demo_data(project) if demo.entity.name == "Category")
    parents = [row.references[0].index for row in categories.rows]
    assert parents == [None, 0, 1]


@settings(max_examples=100, deadline=None)
@given(valid_specs())
def test_demo_rows_satisfy_every_rule_of_any_valid_spec(spec: dict[str, Any]) -> None:
    assert_demo_valid(build_project(spec))


def test_demo_text_reads_like_what_its_field_holds() -> None:
    rows = {demo.entity.name: demo.rows for demo in load_spec(bundled_spec("bookshelf")).demo}
    book = dict((field.name, value) for field, value in rows["Book"][0].values)
    author = dict((field.name, value) for field, value in rows["Author"][0].values)
    assert book["title"] == "The Quiet Harbour"
    assert book["isbn"] == "9780000000001"
    assert author["name"] == "Ada Lovelace"
    assert book["contact"] == "ada@example.com"
    assert [dict((f.name, v) for f, v in row.values)["title"] for row in rows["Book"]] == [
        "The Quiet Harbour",
        "A Winter Garden",
        "Notes from the Hills",
    ]


def test_unique_together_sets_of_few_values_get_fewer_rows() -> None:
    project = build_project(
        {
            "project_name": "Pairs",
            "entities": {
                "Pair": {
                    "fields": {
                        "left": {"type": "choice", "choices": ["a", "b"]},
                        "right": {"type": "choice", "choices": ["x", "y"]},
                        "who": {"type": "fk", "to": "User"},
                    },
                    "unique_together": [["left", "right"], ["who", "left"]],
                }
            },
        }
    )
    assert_demo_valid(project)
    assert len(demo_data(project)[0].rows) == 2


def test_a_unique_pattern_with_few_values_gets_as_many_rows() -> None:
    """``café|thé`` allows two values: a unique field of it gets two demo rows, not three."""
    spec = {
        "project_name": "Tea",
        "entities": {
            "Drink": {
                "fields": {
                    "word": {
                        "type": "string",
                        "max_length": 10,
                        "pattern": "café|thé",
                        "unique": True,
                    }
                }
            }
        },
    }
    (drinks,) = demo_data(build_project(spec))
    assert [dict(row.values)[drinks.entity.field("word")] for row in drinks.rows] == ["café", "thé"]
