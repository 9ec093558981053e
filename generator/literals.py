"""Spec values as Python source: literals, with ruff's preferred quotes.

Templates pass every spec value through these functions (the ``py`` and
``toml`` filters), so quotes, backslashes or braces in a spec can neither
break nor inject generated code. The layout is ruff's (``generator.layout``).
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal


def py_literal(value: object) -> str:
    """The Python source of ``value``, with ruff's preferred quotes for strings."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Decimal):
        return f"Decimal({_string(str(value))})"
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, date):
        return f"date({value.year}, {value.month}, {value.day})"
    if isinstance(value, time):
        return f"time({value.hour}, {value.minute}{f', {value.second}' if value.second else ''})"
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        items = ", ".join(py_literal(item) for item in value)
        if isinstance(value, tuple):
            return f"({items},)" if len(value) == 1 else f"({items})"
        return f"[{items}]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{py_literal(key)}: {py_literal(item)}" for key, item in value.items())
        return f"{{{pairs}}}"
    raise TypeError(f"no Python literal for {type(value).__name__}")


def regex_literal(pattern: str) -> str:
    """A regular expression as a raw string (``r"\\A(?:[A-Z]{3})\\Z"``) where one can hold it."""
    quote = '"' if '"' not in pattern else "'"
    trailing = len(pattern) - len(pattern.rstrip("\\"))
    if quote in pattern or trailing % 2 or not pattern.isprintable():
        return _string(pattern)
    return f"r{quote}{pattern}{quote}"


def _datetime(value: datetime) -> str:
    """``datetime(2024, 1, 15, 9, 30, tzinfo=UTC)``: needs ``from datetime import UTC``."""
    parts = [value.year, value.month, value.day, value.hour, value.minute, value.second]
    while len(parts) > 5 and not parts[-1]:
        parts.pop()
    numbers = ", ".join(str(part) for part in parts)
    return f"datetime({numbers}, tzinfo=UTC)" if value.tzinfo else f"datetime({numbers})"


def _string(text: str) -> str:
    quote = "'" if text.count('"') > text.count("'") else '"'
    body = "".join(_escape(char, quote) for char in text)
    return f"{quote}{body}{quote}"


def _escape(char: str, quote: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == quote:
        return "\\" + char
    if char.isprintable():
        return char
    return repr(char)[1:-1]


def toml_string(text: str) -> str:
    """A TOML basic string (``"..."``): JSON's escapes would split emoji into surrogates."""
    body = "".join(_toml_escape(char) for char in text)
    return f'"{body}"'


def _toml_escape(char: str) -> str:
    if char in ('"', "\\"):
        return "\\" + char
    if char.isprintable():
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
