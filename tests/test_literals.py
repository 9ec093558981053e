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

from generator.literals import display_width
from generator.literals import format_call
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


def test_short_call_stays_on_one_line() -> None:
    call = format_call("name = models.CharField", ["max_length=120"], indent=4)
    assert call == "name = models.CharField(max_length=120)"


def test_long_call_gets_one_argument_per_line_and_a_trailing_comma() -> None:
    args = ["max_length=200", f"help_text={py_literal('x' * 80)}"]
    call = format_call("title = models.CharField", args, indent=4)
    assert call.splitlines() == [
        "title = models.CharField(",
        "        max_length=200,",
        f"        help_text={py_literal('x' * 80)},",
        "    )",
    ]


@given(st.text())
def test_any_string_round_trips_through_toml(text: str) -> None:
    assert tomllib.loads(f"value = {toml_string(text)}")["value"] == text


def test_toml_strings_keep_emoji_whole() -> None:
    assert toml_string("books 😀") == '"books 😀"'


def test_a_long_dict_entry_explodes_around_an_already_exploded_value() -> None:
    validators = [
        "Optional()",
        "NumberRange(min=Decimal(" + '"-7"' + "), max=Decimal(" + '"6"' + "))",
    ]
    entry = format_call('"validators": ', validators, indent=12, brackets="[]")
    assert "\n" not in entry
    line = format_call('"value": ', [entry], indent=8, suffix=",", brackets="{}")
    assert line.splitlines() == [
        '"value": {',
        f"            {entry},",
        "        },",
    ]


def test_a_short_dict_entry_stays_on_one_line() -> None:
    line = format_call('"x": ', ['"validators": [Email()]'], indent=8, suffix=",", brackets="{}")
    assert line == '"x": {"validators": [Email()]},'


def test_wide_letters_count_two_columns() -> None:
    assert display_width("abc") == 3
    assert display_width("日本") == 4
    assert display_width("é") == 1
    assert display_width("e\u0301") == 1


def test_a_call_with_wide_letters_splits_where_ruff_splits() -> None:
    choices = py_literal(["ĜÙĬ7XDćÒßÿcªLå庶ĺI: ", '"IÚᜳ', "- ", "${x}é日本±㺹èl}}"])
    line = f"        validate=validate.OneOf({choices}),"
    assert len(line) <= 88 < display_width(line)
    call = format_call("validate=validate.OneOf", [choices], indent=8, suffix=",")
    assert call.count("\n") == 2
