"""The options of each field type: which are allowed, and their values."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from typing import Any

from .. import patterns
from .choices import check_choices
from .keys import check_enum
from .keys import check_type
from .numbers import NUMBER_EXAMPLES
from .numbers import NUMBER_WORDS
from .numbers import bounds
from .numbers import is_int
from .numbers import max_length
from .numbers import number
from .report import Report
from .vocabulary import COMMON_OPTIONS
from .vocabulary import DEFAULT_MAX_LENGTH
from .vocabulary import FORBIDDEN_OPTIONS
from .vocabulary import MAX_DIGITS_LIMIT
from .vocabulary import MAX_LENGTH_LIMIT
from .vocabulary import ON_DELETE
from .vocabulary import STRING_TYPES
from .vocabulary import TYPE_OPTIONS
from .wording import allowed_hint
from .wording import describe


def check_options(kind: str, spec: Mapping[str, Any], location: str, report: Report) -> None:
    """Unknown or forbidden options, and the types of the common ones."""
    allowed = [
        option
        for option in (*COMMON_OPTIONS, *TYPE_OPTIONS[kind])
        if kind not in FORBIDDEN_OPTIONS.get(option, {})
    ]
    for option in spec:
        if option in allowed:
            continue
        forbidden = FORBIDDEN_OPTIONS.get(option, {}).get(kind)
        if forbidden is not None:
            report.add(
                f"{location}.{option}",
                f"{option} is not allowed on {kind} fields: {forbidden[0]}",
                forbidden[1],
            )
        else:
            report.add(
                f"{location}.{option}",
                f"unknown option '{option}' for {kind} fields",
                allowed_hint(option, allowed),
            )
    checked = (("required", bool), ("unique", bool), ("index", bool), ("help", str), ("label", str))
    for option, expected in checked:
        if option in allowed:
            check_type(spec, option, expected, location, report)
    _check_label(spec, location, report)
    _check_blank_unique(kind, spec, location, report)
    if spec.get("index") is True and spec.get("unique") is True:
        report.add(f"{location}.index", "a unique field is indexed already", "remove index: true")


def _check_label(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """A label, when given, says something."""
    if isinstance(spec.get("label"), str) and not spec["label"].strip():
        report.add(
            f"{location}.label",
            "label is empty",
            "remove it to use the field name, or write a human name such as 'Published on'",
        )


def _check_blank_unique(kind: str, spec: Mapping[str, Any], location: str, report: Report) -> None:
    """An optional text field is stored as "", so a second blank value would break unique."""
    if kind in STRING_TYPES and spec.get("unique") is True and spec.get("required") is False:
        report.add(
            f"{location}.unique",
            'an optional text field stores a missing value as "", so two rows without '
            "it would collide on unique",
            "make the field required, or remove unique",
        )


def _check_max_length(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """max_length is an integer from 1 to 10000."""
    if "max_length" in spec and max_length(spec, spec["type"]) is None:
        report.add(
            f"{location}.max_length",
            f"max_length must be an integer from 1 to {MAX_LENGTH_LIMIT}, "
            f"not {describe(spec['max_length'])}",
            f"use a whole number such as {DEFAULT_MAX_LENGTH[spec['type']]}",
        )


def _check_string(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """max_length; min_length from 1 to max_length; a pattern both languages read alike."""
    _check_max_length(spec, location, report)
    limit = max_length(spec, "string")
    low = spec.get("min_length")
    if "min_length" in spec and not (is_int(low) and 1 <= low <= (limit or MAX_LENGTH_LIMIT)):
        report.add(
            f"{location}.min_length",
            f"min_length must be an integer from 1 to max_length ({limit}), not {describe(low)}",
            "use a whole number no larger than max_length",
        )
        return
    if "pattern" not in spec:
        return
    pattern = spec["pattern"]
    if not isinstance(pattern, str) or not pattern:
        report.add(
            f"{location}.pattern",
            f"pattern must be a regular expression, not {describe(pattern)}",
            "write one in quotes, such as '[A-Z]{3}-[0-9]{4}'",
        )
        return
    found = patterns.pattern_problem(pattern)
    if found is None and limit is not None:
        if patterns.example(pattern, 0, min_length=low or 1, max_length=limit) is None:
            found = (
                f"diptych finds no value of {low or 1} to {limit} characters that matches "
                f"pattern {pattern!r}",
                "check the pattern, or widen min_length and max_length",
            )
    if found is not None:
        report.add(f"{location}.pattern", *found)


def _check_bounds(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """min and max are numbers of the field's type, and min <= max."""
    kind = spec["type"]
    for bound in ("min", "max"):
        if bound in spec and number(kind, spec[bound]) is None:
            report.add(
                f"{location}.{bound}",
                f"{bound} must be {NUMBER_WORDS[kind]}, not {describe(spec[bound])}",
                f"write {NUMBER_EXAMPLES[kind]}",
            )
    low, high = bounds(spec)
    if low is not None and high is not None and low > high:
        report.add(
            f"{location}.max",
            f"max ({spec['max']}) is less than min ({spec['min']})",
            "make min <= max, or swap them",
        )


def _check_decimal(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """max_digits (1..38) and decimal_places (0..max_digits) are required; then min/max."""
    for option, low in (("max_digits", 1), ("decimal_places", 0)):
        option_location = f"{location}.{option}"
        if option not in spec:
            report.add(
                option_location,
                f"a decimal field needs {option}",
                "add e.g. 'max_digits: 8, decimal_places: 2'",
            )
        elif not (is_int(spec[option]) and low <= spec[option] <= MAX_DIGITS_LIMIT):
            report.add(
                option_location,
                f"{option} must be an integer from {low} to {MAX_DIGITS_LIMIT}, "
                f"not {describe(spec[option])}",
                f"use a whole number from {low} to {MAX_DIGITS_LIMIT}",
            )
    digits, places = spec.get("max_digits"), spec.get("decimal_places")
    if is_int(digits) and is_int(places) and places > digits >= 1:
        problem = f"decimal_places ({places}) is greater than max_digits ({digits})"
        report.add(f"{location}.decimal_places", problem, "make decimal_places <= max_digits")
    _check_bounds(spec, location, report)


def _check_fk(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """on_delete is one of the three, and set_null needs an optional field."""
    check_enum(spec, "on_delete", ON_DELETE, location, report)
    if spec.get("on_delete") == "set_null" and spec.get("required", True) is not False:
        report.add(
            f"{location}.on_delete",
            "on_delete: set_null needs 'required: false'",
            "add 'required: false', or use on_delete: cascade or protect",
        )


TYPE_RULES: dict[str, Callable[[Mapping[str, Any], str, Report], None]] = {
    "string": _check_string,
    "integer": _check_bounds,
    "float": _check_bounds,
    "decimal": _check_decimal,
    "email": _check_max_length,
    "url": _check_max_length,
    "choice": check_choices,
    "fk": _check_fk,
}
"""The checks of a field type's own options; a type without options has none."""
