"""The choices of a choice field: distinct, non-empty, short strings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import naming
from .report import Hint
from .report import Report
from .vocabulary import CHOICE_MAX_LENGTH
from .wording import describe


def check_choices(spec: Mapping[str, Any], location: str, report: Report) -> None:
    """choices is a non-empty list of distinct, non-empty strings of at most 255 characters."""
    choices_location = f"{location}.choices"
    choices = spec.get("choices")
    hint = "write a list of strings such as 'choices: [draft, published]'"
    if "choices" not in spec:
        report.add(choices_location, "a choice field needs choices", hint)
    elif not choices or not isinstance(choices, list):
        what = "is empty" if not choices else f"must be a list, not {describe(choices)}"
        report.add(choices_location, f"choices {what}", hint)
    else:
        members: dict[str, str] = {}
        for position, choice in enumerate(choices):
            found = _choice_problem(choice, members)
            if found is not None:
                report.add(f"{choices_location}[{position}]", *found)


def _choice_problem(choice: Any, members: dict[str, str]) -> Hint | None:
    """Why one choice is invalid, or None; records its identifier in ``members``."""
    if not isinstance(choice, str):
        hint = "quote it: YAML reads yes/no/on/off/true/false and numbers as values"
        return f"choice {choice!r} is not a string (YAML reads it as {describe(choice)})", hint
    if not choice:
        return "choice is an empty string", "remove it; an optional field is stored as '' anyway"
    if len(choice) > CHOICE_MAX_LENGTH:
        return (
            f"choice is {len(choice)} characters long",
            f"shorten it to at most {CHOICE_MAX_LENGTH}",
        )
    member = naming.choice_member(choice)
    if member in members:
        other = members[member]
        if other == choice:
            return f"choice '{choice}' is listed twice", "remove the repeat"
        return (
            f"choice '{choice}' gives the same identifier {member} as '{other}'",
            "make the two differ in letters or digits",
        )
    members[member] = choice
    return None
