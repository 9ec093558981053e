"""Hypothesis strategies for specs that follow every rule of docs/spec.md.

``valid_specs()`` draws plain spec dicts (what ``parse_spec`` returns) with 1-4
entities, every field type and option, fk/m2m with self-references, several
relations to one target and to ``User``, owner/timestamps, ordering, admin and
api options, defaults that satisfy their field, and free text (project name,
help, label, choices, string defaults) full of quotes, backslashes, braces and
non-ASCII letters.

Validity holds by construction, not by filtering through the validator:

* every plural (default or explicit) ends in ``s`` and has at most two words,
  while no field name ends in ``s``, so a reverse name (``<plural>`` or
  ``<field>_<plural>``) never meets a field, a column or a generated name;
* relation fields are named ``<word>_ref`` or ``<word>_link`` (plus a digit),
  so ``<field>_<plural>`` reverse names and ``<entity>_<field>`` association
  tables split one way only and cannot repeat;
* non-relation field names come from a vocabulary of plain words, none of them
  a keyword, ``id``, ``owner``, a timestamp or an ORM attribute;
* a required relation points only at an entity declared earlier (or at User,
  or, for an m2m, at its own entity), so no required fk points at its own
  entity and required relations never form a cycle.
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from typing import TypeVar

from hypothesis import strategies as st

from generator import naming
from generator import patterns
from generator.validation import RESERVED_ENTITY_NAMES
from generator.validation import RESERVED_SLUGS
from generator.validation.vocabulary import STRING_TYPES

ENTITY_POOL = (
    "Author",
    "Book",
    "Tag",
    "Shelf",
    "Category",
    "InvoiceLine",
    "BlogPost",
    "Box",
    "Story",
    "Quiz",
    "Leaf",
    "Review",
)
"""Names whose default plural ends in ``s``; other names always get an explicit plural."""

FIELD_WORDS = (
    "title",
    "name",
    "body",
    "price",
    "count",
    "rating",
    "born",
    "note",
    "kind",
    "level",
    "colour",
    "size",
    "weight",
    "active",
    "code",
    "isbn",
    "email",
    "home",
    "page",
    "start",
    "end",
    "due",
    "amount",
    "score",
    "label",
    "summary",
    "help",
    "order",
    "value",
    "type",
)
SECOND_WORDS = ("at", "on", "code", "text", "value", "date", "url", "flag", "2", "v2", "max")
RELATION_WORDS = ("author", "parent", "writer", "editor", "tag", "owner", "user", "next", "a")
PROJECT_PREFIXES = (
    "Bookshelf",
    "Café Notes",
    'My "Quoted" Shop',
    "Ünïcode Books",
    "Tiny {app}",
    "Back\\slash Co",
    "{{ jinja }} Shop",
)
TRICKY_PIECES = (
    '"',
    "'",
    "\\",
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "${x}",
    "é",
    "ß",
    "日本",
    "😀",
    " ",
    "\u00a0",
    "<b>",
    "&amp;",
    "#",
    ": ",
    "- ",
)
EMAILS = ("team@example.com", "a.b+c@mail.example.org", "x_y@localhost", "Z9@ex-ample.io")
URLS = (
    "https://example.com/",
    "http://localhost:8000/path?q=1#top",
    "https://sub.example.org/a_b-c",
    "http://example.com",
)
SIMPLE_TYPES = (
    "string",
    "text",
    "integer",
    "float",
    "decimal",
    "boolean",
    "date",
    "datetime",
    "time",
)
FIELD_TYPES = (*SIMPLE_TYPES, "email", "url", "choice", "json", "fk", "m2m")
INT32 = (-(2**31), 2**31 - 1)
T = TypeVar("T")

_characters = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn"))
_piece = st.one_of(st.sampled_from(TRICKY_PIECES), st.text(_characters, max_size=4))
PATTERNS = (
    "[A-Z]{3}-[0-9]{4}",
    "[a-z]+(?:-[a-z]+)*",
    r"\d{1,6}",
    r"[^\s,]+",
    "(?:yes|no|maybe)",
    r"[\w.]+@example\.(?:com|org)",
    "caf\u00e9|th\xe9",
    "^[A-F][+-]?$",
)
"""Patterns both languages read alike, with sets, groups, alternatives and escapes."""
TRICKY_TEXT = st.lists(_piece, max_size=6).map("".join)
"""Free text mixing quotes, backslashes, braces, non-ASCII and plain letters."""
CHOICE_TEXT = TRICKY_TEXT.map(lambda text: text[:20]).filter(bool)
"""Non-empty tricky text short enough for a choice."""

_BOOLEANS = st.booleans()
_RANDOM_ENTITY_NAMES = st.from_regex(r"\A[A-Z][a-z]{1,6}(?:[A-Z][a-z]{1,5})?\Z").filter(
    lambda name: name not in RESERVED_ENTITY_NAMES
)
_PLURALS = st.from_regex(r"\A[a-z][a-z0-9]{1,7}(?:-[a-z][a-z0-9]{1,5})?s\Z").filter(
    lambda plural: (
        not keyword.iskeyword(plural)
        and "owner" not in plural
        and plural not in ("objects", "groups", "user-permissions")
    )
)
_SLUGS = st.from_regex(r"\A[a-z][a-z0-9_]{0,12}\Z").filter(
    lambda slug: not keyword.iskeyword(slug) and slug not in RESERVED_SLUGS
)
_FLOATS = st.one_of(
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False), st.integers(-1000, 1000)
)
_INT32S = st.integers(*INT32)
_KIND_CHOICES = (*FIELD_TYPES, "fk", "fk", "m2m")
"""Field types to pick from; relations weigh more, so that targets are shared often."""


def _pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options`` (without building a new strategy per draw)."""
    return options[draw(st.integers(0, len(options) - 1))]


def _some(draw: st.DrawFn, options: Sequence[T], *, most: int | None = None) -> list[T]:
    """A sub-list of ``options``, each at most once, maybe reversed."""
    chosen = [option for option in options if draw(_BOOLEANS)][:most]
    return chosen[::-1] if draw(_BOOLEANS) else chosen


def _maybe(draw: st.DrawFn, *, one_in: int = 2) -> bool:
    """True once in ``one_in`` draws, roughly."""
    return draw(st.integers(0, one_in - 1)) == 0


def _scalar_field_name(draw: st.DrawFn) -> str:
    """snake_case names built from plain words; none ends in ``s`` or ``_id``."""
    first = _pick(draw, FIELD_WORDS)
    return f"{first}_{_pick(draw, SECOND_WORDS)}" if _maybe(draw) else first


def _relation_field_name(draw: st.DrawFn) -> str:
    """``author_ref``, ``parent_link2``: the shape every fk and m2m name has here."""
    word, marker = _pick(draw, RELATION_WORDS), _pick(draw, ("ref", "link"))
    return f"{word}_{marker}{_pick(draw, ('', '', '1', '2'))}"


def _common(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """required, unique, help and label, where the type allows them."""
    options: dict[str, Any] = {}
    if kind != "boolean" and draw(_BOOLEANS):
        options["required"] = draw(_BOOLEANS)
    optional_text = kind in STRING_TYPES and options.get("required") is False
    if kind not in ("boolean", "m2m", "text", "fk", "json") and draw(_BOOLEANS):
        # an optional text field may not be unique: its blanks would collide
        options["unique"] = False if optional_text else draw(_BOOLEANS)
    unindexed = ("fk", "m2m", "text", "json")
    if kind not in unindexed and not options.get("unique") and _maybe(draw, one_in=4):
        options["index"] = True
    if _maybe(draw, one_in=3):
        options["help"] = draw(TRICKY_TEXT)
    if _maybe(draw, one_in=3):
        options["label"] = draw(TRICKY_TEXT.filter(str.strip))
    return options


def _string_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """string/text: max_length, and a default that fits it."""
    options: dict[str, Any] = {}
    limit = 255
    if kind == "string" and draw(_BOOLEANS):
        limit = 10_000 if _maybe(draw, one_in=8) else draw(st.integers(1, 300))
        options["max_length"] = limit
    if kind == "string" and _maybe(draw, one_in=3):
        return {**options, **_pattern_options(draw, limit)}
    if kind == "string" and _maybe(draw, one_in=4):
        options["min_length"] = draw(st.integers(1, min(limit, 12)))
    if draw(_BOOLEANS):
        default = draw(TRICKY_TEXT)[:limit]
        if default == "" or len(default) >= options.get("min_length", 0):
            options["default"] = default
    return options


def _pattern_options(draw: st.DrawFn, limit: int) -> dict[str, Any]:
    """A pattern (and maybe min_length and a default) that some value within ``limit`` matches."""
    pattern = _pick(draw, PATTERNS)
    shortest = patterns.example(pattern, 0, max_length=limit)
    if shortest is None:
        return {}  # the pattern needs more room than max_length gives
    options: dict[str, Any] = {"pattern": pattern}
    if _maybe(draw, one_in=3):
        options["min_length"] = draw(st.integers(1, len(shortest)))
    if draw(_BOOLEANS):
        options["default"] = patterns.example(pattern, draw(st.integers(0, 50)), max_length=limit)
        if options["default"] is None or len(options["default"]) < options.get("min_length", 1):
            del options["default"]
    return options


def _address_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """email/url: a plausible default and a max_length that holds it."""
    options: dict[str, Any] = {}
    default = _pick(draw, EMAILS if kind == "email" else URLS)
    if draw(_BOOLEANS):
        options["default"] = default
    if draw(_BOOLEANS):
        options["max_length"] = draw(st.integers(len(default), 400))
    return options


def _ordered_bounds(draw: st.DrawFn, values: list[Any]) -> dict[str, Any]:
    """A random subset of min <= default <= max taken from three values."""
    ordered = dict(zip(("min", "default", "max"), sorted(values), strict=True))
    return {key: value for key, value in ordered.items() if draw(_BOOLEANS)}


def _integer_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """min <= default <= max, all 32-bit."""
    return _ordered_bounds(draw, [draw(_INT32S) for _ in range(3)])


def _float_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """min <= default <= max, finite; ints and floats both appear."""
    return _ordered_bounds(draw, [draw(_FLOATS) for _ in range(3)])


def _decimal_value(draw: st.DrawFn, digits: int, places: int) -> Decimal:
    """A number with at most ``digits - places`` whole digits and ``places`` decimals."""
    whole = draw(st.integers(0, 10 ** (digits - places) - 1))
    fraction_digits = draw(st.integers(0, places))
    fraction = draw(st.integers(0, 10**fraction_digits - 1))
    sign = _pick(draw, ("", "-"))
    text = f"{sign}{whole}" + (f".{fraction:0{fraction_digits}d}" if fraction_digits else "")
    return Decimal(text)


def _decimal_form(draw: st.DrawFn, value: Decimal) -> Any:
    """The value as YAML may hold it: a string, or an int or float when exact."""
    forms: list[Any] = [str(value)]
    exponent = value.as_tuple().exponent
    if exponent == 0:
        forms.append(int(value))
    if isinstance(exponent, int) and exponent < 0 and Decimal(str(float(value))) == value:
        forms.append(float(value))
    return _pick(draw, forms)


def _decimal_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """max_digits, decimal_places, and min <= default <= max that fit them."""
    digits = draw(st.integers(1, 38))
    places = draw(st.integers(0, digits))
    bounds = _ordered_bounds(draw, [_decimal_value(draw, digits, places) for _ in range(3)])
    shaped = {key: _decimal_form(draw, value) for key, value in bounds.items()}
    return {"max_digits": digits, "decimal_places": places, **shaped}


def _choice_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """Distinct choices (distinct identifiers too), and maybe one as the default."""
    choices: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 5))):
        choice = draw(CHOICE_TEXT)
        choices.setdefault(naming.choice_member(choice), choice)
    values = list(choices.values())
    options: dict[str, Any] = {"choices": values}
    if draw(_BOOLEANS):
        options["default"] = _pick(draw, values)
    return options


def _boolean_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """Maybe a default."""
    return {"default": draw(_BOOLEANS)} if draw(_BOOLEANS) else {}


def _no_options(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """date and datetime take only the common options."""
    return {}


_TYPE_OPTIONS = {
    "string": _string_options,
    "text": _string_options,
    "integer": _integer_options,
    "float": _float_options,
    "decimal": _decimal_options,
    "boolean": _boolean_options,
    "date": _no_options,
    "time": _no_options,
    "datetime": _no_options,
    "email": _address_options,
    "url": _address_options,
    "choice": _choice_options,
    "json": _no_options,
}


def _field(
    draw: st.DrawFn, kind: str, targets: Sequence[str], source: int, name: str
) -> dict[str, Any]:
    """One valid field of type ``kind``; relations point at one of ``targets`` or User.

    ``targets[source]`` is the field's own entity. A required relation points only
    at an entity declared before it (or at User, or an m2m at itself), so some row
    can always be created first.
    """
    options: dict[str, Any] = {"type": kind, **_common(draw, kind)}
    if kind not in ("fk", "m2m"):
        return options | _TYPE_OPTIONS[kind](draw, kind)
    options["to"] = _pick(draw, [*targets, "User"])
    if kind == "fk" and draw(_BOOLEANS):
        options["on_delete"] = _pick(draw, ("cascade", "protect", "set_null"))
    position = targets.index(options["to"]) if options["to"] in targets else -1
    later = position > source or (position == source and kind == "fk")
    if later or options.get("on_delete") == "set_null":
        options["required"] = False
    if _maybe(draw, one_in=4):
        # one name per (entity, field): free on any target, as no drawn field ends in _set
        options["related_name"] = f"{naming.snake_case(targets[source])}_{name}_set"
    return options


def _fields(draw: st.DrawFn, targets: Sequence[str], source: int) -> dict[str, dict[str, Any]]:
    """1-6 fields of random types, names unique."""
    fields: dict[str, dict[str, Any]] = {}
    for _ in range(draw(st.integers(1, 6))):
        kind = _pick(draw, _KIND_CHOICES)
        is_relation = kind in ("fk", "m2m")
        name = _relation_field_name(draw) if is_relation else _scalar_field_name(draw)
        if name not in fields:
            fields[name] = _field(draw, kind, targets, source, name)
    return fields


def _usable(fields: dict[str, dict[str, Any]], types: tuple[str, ...] | None) -> list[str]:
    """Field names whose type is in ``types`` (None: single values, every type but m2m, json)."""
    return [
        name
        for name, spec in fields.items()
        if (spec["type"] not in ("m2m", "json") if types is None else spec["type"] in types)
    ]


def _ordering(draw: st.DrawFn, fields: dict[str, Any], timestamps: bool) -> list[str]:
    """Distinct names of single-valued fields, id or timestamps, some descending."""
    names = ["id", *_usable(fields, None), *(("created_at", "updated_at") if timestamps else ())]
    return [_pick(draw, ("", "-")) + name for name in _some(draw, names, most=3)]


def _admin(draw: st.DrawFn, fields: dict[str, Any], generated: list[str]) -> dict[str, Any]:
    """Some of list, search and filter, each naming suitable fields once."""
    candidates = {
        "list": [name for name, spec in fields.items() if spec["type"] != "m2m"] + generated,
        "search": _usable(fields, ("string", "text", "email", "url", "choice")),
        "filter": _usable(fields, ("boolean", "choice", "fk", "string", "integer", "date")),
    }
    return {key: _some(draw, names) for key, names in candidates.items() if draw(_BOOLEANS)}


def _api(draw: st.DrawFn, owner: bool) -> dict[str, Any]:
    """Some of read, write (owner only with owner: true) and page_size."""
    writes = ("owner", "authenticated", "staff") if owner else ("authenticated", "staff")
    api = {
        "read": _pick(draw, ("public", "authenticated")),
        "write": _pick(draw, writes),
        "page_size": draw(st.integers(1, 1000)),
    }
    return {key: value for key, value in api.items() if draw(_BOOLEANS)}


def _entity(
    draw: st.DrawFn, targets: Sequence[str], source: int, plural: str | None
) -> dict[str, Any]:
    """One valid entity; ``plural`` is set when given."""
    spec: dict[str, Any] = {} if plural is None else {"plural": plural}
    spec |= {flag: draw(_BOOLEANS) for flag in ("owner", "timestamps") if draw(_BOOLEANS)}
    fields = spec["fields"] = _fields(draw, targets, source)
    owner, timestamps = spec.get("owner", False), spec.get("timestamps", False)
    generated = ["owner"] * owner + ["created_at", "updated_at"] * timestamps
    if _usable(fields, None) and draw(_BOOLEANS):
        spec["display"] = _pick(draw, _usable(fields, None))
    if draw(_BOOLEANS):
        spec["ordering"] = _ordering(draw, fields, timestamps)
    if draw(_BOOLEANS):
        spec["admin"] = _admin(draw, fields, generated)
    if draw(_BOOLEANS):
        spec["api"] = _api(draw, owner)
    together = _unique_together(draw, fields)
    if together:
        spec["unique_together"] = together
    return spec


def _unique_together(draw: st.DrawFn, fields: dict[str, Any]) -> list[list[str]]:
    """Maybe one set: a field whose demo values differ per row, and another field."""
    eligible = [
        name
        for name, spec in fields.items()
        if spec["type"] not in ("m2m", "text", "boolean", "json")
        and spec.get("required", True)
        and "default" not in spec
    ]
    distinct = [
        name
        for name in eligible
        if fields[name]["type"] in ("date", "email") or set(fields[name]) == {"type"}
    ]
    if not distinct or len(eligible) < 2 or not _maybe(draw, one_in=3):
        return []
    first = _pick(draw, distinct)
    return [[first, _pick(draw, [name for name in eligible if name != first])]]


def _plurals(draw: st.DrawFn, names: list[str]) -> list[str | None]:
    """For each entity: None (keep the default) or an explicit plural used nowhere else."""
    used = {naming.default_plural(name) for name in names if name in ENTITY_POOL}
    plurals: list[str | None] = []
    for name in names:
        plural = None if name in ENTITY_POOL and draw(_BOOLEANS) else draw(_PLURALS)
        while plural in used:
            plural = f"{plural[:-1]}x{len(used)}s"
        if plural is not None:
            used.add(plural)
        plurals.append(plural)
    return plurals


def _project(draw: st.DrawFn) -> dict[str, Any]:
    """project_name (and maybe project_slug and description)."""
    project: dict[str, Any] = {
        "project_name": _pick(draw, PROJECT_PREFIXES) + draw(TRICKY_TEXT)[:20]
    }
    if draw(_BOOLEANS):
        project["project_slug"] = draw(_SLUGS)
    if draw(_BOOLEANS):
        project["description"] = draw(TRICKY_TEXT)
    return project


def _entity_names(draw: st.DrawFn) -> list[str]:
    """1-4 CamelCase names, distinct in snake_case: a familiar pool and random names."""
    names: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 4))):
        name = _pick(draw, ENTITY_POOL) if draw(_BOOLEANS) else draw(_RANDOM_ENTITY_NAMES)
        names.setdefault(naming.snake_case(name), name)
    return list(names.values())


@st.composite
def valid_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A random spec that follows every rule of docs/spec.md, as plain data."""
    names = _entity_names(draw)
    plurals = _plurals(draw, names)
    entities = {
        name: _entity(draw, names, position, plural)
        for position, (name, plural) in enumerate(zip(names, plurals, strict=True))
    }
    return {**_project(draw), "entities": entities}
