"""Field defaults: each must satisfy its own field's rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .. import patterns
from .numbers import NUMBER_EXAMPLES
from .numbers import NUMBER_WORDS
from .numbers import bounds
from .numbers import decimal_shape
from .numbers import max_length
from .numbers import number
from .report import Hint
from .report import Report
from .vocabulary import EMAIL_PATTERN
from .vocabulary import URL_PATTERN
from .wording import describe


def check_default(kind: str, spec: Mapping[str, Any], location: str, report: Report) -> None:
    """A default, when allowed on the type, satisfies the field's own rules."""
    if "default" in spec and kind in _DEFAULT_RULES:
        found = _DEFAULT_RULES[kind](spec["default"], spec)
        if found is not None:
            report.add(f"{location}.default", *found)


def _default_text(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """A string within the field's max_length."""
    if not isinstance(value, str):
        return f"default must be a string, not {describe(value)}", "quote it"
    limit = max_length(spec, spec["type"])
    if limit is not None and len(value) > limit:
        return (
            f"default is {len(value)} characters long, more than max_length {limit}",
            "shorten it, or raise max_length",
        )
    return _default_string_rules(value, spec)


def _default_string_rules(value: str, spec: Mapping[str, Any]) -> Hint | None:
    """A string's min_length and pattern; "" is a blank value, which neither applies to."""
    low, pattern = spec.get("min_length"), spec.get("pattern")
    if value == "" or spec["type"] != "string":
        return None
    if isinstance(low, int) and len(value) < low:
        return (
            f"default is {len(value)} characters long, less than min_length {low}",
            "lengthen it, or lower min_length",
        )
    if isinstance(pattern, str) and patterns.pattern_problem(pattern) is None:
        if not re.fullmatch(patterns.full_match(pattern), value):
            return f"default {value!r} does not match pattern {pattern!r}", "change one of them"
    return None


def _default_email(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """A string that looks like an email address."""
    found = _default_text(value, spec)
    if found is None and not EMAIL_PATTERN.fullmatch(value):
        return (
            f"default {value!r} is not an email address",
            "write an address such as 'team@example.com'",
        )
    return found


def _default_url(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """A string that looks like an http(s) or ftp(s) URL."""
    found = _default_text(value, spec)
    if found is None and not URL_PATTERN.fullmatch(value):
        return f"default {value!r} is not a URL", "write a full URL such as 'https://example.com/'"
    return found


def _default_choice(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """One of the field's choices."""
    choices = spec.get("choices")
    if not isinstance(choices, list) or value in choices:
        return None
    listing = ", ".join(repr(choice) for choice in choices)
    return f"default {value!r} is not one of the choices", f"use one of: {listing}"


def _default_number(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """A number of the field's type, within min and max."""
    kind = spec["type"]
    parsed = number(kind, value)
    if parsed is None:
        return (
            f"default must be {NUMBER_WORDS[kind]}, not {describe(value)}",
            f"write {NUMBER_EXAMPLES[kind]}",
        )
    low, high = bounds(spec)
    if low is not None and parsed < low:
        return f"default {value} is below min ({spec['min']})", "raise the default, or lower min"
    if high is not None and parsed > high:
        return f"default {value} is above max ({spec['max']})", "lower the default, or raise max"
    return None


def _default_decimal(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """A decimal number that fits max_digits and decimal_places, within min and max."""
    found = _default_number(value, spec)
    digits, places = decimal_shape(spec)
    if found is not None or digits is None or places is None:
        return found
    parsed = Decimal(str(value).strip())
    decimals = max(-parsed.as_tuple().exponent, 0)  # type: ignore[operator]
    whole = len(str(abs(int(parsed)))) if abs(parsed) >= 1 else 0
    if decimals > places or whole > digits - places:
        shape = f"at most {digits - places} digits before the point and {places} after"
        return (
            f"default {value} does not fit max_digits {digits}, decimal_places {places}",
            f"write {shape}",
        )
    return None


def _default_boolean(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """true or false."""
    if isinstance(value, bool):
        return None
    return f"default must be true or false, not {describe(value)}", "write true or false"


def _default_choice_text(value: Any, spec: Mapping[str, Any]) -> Hint | None:
    """A string of any length that is one of the field's choices."""
    return _default_text(value, {"type": "text"}) or _default_choice(value, spec)


_DEFAULT_RULES: dict[str, Callable[[Any, Mapping[str, Any]], Hint | None]] = {
    "string": _default_text,
    "text": _default_text,
    "email": _default_email,
    "url": _default_url,
    "choice": _default_choice_text,
    "integer": _default_number,
    "float": _default_number,
    "decimal": _default_decimal,
    "boolean": _default_boolean,
}
