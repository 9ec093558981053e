"""The top-level keys: project_name, project_slug and description."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import naming
from .keys import check_type
from .keys import check_unknown_keys
from .names import slug_problem
from .report import Report
from .vocabulary import TOP_LEVEL_KEYS
from .wording import describe


def check_top_level(raw: Mapping[str, Any], report: Report) -> None:
    """Unknown keys, project name, slug and description."""
    check_unknown_keys(raw, TOP_LEVEL_KEYS, "", report)
    _check_project_name(raw, report)
    if "project_slug" in raw:
        _check_project_slug(raw["project_slug"], report)
    check_type(raw, "description", str, "", report)


def _check_project_name(raw: Mapping[str, Any], report: Report) -> None:
    """project_name is required free text; without project_slug it must give a usable slug."""
    hint = "write free text such as 'project_name: Bookshelf'"
    if "project_name" not in raw:
        report.add("project_name", "project_name is missing", hint)
        return
    name = raw["project_name"]
    if not isinstance(name, str):
        report.add("project_name", f"project_name must be text, not {describe(name)}", hint)
    elif not name.strip():
        report.add("project_name", "project_name is blank", hint)
    elif "project_slug" not in raw:
        _check_derived_slug(name, report)


def _check_derived_slug(name: str, report: Report) -> None:
    """The slug derived from project_name must be usable as the package name."""
    slug = naming.slugify(name)
    if not slug:
        problem = f"project_name '{name}' leaves no letters or digits for the package name"
        report.add(
            "project_name", problem, "add ASCII letters to project_name, or set project_slug"
        )
    elif (reason := slug_problem(slug)) is not None:
        problem = f"project_name '{name}' gives the package name '{slug}', which {reason}"
        report.add("project_name", problem, f"set project_slug, such as '{slug}_app'")


def _check_project_slug(slug: Any, report: Report) -> None:
    """project_slug, when given, is a lower-case Python identifier that is not reserved."""
    reason: str | None
    if not isinstance(slug, str):
        reason = f"must be a string, not {describe(slug)}"
    else:
        reason = slug_problem(slug)
    if reason is not None:
        hint = "use lower-case letters, digits and '_' such as 'bookshelf', or remove it"
        report.add("project_slug", f"project_slug {slug!r} {reason}", hint)
