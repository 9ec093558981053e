"""What each spec field type becomes in the Django app: one row per type, read by its templates.

A row names the model field class, what Django's field class already implies,
the imports a literal value of the type needs, the filter the API declares
for it, the admin's form field settings and the values the app's own test
tables expect the API to refuse. Options that any type may carry (bounds,
lengths, patterns, ``required``) are read from the :class:`~.model.Field`
by the functions below the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .literals import py_literal
from .model import Entity
from .model import Field
from .model import Project
from .validation.vocabulary import FIELD_TYPES

Refusals = Callable[[Field], tuple[str, ...]]
"""The Python source of values the API refuses for a field of the type."""


@dataclass(frozen=True)
class FormfieldOverride:
    """Arguments the admin passes to every form field of one model field class."""

    arguments: dict[str, str]
    why: str
    """The comment above ``formfield_overrides``."""


@dataclass(frozen=True)
class DjangoType:
    """One spec type in the Django app."""

    model_field: str
    """The class in ``django.db.models`` (``CharField``)."""
    refusals: Refusals
    """Values of the wrong kind or shape for the type (the app's test tables)."""
    own_max_length: int | None = None
    """The ``max_length`` the class has itself (EmailField's 254): not written out."""
    blank_when_optional: bool = True
    """An optional field may be left blank in forms (a checkbox is never blank)."""
    literal_imports: tuple[str, ...] = ()
    """What a Python literal of a value of the type needs (``datetime(..., tzinfo=UTC)``)."""
    api_string: bool = False
    """The API writes values as JSON strings (DRF's decimals)."""
    declared_filter: str | None = None
    """The filter the FilterSet declares for it, where django-filter's own would be wrong."""
    filter_refusal: Callable[[Field], object] | None = None
    """A ``?name=`` value the API's filter answers with a 400 (the app's test tables)."""
    admin_formfield: FormfieldOverride | None = None


def _refuse(*values: object) -> Refusals:
    """Refusals that hold for every field of the type."""
    sources = tuple(py_literal(value) for value in values)
    return lambda _field: sources


def _text_refusals(field: Field) -> tuple[str, ...]:
    """One character too long, and a list where text belongs."""
    return (f'"x" * {(field.max_length or 0) + 1}', py_literal(["a list"]))


def _decimal_refusals(field: Field) -> tuple[str, ...]:
    """Not a number, one decimal place too many, one integer digit too many."""
    places, digits = field.decimal_places or 0, field.max_digits or 0
    return (
        py_literal("abc"),
        py_literal("0." + "1" * (places + 1)),
        py_literal("1" * (digits - places + 1)),
    )


def _off_choice(field: Field) -> str:
    """A value none of the choices is: their values joined after "not"."""
    return "not " + " ".join(choice.value for choice in field.choices)


def _json_refusals(field: Field) -> tuple[str, ...]:
    """Any JSON value is a JSON field's, but null only where the field is optional."""
    return (py_literal(None),) if field.required else ()


TYPES: dict[str, DjangoType] = {
    "string": DjangoType("CharField", _text_refusals),
    "text": DjangoType("TextField", _refuse({"an": "object"})),
    "integer": DjangoType("IntegerField", _refuse("abc", 1.5, [1])),
    "float": DjangoType("FloatField", _refuse("abc", [1])),
    "decimal": DjangoType(
        "DecimalField",
        _decimal_refusals,
        literal_imports=("from decimal import Decimal",),
        api_string=True,
    ),
    "boolean": DjangoType(
        "BooleanField",
        _refuse("abc"),
        blank_when_optional=False,
        declared_filter="TrueOrFalseFilter",
        filter_refusal=lambda _field: "maybe",
    ),
    "date": DjangoType(
        "DateField",
        _refuse("not a date", "2024-02-30"),
        literal_imports=("from datetime import date",),
    ),
    "datetime": DjangoType(
        "DateTimeField",
        _refuse("not a datetime"),
        literal_imports=("from datetime import UTC", "from datetime import datetime"),
    ),
    "time": DjangoType(
        "TimeField",
        _refuse("not a time", "25:00:00"),
        literal_imports=("from datetime import time",),
    ),
    "email": DjangoType(
        "EmailField",
        lambda field: (*_text_refusals(field), py_literal("not an email")),
        own_max_length=254,
    ),
    "url": DjangoType(
        "URLField",
        lambda field: (*_text_refusals(field), py_literal("not a url")),
        own_max_length=200,
        admin_formfield=FormfieldOverride(
            {"assume_scheme": "https"},
            "Django 6's default; on 5.2 it also silences the deprecation warning.",
        ),
    ),
    "choice": DjangoType(
        "CharField",
        lambda field: (py_literal(_off_choice(field)),),
        filter_refusal=_off_choice,
    ),
    "json": DjangoType("JSONField", _json_refusals),
    "fk": DjangoType("ForeignKey", _refuse(999999, "abc"), filter_refusal=lambda _field: "abc"),
    "m2m": DjangoType("ManyToManyField", _refuse([999999], "abc")),
}
assert tuple(TYPES) == FIELD_TYPES, "one row per spec type, in the vocabulary's order"


def of(field: Field) -> DjangoType:
    """The row of ``field``'s type."""
    return TYPES[field.type]


def max_length(field: Field) -> int | None:
    """The ``max_length`` argument, None where there is none or the class's own is right."""
    if field.max_length is None or field.max_length == of(field).own_max_length:
        return None
    return field.max_length


def literal_imports(field: Field) -> tuple[str, ...]:
    """What the model's default and bounds of ``field`` need imported (``Decimal``)."""
    return of(field).literal_imports if field.has_default or field.has_range else ()


def model_literal_imports(project: Project) -> list[str]:
    """What every model's defaults and bounds need imported, each once, sorted."""
    return sorted(
        {
            line
            for entity in project.entities
            for field in entity.fields
            for line in literal_imports(field)
        }
    )


def demo_imports(project: Project) -> list[str]:
    """What the demo rows' literal values need imported, each once, sorted."""
    return sorted(
        {
            line
            for entity in project.entities
            for field in entity.scalar_fields
            for line in of(field).literal_imports
        }
    )


def invalid_values(field: Field) -> tuple[str, ...]:
    """The Python source of values the API refuses for ``field``, with a 400 naming it."""
    values = ['""'] if field.is_string and not field.blank_allowed else []
    values += of(field).refusals(field)
    if field.min_length and field.min_length > 1:
        values.append(py_literal("x" * (field.min_length - 1)))
    if field.off_pattern is not None:
        values.append(py_literal(field.off_pattern))
    for bound in _outside(field):
        values.append(py_literal(str(bound) if of(field).api_string else bound))
    return tuple(values)


def _outside(field: Field) -> list[int | float | Decimal]:
    """The values just beyond ``field``'s range: one below its lowest, one above its highest."""
    beyond = []
    if field.lowest is not None:
        beyond.append(field.lowest - 1)
    if field.highest is not None:
        beyond.append(field.highest + 1)
    return beyond


def invalid_filter(field: Field) -> str | None:
    """The Python source of a ``?name=`` value the API refuses, or None where none is known."""
    refusal = of(field).filter_refusal
    return None if refusal is None else py_literal(refusal(field))


def declared_filters(entity: Entity) -> dict[str, str]:
    """The filters the API's FilterSet declares itself, by field name, in ``admin_filter`` order."""
    names = {field.name for field in entity.fields}
    declared = {}
    for name in entity.admin_filter:
        if name in names and (filter_class := of(entity.field(name)).declared_filter):
            declared[name] = filter_class
    return declared


def admin_overrides(types: frozenset[str]) -> list[tuple[str, FormfieldOverride]]:
    """The model field classes among ``types`` whose admin form fields take arguments."""
    return [
        (TYPES[kind].model_field, override)
        for kind in FIELD_TYPES
        if kind in types and (override := TYPES[kind].admin_formfield) is not None
    ]


def seed_edits(project: Project) -> dict[str, str]:
    """Per entity name, the field the app's test edits between two seeds."""
    return {demo.entity.name: demo.seed_edit[0].name for demo in project.demo if demo.seed_edit}
