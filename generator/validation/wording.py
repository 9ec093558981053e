"""How values and choices read in messages and hints."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from collections.abc import Mapping
from datetime import date
from typing import Any


def describe(value: Any) -> str:
    """How a YAML value reads in a message: ``a boolean (true)``."""
    kinds: tuple[tuple[type | tuple[type, ...], str], ...] = (
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (date, "a date"),
        (list, "a list"),
        (Mapping, "a mapping"),
    )
    if value is None:
        return "empty (null)"
    kind = next((text for types, text in kinds if isinstance(value, types)), "a value")
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{kind} ({shown})"


def one_of(allowed: Collection[str]) -> str:
    """``a, b or c``."""
    items = [str(item) for item in allowed]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def allowed_hint(key: Any, allowed: Collection[str]) -> str:
    """A hint for an unknown key: the closest allowed key, then all of them."""
    close = difflib.get_close_matches(str(key), list(allowed), n=1)
    listing = f"allowed: {', '.join(allowed)}" if allowed else "this type takes no options"
    return f"did you mean '{close[0]}'? {listing}" if close else listing
