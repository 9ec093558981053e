"""Reading numbers from a spec: integers, bounds, lengths and decimal shapes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import TypeGuard

from .vocabulary import DEFAULT_MAX_LENGTH
from .vocabulary import INTEGER_RANGE
from .vocabulary import MAX_DIGITS_LIMIT
from .vocabulary import MAX_LENGTH_LIMIT

NUMBER_WORDS = {
    "integer": f"an integer from {INTEGER_RANGE[0]} to {INTEGER_RANGE[1]}",
    "float": "a finite number",
    "decimal": "a finite number or a string holding one",
}
NUMBER_EXAMPLES = {
    "integer": "a whole number such as 10",
    "float": "a number such as 2.5",
    "decimal": 'a number such as "12.50"',
}


def is_int(value: Any) -> TypeGuard[int]:
    """An int that is not a bool (YAML's true is not a number)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A finite int or float that is not a bool."""
    return is_int(value) or (isinstance(value, float) and math.isfinite(value))


def number(kind: str, value: Any) -> int | float | Decimal | None:
    """``value`` as a number of the field's type, or None when it is not one."""
    if kind == "integer":
        return value if is_int(value) and INTEGER_RANGE[0] <= value <= INTEGER_RANGE[1] else None
    if kind == "float":
        return value if is_number(value) else None
    if not (is_number(value) or isinstance(value, str)):
        return None
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return parsed if parsed.is_finite() else None


def bounds(spec: Mapping[str, Any]) -> tuple[Any, Any]:
    """The valid min and max of a numeric field, None where absent or invalid."""
    kind = spec["type"]
    return number(kind, spec.get("min")), number(kind, spec.get("max"))


def max_length(spec: Mapping[str, Any], kind: str) -> int | None:
    """The field's effective max_length; None when given but invalid, or unlimited."""
    value = spec.get("max_length", DEFAULT_MAX_LENGTH.get(kind))
    return value if is_int(value) and 1 <= value <= MAX_LENGTH_LIMIT else None


def decimal_shape(spec: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """Valid (max_digits, decimal_places) of a decimal field, or (None, None)."""
    digits, places = spec.get("max_digits"), spec.get("decimal_places")
    if (
        is_int(digits)
        and is_int(places)
        and 0 <= places <= digits <= MAX_DIGITS_LIMIT
        and digits >= 1
    ):
        return digits, places
    return None, None
