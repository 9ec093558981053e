"""Validation of a parsed spec: every rule of SPEC.md, every problem at once.

:func:`validate` walks the plain data that :func:`generator.loading.parse_spec`
returns and reports one :class:`~generator.errors.Problem` per broken rule,
each naming its dotted location (``entities.Book.fields.price.max_digits``,
``entities.Book.admin.list[2]``), what is wrong, what would be right, and the
YAML line when known. :func:`check` raises :class:`~generator.errors.SpecError`
with them. Names are derived with :mod:`generator.naming` only, so the
validator checks exactly the names the generator will produce.

The module is pure: no I/O, no global state.
"""

from __future__ import annotations

import difflib
import keyword
import math
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from .. import naming
from ..errors import Problem
from ..errors import SpecError

TOP_LEVEL_KEYS = ("project_name", "project_slug", "description", "entities")
ENTITY_KEYS = ("fields", "plural", "display", "owner", "timestamps", "ordering", "admin", "api")
ADMIN_KEYS = ("list", "search", "filter")
API_KEYS = ("read", "write", "page_size")
API_READ = ("public", "authenticated")
API_WRITE = ("owner", "authenticated", "staff")
ON_DELETE = ("cascade", "protect", "set_null")
PAGE_SIZE_RANGE = (1, 1000)

FIELD_TYPES = tuple(
    "string text integer float decimal boolean date datetime email url choice fk m2m".split()
)
RELATION_TYPES = ("fk", "m2m")
COMMON_OPTIONS = ("type", "required", "unique", "default", "help", "label")
TYPE_OPTIONS: dict[str, tuple[str, ...]] = {
    "string": ("max_length",),
    "text": (),
    "integer": ("min", "max"),
    "float": ("min", "max"),
    "decimal": ("max_digits", "decimal_places", "min", "max"),
    "boolean": (),
    "date": (),
    "datetime": (),
    "email": ("max_length",),
    "url": ("max_length",),
    "choice": ("choices",),
    "fk": ("to", "on_delete"),
    "m2m": ("to",),
}
FORBIDDEN_OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "required": {
        "boolean": ("a boolean always has a value", "remove it; 'default: true' sets the value"),
    },
    "unique": {
        "boolean": ("a boolean has only two values", "remove it"),
        "text": ("long text cannot be unique", "use a string field with a max_length instead"),
        "m2m": ("a many-to-many field has no column of its own", "remove it"),
    },
    "default": {
        kind: (
            "diptych generates no default for this type",
            "remove it and set the value in code after generating",
        )
        for kind in ("fk", "m2m", "date", "datetime")
    },
}
DEFAULT_MAX_LENGTH = {"string": 255, "email": 254, "url": 200}
MAX_LENGTH_LIMIT = 10_000
MAX_DIGITS_LIMIT = 38
CHOICE_MAX_LENGTH = 255
INTEGER_RANGE = (-(2**31), 2**31 - 1)
SEARCH_TYPES = ("string", "text", "email", "url", "choice")
FILTER_TYPES = ("boolean", "choice", "fk", "string", "integer", "date")
TIMESTAMP_FIELDS = ("created_at", "updated_at")

RESERVED_SLUGS = frozenset(
    "django flask tests test site admin api config migrations static templates accounts users"
    " werkzeug sqlalchemy alembic rest_framework marshmallow wtforms".split()
)
RESERVED_ENTITY_NAMES = frozenset(
    "User Group Permission Token Session ContentType LogEntry Model Admin"
    " Base Meta Decimal Date DateTime Enum".split()
) | frozenset(keyword.kwlist)
GENERATED_FIELDS = frozenset({"id", "pk", "owner", "owner_id", "created_at", "updated_at"})
RESERVED_ATTRIBUTES = frozenset(
    "objects query query_class metadata registry save delete clean full_clean check"
    " refresh_from_db validate_unique validate_constraints serializable_value from_db pk"
    " get_deferred_fields prepare_database_save unique_error_message date_error_message"
    " clean_fields get_constraints Meta DoesNotExist MultipleObjectsReturned".split()
)
RESERVED_PLURALS = frozenset({"token", "me"})
USER_ATTRIBUTES = frozenset(
    "id pk password username email first_name last_name is_staff is_active is_superuser"
    " date_joined last_login groups user_permissions auth_token logentry".split()
)
"""Attributes the built-in user already has, which a reverse name must not take."""

_SLUG = re.compile(r"[a-z_][a-z0-9_]*")
_ENTITY_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")
_PLURAL = re.compile(r"[a-z][a-z0-9-]*")
_DOMAIN = r"(?:localhost|(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
_EMAIL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@" + _DOMAIN)
_URL = re.compile(r"(?:https?|ftps?)://" + _DOMAIN + r"(?::\d{1,5})?(?:[/?#]\S*)?")

_Hint = tuple[str, str]
"""A problem and its hint, before a location is attached."""


@dataclass
class _Report:
    """The problems found so far, with the YAML lines to attach to them."""

    lines: Mapping[str, int]
    problems: list[Problem] = dataclass_field(default_factory=list)

    def add(self, location: str, problem: str, hint: str = "") -> None:
        """Record one problem at ``location``, with the nearest known line."""
        self.problems.append(Problem(location, problem, hint, _line_of(location, self.lines)))


@dataclass(frozen=True)
class _Entity:
    """What the cross-entity rules need to know about one entity."""

    name: str
    location: str
    fields: dict[str, Mapping[str, Any]]
    owner: bool
    timestamps: bool
    plural: str | None
    plural_location: str

    @property
    def types(self) -> dict[str, str | None]:
        """Field name -> type, None where the type itself is invalid."""
        return {name: _known_type(spec) for name, spec in self.fields.items()}

    @property
    def generated(self) -> dict[str, str]:
        """The fields the generator adds, with their types."""
        names = {"owner": "fk"} if self.owner else {}
        return names | ({name: "datetime" for name in TIMESTAMP_FIELDS} if self.timestamps else {})


@dataclass(frozen=True)
class _Relation:
    """One fk or m2m (or the generated owner fk) from an entity to a target."""

    source: _Entity
    field: str
    target: str
    location: str
    kind: str = "fk"
    required: bool = False


def validate(raw: Any, lines: Mapping[str, int] | None = None) -> list[Problem]:
    """Every problem in a spec, in the order they appear; empty when the spec is valid.

    Args:
        raw: The spec as plain data (the mapping from :func:`~generator.loading.parse_spec`).
        lines: ``{dotted location: YAML line}``; a problem whose own location is
            not in it gets the line of its nearest parent that is.

    Returns:
        One problem per broken rule, never stopping at the first.
    """
    report = _Report(lines or {})
    if not isinstance(raw, Mapping):
        report.add("", "the spec is not a mapping", "write 'project_name:' and 'entities:' keys")
        return report.problems
    _check_top_level(raw, report)
    entities = _check_entities(raw, report)
    _check_cross_entity(entities, _declared(raw), report)
    return report.problems


def check(raw: Any, lines: Mapping[str, int] | None = None) -> None:
    """Raise when the spec breaks any rule.

    Args:
        raw: The spec as plain data.
        lines: ``{dotted location: YAML line}``, as for :func:`validate`.

    Raises:
        SpecError: Carrying every problem :func:`validate` found.
    """
    problems = validate(raw, lines)
    if problems:
        raise SpecError(problems)


# --- small helpers -------------------------------------------------------------------


def _line_of(location: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``location``, else of its nearest parent that has one."""
    while location:
        if location in lines:
            return lines[location]
        location = _parent(location)
    return lines.get("")


def _parent(location: str) -> str:
    """``a.b[2]`` -> ``a.b`` -> ``a`` -> ``""``."""
    if location.endswith("]") and "[" in location:
        return location[: location.rindex("[")]
    return location.rpartition(".")[0]


def _join(location: str, key: Any) -> str:
    """The location of ``key`` inside the mapping at ``location``."""
    return f"{location}.{key}" if location else str(key)


def _is_int(value: Any) -> bool:
    """An int that is not a bool (YAML's true is not a number)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    """A finite int or float that is not a bool."""
    return _is_int(value) or (isinstance(value, float) and math.isfinite(value))


def _describe(value: Any) -> str:
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


def _one_of(allowed: Collection[str]) -> str:
    """``a, b or c``."""
    items = [str(item) for item in allowed]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _allowed_hint(key: Any, allowed: Collection[str]) -> str:
    """A hint for an unknown key: the closest allowed key, then all of them."""
    close = difflib.get_close_matches(str(key), list(allowed), n=1)
    listing = f"allowed: {', '.join(allowed)}" if allowed else "this type takes no options"
    return f"did you mean '{close[0]}'? {listing}" if close else listing


def _check_unknown_keys(
    mapping: Mapping[Any, Any], allowed: Collection[str], location: str, report: _Report
) -> None:
    """Report every key of ``mapping`` outside ``allowed``."""
    what = f"key in {location}" if location else "top-level key"
    for key in mapping:
        if key not in allowed:
            report.add(
                _join(location, key), f"unknown {what}: '{key}'", _allowed_hint(key, allowed)
            )


def _check_enum(
    mapping: Mapping[str, Any], key: str, allowed: Collection[str], location: str, report: _Report
) -> None:
    """Report ``mapping[key]`` when present and not one of ``allowed``."""
    if key in mapping and mapping[key] not in allowed:
        report.add(
            f"{location}.{key}",
            f"{key} must be {_one_of(allowed)}, not {_describe(mapping[key])}",
            f"use {_one_of(allowed)}",
        )


def _check_type(
    mapping: Mapping[str, Any], key: str, expected: type, location: str, report: _Report
) -> None:
    """Report ``mapping[key]`` when present and not of the ``expected`` type."""
    if key not in mapping or isinstance(mapping[key], expected):
        return
    words = {bool: "true or false", str: "a string"}
    hint = "write true or false" if expected is bool else "quote the value"
    problem = f"{key} must be {words[expected]}, not {_describe(mapping[key])}"
    report.add(_join(location, key), problem, hint)


def _camel_suggestion(name: str) -> str:
    """A CamelCase entity name close to ``name``, or a generic example."""
    parts = re.split(r"[^A-Za-z0-9]+", name)
    suggestion = "".join(part[:1].upper() + part[1:] for part in parts)
    valid = _ENTITY_NAME.fullmatch(suggestion) and suggestion not in RESERVED_ENTITY_NAMES
    return suggestion if valid else "BookReview"


def _snake_suggestion(name: str) -> str:
    """A snake_case field name close to ``name``, or a generic example."""
    suggestion = re.sub(r"[^a-z0-9]+", "_", naming.snake_case(name)).strip("_")
    valid = _FIELD_NAME.fullmatch(suggestion) and _field_name_taken(suggestion, "") is None
    return suggestion if valid else "published_on"


# --- top level -----------------------------------------------------------------------


def _check_top_level(raw: Mapping[str, Any], report: _Report) -> None:
    """Unknown keys, project name, slug and description."""
    _check_unknown_keys(raw, TOP_LEVEL_KEYS, "", report)
    _check_project_name(raw, report)
    if "project_slug" in raw:
        _check_project_slug(raw["project_slug"], report)
    _check_type(raw, "description", str, "", report)


def _check_project_name(raw: Mapping[str, Any], report: _Report) -> None:
    """project_name is required free text; without project_slug it must give a usable slug."""
    hint = "write free text such as 'project_name: Bookshelf'"
    if "project_name" not in raw:
        report.add("project_name", "project_name is missing", hint)
        return
    name = raw["project_name"]
    if not isinstance(name, str):
        report.add("project_name", f"project_name must be text, not {_describe(name)}", hint)
    elif not name.strip():
        report.add("project_name", "project_name is blank", hint)
    elif "project_slug" not in raw:
        _check_derived_slug(name, report)


def _check_derived_slug(name: str, report: _Report) -> None:
    """The slug derived from project_name must be usable as the package name."""
    slug = naming.slugify(name)
    if not slug:
        problem = f"project_name '{name}' leaves no letters or digits for the package name"
        report.add(
            "project_name", problem, "add ASCII letters to project_name, or set project_slug"
        )
    elif (reason := _slug_problem(slug)) is not None:
        problem = f"project_name '{name}' gives the package name '{slug}', which {reason}"
        report.add("project_name", problem, f"set project_slug, such as '{slug}_app'")


def _check_project_slug(slug: Any, report: _Report) -> None:
    """project_slug, when given, is a lower-case Python identifier that is not reserved."""
    if not isinstance(slug, str):
        reason = f"must be a string, not {_describe(slug)}"
    else:
        reason = _slug_problem(slug)
    if reason is not None:
        hint = "use lower-case letters, digits and '_' such as 'bookshelf', or remove it"
        report.add("project_slug", f"project_slug {slug!r} {reason}", hint)


def _slug_problem(slug: str) -> str | None:
    """Why ``slug`` cannot be the package name, or None when it can."""
    if not _SLUG.fullmatch(slug):
        return "is not a lower-case Python identifier"
    if keyword.iskeyword(slug):
        return "is a Python keyword"
    if slug in RESERVED_SLUGS:
        return "is taken by a package or directory the generated apps use"
    return None


# --- entities ------------------------------------------------------------------------


def _check_entities(raw: Mapping[str, Any], report: _Report) -> list[_Entity]:
    """The entities mapping and every entity in it; returns what later rules need."""
    hint = "declare entities such as 'Book: {fields: {title: {type: string}}}'"
    entities = raw.get("entities")
    if "entities" not in raw:
        report.add("entities", "entities is missing", hint)
    elif entities is not None and not isinstance(entities, Mapping):
        report.add("entities", f"entities must be a mapping, not {_describe(entities)}", hint)
    elif not entities:
        report.add("entities", "entities declares no entity", hint)
    else:
        checked = (_check_entity(name, spec, report) for name, spec in entities.items())
        return [entity for entity in checked if entity is not None]
    return []


def _check_entity(name: Any, spec: Any, report: _Report) -> _Entity | None:
    """One entity: its name, its keys, fields, plural and options."""
    location = f"entities.{name}"
    _check_entity_name(name, location, report)
    if not isinstance(spec, Mapping):
        hint = "write a mapping with 'fields:', such as '{fields: {title: {type: string}}}'"
        report.add(location, f"entity {name} must be a mapping, not {_describe(spec)}", hint)
        return None
    _check_unknown_keys(spec, ENTITY_KEYS, location, report)
    for flag in ("owner", "timestamps"):
        _check_type(spec, flag, bool, location, report)
    entity = _Entity(
        name=str(name),
        location=location,
        fields=_check_fields(spec, name, location, report),
        owner=spec.get("owner") is True,
        timestamps=spec.get("timestamps") is True,
        plural=_check_plural(spec, name, location, report),
        plural_location=f"{location}.plural" if "plural" in spec else location,
    )
    _check_entity_options(spec, entity, report)
    return entity


def _check_entity_name(name: Any, location: str, report: _Report) -> None:
    """CamelCase, and not a name the generated apps already use."""
    if not isinstance(name, str):
        problem = f"entity name {name!r} is not a string (YAML reads it as {_describe(name)})"
        report.add(location, problem, "use a CamelCase name such as 'BookReview'")
    elif not _ENTITY_NAME.fullmatch(name):
        problem = f"entity name '{name}' is not a CamelCase identifier"
        report.add(location, problem, f"use a CamelCase name such as '{_camel_suggestion(name)}'")
    elif name in RESERVED_ENTITY_NAMES:
        hint = f"choose another name, such as '{name}Entry'"
        if name == "User":
            hint = "relate to the built-in user with 'to: User'; name your entity e.g. 'Member'"
        why = "a Python keyword" if keyword.iskeyword(name) else "used by the generated apps"
        report.add(location, f"entity name '{name}' is reserved: it is {why}", hint)


def _check_entity_options(spec: Mapping[str, Any], entity: _Entity, report: _Report) -> None:
    """display, ordering, admin and api of one entity."""
    if "display" in spec:
        _check_display(spec["display"], entity, report)
    if "ordering" in spec:
        _check_ordering(spec["ordering"], entity, report)
    if "admin" in spec:
        _check_admin(spec["admin"], entity, report)
    if "api" in spec:
        _check_api(spec["api"], entity, report)


# --- plural --------------------------------------------------------------------------


def _check_plural(spec: Mapping[str, Any], name: Any, location: str, report: _Report) -> str | None:
    """The entity's URL segment, explicit or default; None when it is unusable."""
    if "plural" in spec:
        plural = spec["plural"]
        problem = _plural_problem(plural)
        if problem is not None:
            hint = "use lower-case letters, digits and single '-', such as 'book-reviews'"
            report.add(f"{location}.plural", f"plural {plural!r} {problem}", hint)
            return None
        return plural
    if not isinstance(name, str) or not _ENTITY_NAME.fullmatch(name):
        return None
    plural = naming.default_plural(name)
    problem = _plural_problem(plural)
    if problem is not None:
        report.add(location, f"the default plural '{plural}' of {name} {problem}", "set 'plural:'")
        return None
    return plural


def _plural_problem(plural: Any) -> str | None:
    """Why ``plural`` cannot be a URL segment and a Python name, or None."""
    if not isinstance(plural, str):
        return f"must be a string, not {_describe(plural)}"
    if not _PLURAL.fullmatch(plural):
        return "is not a URL segment of lower-case letters, digits and '-'"
    if plural.endswith("-") or "--" in plural:
        return "has a trailing or doubled '-'"
    if plural in RESERVED_PLURALS:
        return "is reserved: the API already serves that URL"
    if keyword.iskeyword(naming.kebab_to_snake(plural)):
        return "is a Python keyword, and reverse names are made from it"
    return None


# --- fields --------------------------------------------------------------------------


def _check_fields(
    spec: Mapping[str, Any], entity: Any, location: str, report: _Report
) -> dict[str, Mapping[str, Any]]:
    """Every field of an entity; returns the usable ones (string name, mapping body)."""
    fields_location = f"{location}.fields"
    fields = spec.get("fields")
    hint = "declare fields such as 'fields: {title: {type: string}}'"
    if "fields" not in spec:
        report.add(fields_location, "fields is missing", hint)
        return {}
    if not fields or not isinstance(fields, Mapping):
        what = "declares no field" if not fields else f"must be a mapping, not {_describe(fields)}"
        report.add(fields_location, f"fields {what}", hint)
        return {}
    prefix = naming.snake_case(entity) if isinstance(entity, str) else "item"
    usable = {
        name: body
        for name, body in fields.items()
        if _check_field(name, body, prefix, f"{fields_location}.{name}", report)
    }
    _check_column_clashes(usable, fields_location, report)
    return usable


def _check_field(name: Any, spec: Any, prefix: str, location: str, report: _Report) -> bool:
    """One field: name, type and options. True when later rules can use it."""
    found = _field_name_problem(name, prefix)
    if found is not None:
        report.add(location, *found)
    if not isinstance(spec, Mapping):
        report.add(
            location,
            f"field {name} must be a mapping, not {_describe(spec)}",
            _body_hint(name, spec),
        )
        return False
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        _report_bad_type(spec, location, report)
    else:
        _check_options(kind, spec, location, report)
        _TYPE_RULES[kind](spec, location, report)
        _check_default(kind, spec, location, report)
    return isinstance(name, str)


def _body_hint(name: Any, spec: Any) -> str:
    """How to write a field body: ``title: {type: string}``."""
    kind = spec if spec in FIELD_TYPES else "string"
    return f"write '{name}: {{type: {kind}}}'"


def _report_bad_type(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """A field without a type, or with a type diptych does not know."""
    listing = ", ".join(FIELD_TYPES)
    if "type" not in spec:
        report.add(f"{location}.type", "the field has no type", f"add 'type:', one of {listing}")
        return
    kind = spec["type"]
    hint = _allowed_hint(kind, FIELD_TYPES) if isinstance(kind, str) else f"use one of {listing}"
    report.add(f"{location}.type", f"unknown field type {kind!r}", hint)


def _field_name_problem(name: Any, prefix: str) -> _Hint | None:
    """Why ``name`` cannot be a field name, with a hint; None when it can."""
    if not isinstance(name, str):
        hint = "quote it, or choose a snake_case name such as 'published_on'"
        return f"field name {name!r} is not a string (YAML reads it as {_describe(name)})", hint
    found = _field_name_shape(name) or _field_name_taken(name, prefix)
    return None if found is None else (f"field name '{name}' {found[0]}", found[1])


def _field_name_shape(name: str) -> _Hint | None:
    """snake_case, no ``__``, no trailing ``_``."""
    if not _FIELD_NAME.fullmatch(name):
        return "is not snake_case", f"use a name such as '{_snake_suggestion(name)}'"
    if "__" in name:
        return "contains '__'", f"use single underscores: '{re.sub('_+', '_', name)}'"
    if name.endswith("_"):
        return "ends with '_'", f"drop the trailing underscore: '{name.rstrip('_')}'"
    return None


def _field_name_taken(name: str, prefix: str) -> _Hint | None:
    """Not a keyword, a generated field or an attribute the ORMs reserve."""
    rename = f"rename it, such as '{prefix}_{name}'"
    if keyword.iskeyword(name):
        return "is a Python keyword", rename
    if name in GENERATED_FIELDS:
        return "is a name the generator adds itself", _generated_hint(name, prefix)
    if name in RESERVED_ATTRIBUTES:
        return "is an attribute the ORMs reserve on a model", rename
    return None


def _generated_hint(name: str, prefix: str) -> str:
    """What to do instead of declaring a generated field."""
    if name in ("owner", "owner_id"):
        return f"set 'owner: true' on the entity, or rename it such as '{prefix}_{name}'"
    if name in TIMESTAMP_FIELDS:
        return f"set 'timestamps: true' on the entity, or rename it such as '{prefix}_{name}'"
    return "remove it: every entity gets an 'id' primary key"


def _check_column_clashes(
    fields: Mapping[str, Mapping[str, Any]], location: str, report: _Report
) -> None:
    """An fk ``author`` stores ``author_id``; no other field may take that name."""
    for name, spec in fields.items():
        column = f"{name}_id"
        if spec.get("type") == "fk" and column in fields:
            problem = f"field '{column}' clashes with the column of the fk '{name}'"
            report.add(f"{location}.{column}", problem, f"rename '{column}' or '{name}'")


def _known_type(spec: Mapping[str, Any]) -> str | None:
    """The field's type when it is a known one, else None."""
    kind = spec.get("type")
    return kind if kind in FIELD_TYPES else None


# --- options by type -----------------------------------------------------------------


def _check_options(kind: str, spec: Mapping[str, Any], location: str, report: _Report) -> None:
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
                _allowed_hint(option, allowed),
            )
    for option, expected in (("required", bool), ("unique", bool), ("help", str), ("label", str)):
        if option in allowed:
            _check_type(spec, option, expected, location, report)


def _check_no_options(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """Types whose only options are the common ones."""


def _check_max_length(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """max_length is an integer from 1 to 10000."""
    if "max_length" in spec and _max_length(spec, spec["type"]) is None:
        report.add(
            f"{location}.max_length",
            f"max_length must be an integer from 1 to {MAX_LENGTH_LIMIT}, "
            f"not {_describe(spec['max_length'])}",
            f"use a whole number such as {DEFAULT_MAX_LENGTH[spec['type']]}",
        )


def _max_length(spec: Mapping[str, Any], kind: str) -> int | None:
    """The field's effective max_length; None when given but invalid, or unlimited."""
    value = spec.get("max_length", DEFAULT_MAX_LENGTH.get(kind))
    return value if _is_int(value) and 1 <= value <= MAX_LENGTH_LIMIT else None


def _check_bounds(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """min and max are numbers of the field's type, and min <= max."""
    kind = spec["type"]
    for bound in ("min", "max"):
        if bound in spec and _number(kind, spec[bound]) is None:
            report.add(
                f"{location}.{bound}",
                f"{bound} must be {_NUMBER_WORDS[kind]}, not {_describe(spec[bound])}",
                f"write {_NUMBER_EXAMPLES[kind]}",
            )
    low, high = _bounds(spec)
    if low is not None and high is not None and low > high:
        report.add(
            f"{location}.max",
            f"max ({spec['max']}) is less than min ({spec['min']})",
            "make min <= max, or swap them",
        )


def _bounds(spec: Mapping[str, Any]) -> tuple[Any, Any]:
    """The valid min and max of a numeric field, None where absent or invalid."""
    kind = spec["type"]
    return _number(kind, spec.get("min")), _number(kind, spec.get("max"))


def _number(kind: str, value: Any) -> int | float | Decimal | None:
    """``value`` as a number of the field's type, or None when it is not one."""
    if kind == "integer":
        return value if _is_int(value) and INTEGER_RANGE[0] <= value <= INTEGER_RANGE[1] else None
    if kind == "float":
        return value if _is_number(value) else None
    if not (_is_number(value) or isinstance(value, str)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


_NUMBER_WORDS = {
    "integer": f"an integer from {INTEGER_RANGE[0]} to {INTEGER_RANGE[1]}",
    "float": "a finite number",
    "decimal": "a finite number or a string holding one",
}
_NUMBER_EXAMPLES = {
    "integer": "a whole number such as 10",
    "float": "a number such as 2.5",
    "decimal": 'a number such as "12.50"',
}


def _check_decimal(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """max_digits (1..38) and decimal_places (0..max_digits) are required; then min/max."""
    for option, low in (("max_digits", 1), ("decimal_places", 0)):
        option_location = f"{location}.{option}"
        if option not in spec:
            report.add(
                option_location,
                f"a decimal field needs {option}",
                "add e.g. 'max_digits: 8, decimal_places: 2'",
            )
        elif not (_is_int(spec[option]) and low <= spec[option] <= MAX_DIGITS_LIMIT):
            report.add(
                option_location,
                f"{option} must be an integer from {low} to {MAX_DIGITS_LIMIT}, "
                f"not {_describe(spec[option])}",
                f"use a whole number from {low} to {MAX_DIGITS_LIMIT}",
            )
    digits, places = spec.get("max_digits"), spec.get("decimal_places")
    if _is_int(digits) and _is_int(places) and places > digits >= 1:
        problem = f"decimal_places ({places}) is greater than max_digits ({digits})"
        report.add(f"{location}.decimal_places", problem, "make decimal_places <= max_digits")
    _check_bounds(spec, location, report)


def _decimal_shape(spec: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """Valid (max_digits, decimal_places) of a decimal field, or (None, None)."""
    digits, places = spec.get("max_digits"), spec.get("decimal_places")
    if (
        _is_int(digits)
        and _is_int(places)
        and 0 <= places <= digits <= MAX_DIGITS_LIMIT
        and digits >= 1
    ):
        return digits, places
    return None, None


def _check_choices(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """choices is a non-empty list of distinct, non-empty strings of at most 255 characters."""
    choices_location = f"{location}.choices"
    choices = spec.get("choices")
    hint = "write a list of strings such as 'choices: [draft, published]'"
    if "choices" not in spec:
        report.add(choices_location, "a choice field needs choices", hint)
    elif not choices or not isinstance(choices, list):
        what = "is empty" if not choices else f"must be a list, not {_describe(choices)}"
        report.add(choices_location, f"choices {what}", hint)
    else:
        members: dict[str, str] = {}
        for position, choice in enumerate(choices):
            found = _choice_problem(choice, members)
            if found is not None:
                report.add(f"{choices_location}[{position}]", *found)


def _choice_problem(choice: Any, members: dict[str, str]) -> _Hint | None:
    """Why one choice is invalid, or None; records its identifier in ``members``."""
    if not isinstance(choice, str):
        hint = "quote it: YAML reads yes/no/on/off/true/false and numbers as values"
        return f"choice {choice!r} is not a string (YAML reads it as {_describe(choice)})", hint
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


def _check_fk(spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """on_delete is one of the three, and set_null needs an optional field."""
    _check_enum(spec, "on_delete", ON_DELETE, location, report)
    if spec.get("on_delete") == "set_null" and spec.get("required", True) is not False:
        report.add(
            f"{location}.on_delete",
            "on_delete: set_null needs 'required: false'",
            "add 'required: false', or use on_delete: cascade or protect",
        )


_TYPE_RULES: dict[str, Callable[[Mapping[str, Any], str, _Report], None]] = {
    "string": _check_max_length,
    "text": _check_no_options,
    "integer": _check_bounds,
    "float": _check_bounds,
    "decimal": _check_decimal,
    "boolean": _check_no_options,
    "date": _check_no_options,
    "datetime": _check_no_options,
    "email": _check_max_length,
    "url": _check_max_length,
    "choice": _check_choices,
    "fk": _check_fk,
    "m2m": _check_no_options,
}


# --- defaults ------------------------------------------------------------------------


def _check_default(kind: str, spec: Mapping[str, Any], location: str, report: _Report) -> None:
    """A default, when allowed on the type, satisfies the field's own rules."""
    if "default" in spec and kind in _DEFAULT_RULES:
        found = _DEFAULT_RULES[kind](spec["default"], spec)
        if found is not None:
            report.add(f"{location}.default", *found)


def _default_text(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """A string within the field's max_length."""
    if not isinstance(value, str):
        return f"default must be a string, not {_describe(value)}", "quote it"
    limit = _max_length(spec, spec["type"])
    if limit is not None and len(value) > limit:
        return (
            f"default is {len(value)} characters long, more than max_length {limit}",
            "shorten it, or raise max_length",
        )
    return None


def _default_email(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """A string that looks like an email address."""
    found = _default_text(value, spec)
    if found is None and not _EMAIL.fullmatch(value):
        return (
            f"default {value!r} is not an email address",
            "write an address such as 'team@example.com'",
        )
    return found


def _default_url(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """A string that looks like an http(s) or ftp(s) URL."""
    found = _default_text(value, spec)
    if found is None and not _URL.fullmatch(value):
        return f"default {value!r} is not a URL", "write a full URL such as 'https://example.com/'"
    return found


def _default_choice(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """One of the field's choices."""
    choices = spec.get("choices")
    if not isinstance(choices, list) or value in choices:
        return None
    listing = ", ".join(repr(choice) for choice in choices)
    return f"default {value!r} is not one of the choices", f"use one of: {listing}"


def _default_number(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """A number of the field's type, within min and max."""
    kind = spec["type"]
    number = _number(kind, value)
    if number is None:
        return (
            f"default must be {_NUMBER_WORDS[kind]}, not {_describe(value)}",
            f"write {_NUMBER_EXAMPLES[kind]}",
        )
    low, high = _bounds(spec)
    if low is not None and number < low:
        return f"default {value} is below min ({spec['min']})", "raise the default, or lower min"
    if high is not None and number > high:
        return f"default {value} is above max ({spec['max']})", "lower the default, or raise max"
    return None


def _default_decimal(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """A decimal number that fits max_digits and decimal_places, within min and max."""
    found = _default_number(value, spec)
    digits, places = _decimal_shape(spec)
    if found is not None or digits is None or places is None:
        return found
    number = Decimal(str(value).strip())
    decimals = max(-number.as_tuple().exponent, 0)  # type: ignore[operator]
    whole = len(str(abs(int(number)))) if abs(number) >= 1 else 0
    if decimals > places or whole > digits - places:
        shape = f"at most {digits - places} digits before the point and {places} after"
        return (
            f"default {value} does not fit max_digits {digits}, decimal_places {places}",
            f"write {shape}",
        )
    return None


def _default_boolean(value: Any, spec: Mapping[str, Any]) -> _Hint | None:
    """true or false."""
    if isinstance(value, bool):
        return None
    return f"default must be true or false, not {_describe(value)}", "write true or false"


_DEFAULT_RULES: dict[str, Callable[[Any, Mapping[str, Any]], _Hint | None]] = {
    "string": _default_text,
    "text": _default_text,
    "email": _default_email,
    "url": _default_url,
    "choice": lambda value, spec: (
        _default_text(value, {"type": "text"}) or _default_choice(value, spec)
    ),
    "integer": _default_number,
    "float": _default_number,
    "decimal": _default_decimal,
    "boolean": _default_boolean,
}


# --- display, ordering, admin, api ---------------------------------------------------


def _check_display(value: Any, entity: _Entity, report: _Report) -> None:
    """display names a field of the entity that holds one value (not m2m)."""
    types = entity.types
    usable = [name for name, kind in types.items() if kind != "m2m"]
    found = _reference_problem(
        value, "display", entity, types, usable, "fields that are not many-to-many"
    )
    if found is not None:
        report.add(f"{entity.location}.display", *found)


def _check_ordering(value: Any, entity: _Entity, report: _Report) -> None:
    """Each item is 'name' or '-name' of a single-valued field, id or a timestamp."""
    known = {"id": "integer", **entity.types}
    if entity.timestamps:
        known |= {name: "datetime" for name in TIMESTAMP_FIELDS}
    usable = [name for name, kind in known.items() if kind != "m2m"]
    rule = "id, timestamps and fields that are not many-to-many"
    _check_name_list(
        value, "ordering", f"{entity.location}.ordering", (entity, known, usable, rule), report
    )


def _check_admin(admin: Any, entity: _Entity, report: _Report) -> None:
    """admin is a mapping of list, search and filter, each a list of suitable fields."""
    location = f"{entity.location}.admin"
    if not isinstance(admin, Mapping):
        report.add(
            location,
            f"admin must be a mapping, not {_describe(admin)}",
            "write 'admin: {list: [...], search: [...], filter: [...]}'",
        )
        return
    _check_unknown_keys(admin, ADMIN_KEYS, location, report)
    for key, lookup in _admin_columns(entity).items():
        if key in admin:
            _check_name_list(admin[key], f"admin.{key}", f"{location}.{key}", lookup, report)


def _admin_columns(
    entity: _Entity,
) -> dict[str, tuple[_Entity, dict[str, str | None], list[str], str]]:
    """For admin.list, .search and .filter: the known names, the usable ones and the rule."""
    types = entity.types
    known = {**types, **entity.generated}
    listable = [name for name, kind in known.items() if kind != "m2m"]
    searchable = [name for name, kind in types.items() if kind in SEARCH_TYPES]
    filterable = [name for name, kind in types.items() if kind in FILTER_TYPES]
    return {
        "list": (entity, known, listable, "fields that are not many-to-many"),
        "search": (entity, known, searchable, f"{_one_of(SEARCH_TYPES)} fields"),
        "filter": (entity, known, filterable, f"{_one_of(FILTER_TYPES)} fields"),
    }


def _check_name_list(
    value: Any,
    kind: str,
    location: str,
    lookup: tuple[_Entity, dict[str, str | None], list[str], str],
    report: _Report,
) -> None:
    """A list of distinct field names, each one usable for ``kind``."""
    entity, known, usable, rule = lookup
    if not isinstance(value, list):
        example = ", ".join(usable[:2])
        report.add(
            location,
            f"{kind} must be a list of field names, not {_describe(value)}",
            f"write a list such as [{example}]",
        )
        return
    seen: set[str] = set()
    for position, item in enumerate(value):
        name = (
            item[1:]
            if kind == "ordering" and isinstance(item, str) and item.startswith("-")
            else item
        )
        found = _reference_problem(name, kind, entity, known, usable, rule)
        if found is None and name in seen:
            found = f"{kind} names '{name}' twice", "remove the repeat"
        if found is not None:
            report.add(f"{location}[{position}]", *found)
        if isinstance(name, str):
            seen.add(name)


def _reference_problem(
    name: Any,
    kind: str,
    entity: _Entity,
    known: Mapping[str, str | None],
    usable: list[str],
    rule: str,
) -> _Hint | None:
    """Why ``name`` cannot be used in ``kind``; None when it can (or its type is broken)."""
    hint = (
        f"use one of: {', '.join(usable)}"
        if usable
        else f"{kind} takes {rule}, and {entity.name} has none"
    )
    if not isinstance(name, str):
        return f"{kind} must name a field, not {_describe(name)}", hint
    if name not in known:
        return f"{kind} names '{name}', which is not a field of {entity.name}", hint
    if name not in usable and known[name] is not None:
        return f"{kind} names '{name}', of type {known[name]}, but takes only {rule}", hint
    return None


def _check_api(api: Any, entity: _Entity, report: _Report) -> None:
    """api.read, api.write (owner needs owner: true) and api.page_size (1..1000)."""
    location = f"{entity.location}.api"
    if not isinstance(api, Mapping):
        report.add(
            location,
            f"api must be a mapping, not {_describe(api)}",
            "write 'api: {read: public, write: owner, page_size: 20}'",
        )
        return
    _check_unknown_keys(api, API_KEYS, location, report)
    _check_enum(api, "read", API_READ, location, report)
    _check_enum(api, "write", API_WRITE, location, report)
    if api.get("write") == "owner" and not entity.owner:
        report.add(
            f"{location}.write",
            f"write: owner needs 'owner: true' on {entity.name}",
            f"set 'owner: true' on {entity.name}, or use write: authenticated or staff",
        )
    low, high = PAGE_SIZE_RANGE
    if "page_size" in api and not (_is_int(api["page_size"]) and low <= api["page_size"] <= high):
        report.add(
            f"{location}.page_size",
            f"page_size must be an integer from {low} to {high}, not {_describe(api['page_size'])}",
            "use a whole number such as 20",
        )


# --- across entities -----------------------------------------------------------------


def _declared(raw: Mapping[str, Any]) -> set[str]:
    """The entity names a ``to:`` may use (valid or not, they are declared)."""
    entities = raw.get("entities")
    return (
        {name for name in entities if isinstance(name, str)}
        if isinstance(entities, Mapping)
        else set()
    )


def _check_cross_entity(entities: list[_Entity], declared: set[str], report: _Report) -> None:
    """Rules that look at several entities: targets, names, plurals, reverse names."""
    relations = _relations(entities, declared, report)
    clashing = _check_entity_names_distinct(entities, report)
    _check_plurals_distinct([entity for entity in entities if entity.name not in clashing], report)
    _check_tables_distinct(entities, report)
    _check_reverse_names(entities, relations, report)
    _check_required_cycles(entities, relations, report)


def _relations(entities: list[_Entity], declared: set[str], report: _Report) -> list[_Relation]:
    """Every relation with a valid target, owner included; reports invalid targets."""
    relations: list[_Relation] = []
    for entity in entities:
        if entity.owner:
            relations.append(_Relation(entity, "owner", "User", f"{entity.location}.owner"))
        for name, spec in entity.fields.items():
            location = f"{entity.location}.fields.{name}"
            if spec.get("type") in RELATION_TYPES and _check_target(
                spec, location, declared, report
            ):
                required = spec.get("required", True) is True
                relation = _Relation(entity, name, spec["to"], location, spec["type"], required)
                relations.append(relation)
    return relations


def _check_target(
    spec: Mapping[str, Any], location: str, declared: set[str], report: _Report
) -> bool:
    """``to`` names a declared entity or User; True when it does."""
    targets = [*sorted(declared), "User"]
    target = spec.get("to")
    if isinstance(target, str) and target in targets:
        return True
    if "to" not in spec:
        report.add(
            f"{location}.to",
            f"a {spec['type']} field needs 'to'",
            f"name the target: {', '.join(targets)}",
        )
    else:
        hint = (
            _allowed_hint(target, targets)
            if isinstance(target, str)
            else f"use one of: {', '.join(targets)}"
        )
        report.add(
            f"{location}.to",
            f"to: {target!r} is not a declared entity or User",
            hint.replace("allowed:", "entities:"),
        )
    return False


def _check_entity_names_distinct(entities: list[_Entity], report: _Report) -> set[str]:
    """Two entities may not share a snake_case name (their tables); returns those reported."""
    seen: dict[str, str] = {}
    clashing: set[str] = set()
    for entity in entities:
        snake = naming.snake_case(entity.name)
        if snake in seen:
            problem = (
                f"entity {entity.name} has the same snake_case name '{snake}' as {seen[snake]}"
            )
            report.add(entity.location, problem, "rename one of them")
            clashing.add(entity.name)
        seen.setdefault(snake, entity.name)
    return clashing


def _check_plurals_distinct(entities: list[_Entity], report: _Report) -> None:
    """Two entities may not share a URL segment, nor its snake_case form."""
    seen: dict[str, _Entity] = {}
    for entity in entities:
        if entity.plural is None:
            continue
        snake = naming.kebab_to_snake(entity.plural)
        other = seen.setdefault(snake, entity)
        if other is entity:
            continue
        problem = f"plural '{entity.plural}' is already used by {other.name}"
        if other.plural != entity.plural:
            problem = (
                f"plural '{entity.plural}' gives '{snake}', as {other.name}'s '{other.plural}' does"
            )
        report.add(entity.plural_location, problem, f"set a different 'plural:' on {entity.name}")


def _check_tables_distinct(entities: list[_Entity], report: _Report) -> None:
    """An m2m's association table (``<entity>_<field>``) may not take another table's name."""
    tables = {naming.snake_case(entity.name): f"the table of {entity.name}" for entity in entities}
    for entity in entities:
        for name, spec in entity.fields.items():
            table = f"{naming.snake_case(entity.name)}_{name}"
            if spec.get("type") != "m2m":
                continue
            if table in tables:
                problem = (
                    f"the association table '{table}' of this m2m clashes with {tables[table]}"
                )
                report.add(f"{entity.location}.fields.{name}", problem, "rename the field")
            tables.setdefault(table, f"the association table of {entity.name}.{name}")


def _check_reverse_names(
    entities: list[_Entity], relations: list[_Relation], report: _Report
) -> None:
    """The name each relation adds to its target is free there and distinct."""
    by_name = {entity.name: entity for entity in entities}
    pairs = Counter((relation.source.name, relation.target) for relation in relations)
    taken: dict[tuple[str, str], _Relation] = {}
    for relation in relations:
        source = relation.source
        if source.plural is None:
            continue
        ambiguous = relation.target == source.name or pairs[(source.name, relation.target)] > 1
        reverse = naming.reverse_name(
            source_plural=source.plural, field=relation.field, ambiguous=ambiguous
        )
        found = _reverse_problem(reverse, relation, by_name, taken)
        if found is not None:
            report.add(relation.location, *found)
        taken.setdefault((relation.target, reverse), relation)


def _reverse_problem(
    reverse: str,
    relation: _Relation,
    by_name: Mapping[str, _Entity],
    taken: Mapping[tuple[str, str], _Relation],
) -> _Hint | None:
    """Why the reverse name ``reverse`` cannot go on the relation's target, or None."""
    target = relation.target
    source = relation.source.name
    hint = f"rename '{relation.field}' or the clashing name, or set another 'plural:' on {source}"
    if relation.field == "owner":
        hint = f"set a different 'plural:' on {source}"
    if reverse in _attributes(target, by_name):
        return (
            f"the reverse name '{reverse}' this relation adds to {target} "
            f"clashes with {target}.{reverse}",
            hint,
        )
    other = taken.get((target, reverse))
    if other is not None:
        return (
            f"the reverse name '{reverse}' on {target} is already taken by {other.location}",
            hint,
        )
    return None


def _attributes(target: str, by_name: Mapping[str, _Entity]) -> frozenset[str]:
    """The names a reverse name may not take on ``target``."""
    if target == "User":
        return USER_ATTRIBUTES | RESERVED_ATTRIBUTES
    entity = by_name.get(target)
    if entity is None:  # declared, but not a mapping: reported already
        return RESERVED_ATTRIBUTES
    columns = {f"{name}_id" for name, kind in entity.types.items() if kind == "fk"}
    return (
        frozenset({*entity.fields, *columns, *entity.generated, "id", "owner_id"})
        | RESERVED_ATTRIBUTES
    )


def _check_required_cycles(
    entities: list[_Entity], relations: list[_Relation], report: _Report
) -> None:
    """Some row must come first: no required fk to itself, no cycle of required relations."""
    order = {entity.name: position for position, entity in enumerate(entities)}
    required = [r for r in relations if r.required and r.target in order]
    graph: dict[str, set[str]] = {}
    for relation in required:
        if relation.target != relation.source.name:
            graph.setdefault(relation.source.name, set()).add(relation.target)
    for relation in required:
        found = _first_row_problem(relation, order, graph)
        if found is not None:
            report.add(relation.location, *found)


def _first_row_problem(
    relation: _Relation, order: Mapping[str, int], graph: Mapping[str, set[str]]
) -> _Hint | None:
    """Why a required relation leaves no row that can be created first, or None."""
    source, target = relation.source.name, relation.target
    if target == source:
        if relation.kind != "fk":
            return None  # a row can link to itself once it exists
        problem = f"a required fk to {source} itself leaves the first {source} nothing to point at"
        return problem, "add 'required: false': the root of the tree has no parent"
    if order[target] > order[source]:
        return None  # each cycle is reported once, at the relation that closes it
    path = _path(graph, target, source)
    if path is None:
        return None
    cycle = " -> ".join([source, *path])
    problem = f"required relations form a cycle ({cycle}): no row can be created first"
    return problem, f"make '{relation.field}' or another relation in the cycle 'required: false'"


def _path(graph: Mapping[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The entities on a shortest path from ``start`` to ``goal``, both included; or None."""
    paths = {start: [start]}
    queue = [start]
    for current in queue:
        if current == goal:
            return paths[current]
        for following in sorted(graph.get(current, ())):
            if following not in paths:
                paths[following] = [*paths[current], following]
                queue.append(following)
    return None
