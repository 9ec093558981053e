"""Spec values become Python source that parses back to the same value."""

from __future__ import annotations

import ast
import tomllib
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.literals import py_literal
from generator.literals import toml_string

TRICKY = [
    "plain",
    "it's",
    'say "hi"',
    "both ' and \"",
    "back\\slash",
    "{braces} and {{double}}",
    "new\nline\ttab",
    "é ü 中文 🚀",
    "\x00\x7f",
    '"""',
    "'''",
]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_string_literal_round_trips(text: str) -> None:
    assert ast.literal_eval(py_literal(text)) == text


@given(st.text())
def test_any_string_round_trips(text: str) -> None:
    source = py_literal(text)
    assert ast.literal_eval(source) == text
    assert "\n" not in source


def test_strings_prefer_double_quotes_like_ruff() -> None:
    assert py_literal("it's") == '"it\'s"'
    assert py_literal('say "hi"') == "'say \"hi\"'"


@pytest.mark.parametrize(
    ("value", "source"),
    [
        (Decimal("0.00"), 'Decimal("0.00")'),
        (date(2024, 1, 15), "date(2024, 1, 15)"),
        (datetime(2024, 1, 15, 9, 30, tzinfo=UTC), "datetime(2024, 1, 15, 9, 30, tzinfo=UTC)"),
        (True, "True"),
        (None, "None"),
        (1.5, "1.5"),
        (["a", 1], '["a", 1]'),
        (("a",), '("a",)'),
    ],
    ids=["decimal", "date", "datetime", "bool", "none", "float", "list", "one-tuple"],
)
def test_values_become_literals(value: object, source: str) -> None:
    assert py_literal(value) == source


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError, match="no Python literal for object"):
        py_literal(object())


@given(st.text())
def test_any_string_round_trips_through_toml(text: str) -> None:
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


def test_toml_strings_keep_emoji_whole() -> None:
    assert toml_string("books 😀") == '"books 😀"'
