"""Checks shared by every mapping: unknown keys, enumerated values, value types."""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Mapping
from typing import Any

from .report import Report
from .report import join
from .wording import allowed_hint
from .wording import describe
from .wording import one_of


def check_unknown_keys(
    mapping: Mapping[Any, Any], allowed: Collection[str], location: str, report: Report
) -> None:
    """Report every key of ``mapping`` outside ``allowed``."""
    what = f"key in {location}" if location else "top-level key"
    for key in mapping:
        if key not in allowed:
            report.add(join(location, key), f"unknown {what}: '{key}'", allowed_hint(key, allowed))


def check_enum(
    mapping: Mapping[str, Any], key: str, allowed: Collection[str], location: str, report: Report
) -> None:
    """Report ``mapping[key]`` when present and not one of ``allowed``."""
    if key in mapping and mapping[key] not in allowed:
        report.add(
            f"{location}.{key}",
            f"{key} must be {one_of(allowed)}, not {describe(mapping[key])}",
            f"use {one_of(allowed)}",
        )


def check_type(
    mapping: Mapping[str, Any], key: str, expected: type, location: str, report: Report
) -> None:
    """Report ``mapping[key]`` when present and not of the ``expected`` type."""
    if key not in mapping or isinstance(mapping[key], expected):
        return
    words = {bool: "true or false", str: "a string"}
    hint = "write true or false" if expected is bool else "quote the value"
    problem = f"{key} must be {words[expected]}, not {describe(mapping[key])}"
    report.add(join(location, key), problem, hint)
