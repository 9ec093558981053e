"""Why a slug, plural or field name is unusable, and what to write instead."""

from __future__ import annotations

import keyword
import re
from typing import Any

from .. import naming
from .report import Hint
from .vocabulary import ENTITY_NAME_PATTERN
from .vocabulary import FIELD_NAME_PATTERN
from .vocabulary import GENERATED_FIELDS
from .vocabulary import MODULE_NAMES
from .vocabulary import PLURAL_PATTERN
from .vocabulary import RESERVED_ATTRIBUTES
from .vocabulary import RESERVED_ENTITY_NAMES
from .vocabulary import RESERVED_PLURALS
from .vocabulary import RESERVED_SLUGS
from .vocabulary import SLUG_PATTERN
from .vocabulary import TIMESTAMP_FIELDS
from .wording import describe


def slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be the package name, or None when it can."""
    if not SLUG_PATTERN.fullmatch(slug):
        return "is not a lower-case Python identifier"
    if keyword.iskeyword(slug):
        return "is a Python keyword"
    if slug in RESERVED_SLUGS:
        return "is taken by a package or directory the generated apps use"
    return None


def plural_problem(plural: Any) -> str | None:
    """Why ``plural`` cannot be a URL segment and a Python name, or None."""
    if not isinstance(plural, str):
        return f"must be a string, not {describe(plural)}"
    if not PLURAL_PATTERN.fullmatch(plural):
        return "is not a URL segment of lower-case letters, digits and '-'"
    if plural.endswith("-") or "--" in plural:
        return "has a trailing or doubled '-'"
    if plural in RESERVED_PLURALS:
        return "is reserved: the API already serves that URL"
    if keyword.iskeyword(naming.kebab_to_snake(plural)):
        return "is a Python keyword, and reverse names are made from it"
    return None


def camel_suggestion(name: str) -> str:
    """A CamelCase entity name close to ``name``, or a generic example."""
    parts = re.split(r"[^A-Za-z0-9]+", name)
    suggestion = "".join(part[:1].upper() + part[1:] for part in parts)
    valid = ENTITY_NAME_PATTERN.fullmatch(suggestion) and suggestion not in RESERVED_ENTITY_NAMES
    return suggestion if valid else "BookReview"


def field_name_problem(name: Any, prefix: str) -> Hint | None:
    """Why ``name`` cannot be a field name, with a hint; None when it can."""
    if not isinstance(name, str):
        hint = "quote it, or choose a snake_case name such as 'published_on'"
        return f"field name {name!r} is not a string (YAML reads it as {describe(name)})", hint
    found = _field_name_shape(name) or _field_name_taken(name, prefix)
    return None if found is None else (f"field name '{name}' {found[0]}", found[1])


def related_name_problem(name: Any) -> Hint | None:
    """Why ``name`` cannot be a reverse name (an attribute of the target), or None."""
    if not isinstance(name, str):
        return (
            f"related_name must be a string, not {describe(name)}",
            "write a name such as 'children'",
        )
    found = _field_name_shape(name) or _field_name_taken(name, "related")
    return None if found is None else (f"related_name '{name}' {found[0]}", found[1])


def _field_name_shape(name: str) -> Hint | None:
    """snake_case, no ``__``, no trailing ``_``."""
    if not FIELD_NAME_PATTERN.fullmatch(name):
        return "is not snake_case", f"use a name such as '{_snake_suggestion(name)}'"
    if "__" in name:
        return "contains '__'", f"use single underscores: '{re.sub('_+', '_', name)}'"
    if name.endswith("_"):
        return "ends with '_'", f"drop the trailing underscore: '{name.rstrip('_')}'"
    return None


def _field_name_taken(name: str, prefix: str) -> Hint | None:
    """Not a keyword, a generated field or an attribute the ORMs reserve."""
    rename = f"rename it, such as '{prefix}_{name}'"
    if keyword.iskeyword(name):
        return "is a Python keyword", rename
    if name in GENERATED_FIELDS:
        return "is a name the generator adds itself", _generated_hint(name, prefix)
    if name in RESERVED_ATTRIBUTES:
        return "is an attribute the ORMs reserve on a model", rename
    if name in MODULE_NAMES:
        return "is a name the generated models and schemas use for a module or helper", rename
    return None


def _generated_hint(name: str, prefix: str) -> str:
    """What to do instead of declaring a generated field."""
    if name in ("owner", "owner_id"):
        return f"set 'owner: true' on the entity, or rename it such as '{prefix}_{name}'"
    if name in TIMESTAMP_FIELDS:
        return f"set 'timestamps: true' on the entity, or rename it such as '{prefix}_{name}'"
    return "remove it: every entity gets an 'id' primary key"


def _snake_suggestion(name: str) -> str:
    """A snake_case field name close to ``name``, or a generic example."""
    suggestion = re.sub(r"[^a-z0-9]+", "_", naming.snake_case(name)).strip("_")
    valid = FIELD_NAME_PATTERN.fullmatch(suggestion) and _field_name_taken(suggestion, "") is None
    return suggestion if valid else "published_on"
