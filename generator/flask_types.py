"""What each spec field type becomes in the Flask app: one row per type, read by its templates.

A row holds the shapes the templates write for a field of that type: its
SQLAlchemy column (in the model and in Alembic's migration), its Python
annotation, its marshmallow field, the name OPTIONS gives it, its admin
validator, its filter and the values the app's own tests send. Where a shape
needs the field itself (a length, digits, choices), a function below fills it.
Imports are whole lines (``from decimal import Decimal``): ruff sorts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .literals import py_literal
from .model import Field
from .model import Project
from .validation.vocabulary import FIELD_TYPES


@dataclass(frozen=True)
class FlaskType:
    """What one spec type becomes in the Flask app (``{length}`` and such filled per field)."""

    annotation: str
    """The Python type in ``Mapped[...]``: the column's value (an fk's is its id)."""
    column: str = ""
    """The model's column type, or "" where SQLAlchemy reads it from the annotation."""
    migration: str = ""
    """The column type as Alembic's autogenerate writes it; "" for m2m (no column)."""
    model_imports: tuple[str, ...] = ()
    """What the model module imports for the annotation and the column type."""
    migration_imports: tuple[str, ...] = ()
    """What the first migration imports for the column type, beside ``sa``."""
    literal_imports: tuple[str, ...] = ()
    """What a Python literal of a value needs (a default, a bound, a demo value)."""
    sql_default: Literal["boolean", "number", "string"] = "string"
    """A column default as the database gets it: "boolean", "number" (SQL text) or "string"."""
    as_text: bool = False
    """The API writes a value as a JSON string (DRF's decimals), not a number."""
    schema_kwargs: tuple[str, ...] = ()
    """``auto_field``'s arguments for this type (marshmallow-sqlalchemy infers the rest)."""
    schema_check: str = ""
    """A validator every value of this type passes, ``Digits({max_digits}, {decimal_places})``."""
    schema_metadata: tuple[str, ...] = ()
    """What the OpenAPI document says of this type beyond apispec's own mapping."""
    schema_imports: tuple[str, ...] = ()
    """Names the schemas import from the app's ``fields`` module."""
    text_format: tuple[str, str] | None = None
    """A text in a format: (its marshmallow validator, its OpenAPI ``format``)."""
    options: tuple[str, str] | None = None
    """(marshmallow field class, DRF's name for the type in OPTIONS); ``None`` is a "field"."""
    options_imports: tuple[str, ...] = ()
    """The app's own field class that ``options`` names, imported from its ``fields`` module."""
    admin_validator: str = ""
    """A WTForms validator the admin form adds, ``Email()``."""
    admin_form_field: str = ""
    """The admin form's own field class for this type, where Flask-Admin's needs changing."""
    admin_filterable: bool = True
    """Flask-Admin has a list filter for a column of this type."""
    admin_imports: tuple[str, ...] = ()
    """What the admin module imports for its validator or form field."""
    filter_field: str = "fields.String()"
    """The webargs field of a list filter on this type."""
    filter_imports: tuple[str, ...] = ()
    """Names the filters import from the app's ``fields`` module for that field."""
    filter_comment: str = ""
    """Why the filter reads its value as it does, a comment above it."""
    bad_filter: str = ""
    """A filter value the list refuses with a 400, as Python source."""
    invalid: tuple[str, ...] = ()
    """Values the API refuses for this type with a 400, as Python source."""
    invalid_when_required: tuple[str, ...] = ()
    """Values the API refuses for a required field of this type (and takes for an optional one)."""


STRING = "String({max_length})"
SA_STRING = "sa.String(length={max_length})"
TOO_LONG = '"x" * {too_long}'
DATETIME_IMPORTS = ("from datetime import UTC", "from datetime import datetime")

FLASK_TYPES: dict[str, FlaskType] = {
    "string": FlaskType(
        annotation="str",
        column=STRING,
        migration=SA_STRING,
        schema_kwargs=("field_class=Text",),
        options=("Text", "string"),
        options_imports=("Text",),
        invalid=(TOO_LONG, '["a list"]'),
    ),
    "text": FlaskType(
        annotation="str",
        column="Text",
        migration="sa.Text()",
        model_imports=("from sqlalchemy import Text",),
        schema_kwargs=("field_class=Text",),
        options=("Text", "string"),
        options_imports=("Text",),
        invalid=('{{"an": "object"}}',),
    ),
    "integer": FlaskType(
        annotation="int",
        migration="sa.Integer()",
        sql_default="number",
        schema_kwargs=("field_class=Integer",),
        schema_check="INTEGER",
        schema_imports=("INTEGER", "Integer"),
        options=("fields.Integer", "integer"),
        filter_field='fields.Float(validate=INTEGER, metadata={{"type": "integer"}})',
        filter_comment="any number, as django-filter reads it: ?{name}=1.5 finds nothing",
        invalid=('"abc"', "1.5", "[1]", "10**30"),
    ),
    "float": FlaskType(
        annotation="float",
        column="Double",
        migration="sa.Double()",
        model_imports=("from sqlalchemy import Double",),
        sql_default="number",
        schema_kwargs=("field_class=Float",),
        schema_imports=("Float",),
        options=("fields.Float", "float"),
        invalid=('"abc"', "[1]"),
    ),
    "decimal": FlaskType(
        annotation="Decimal",
        column="Numeric({max_digits}, {decimal_places})",
        migration="sa.Numeric(precision={max_digits}, scale={decimal_places})",
        model_imports=("from decimal import Decimal", "from sqlalchemy import Numeric"),
        literal_imports=("from decimal import Decimal",),
        sql_default="number",
        as_text=True,
        schema_kwargs=("as_string=True", "places=None"),
        schema_check="Digits({max_digits}, {decimal_places})",
        schema_imports=("Digits",),
        options=("fields.Decimal", "decimal"),
        invalid=('"abc"', "{too_many_places}", "{too_many_digits}"),
    ),
    "boolean": FlaskType(
        annotation="bool",
        migration="sa.Boolean()",
        sql_default="boolean",
        options=("fields.Boolean", "boolean"),
        filter_field='fields.Boolean(truthy={{"true"}}, falsy={{"false"}})',
        bad_filter='"maybe"',
        invalid=('"abc"',),
    ),
    "date": FlaskType(
        annotation="date",
        migration="sa.Date()",
        model_imports=("from datetime import date",),
        literal_imports=("from datetime import date",),
        schema_kwargs=('format="%Y-%m-%d"',),
        options=("fields.Date", "date"),
        filter_field='fields.Date(format="%Y-%m-%d")',
        invalid=('"not a date"', '"2024-02-30"'),
    ),
    "datetime": FlaskType(
        annotation="datetime",
        column="DateTime(timezone=True)",
        migration="sa.DateTime(timezone=True)",
        literal_imports=DATETIME_IMPORTS,
        schema_kwargs=("field_class=UTCDateTime",),
        schema_imports=("UTCDateTime",),
        options=("fields.DateTime", "datetime"),
        invalid=('"not a datetime"',),
    ),
    "time": FlaskType(
        annotation="time",
        migration="sa.Time()",
        model_imports=("from datetime import time",),
        literal_imports=("from datetime import time",),
        # what drf-spectacular says of a TimeField; apispec knows no format for it
        schema_metadata=('"format": "time"',),
        options=("fields.Time", "time"),
        invalid=('"not a time"', '"25:00:00"'),
    ),
    "email": FlaskType(
        annotation="str",
        column=STRING,
        migration=SA_STRING,
        schema_kwargs=("field_class=Email",),
        schema_imports=("Email",),
        text_format=("validate.Email()", "email"),
        options=("Email", "email"),
        options_imports=("Email",),
        admin_validator="Email()",
        admin_imports=("from wtforms.validators import Email",),
        invalid=(TOO_LONG, '["a list"]', '"not an email"'),
    ),
    "url": FlaskType(
        annotation="str",
        column=STRING,
        migration=SA_STRING,
        schema_kwargs=("field_class=URL",),
        schema_imports=("URL",),
        text_format=("validate.URL()", "uri"),
        options=("URL", "url"),
        options_imports=("URL",),
        admin_validator="URL()",
        admin_imports=("from wtforms.validators import URL",),
        invalid=(TOO_LONG, '["a list"]', '"not a url"'),
    ),
    "choice": FlaskType(
        annotation="str",
        column=STRING,
        migration=SA_STRING,
        schema_kwargs=("field_class=Text", "trim_whitespace=False"),
        options=("Text", "string"),
        options_imports=("Text",),
        filter_field="fields.String(validate=validate.OneOf({choices}))",
        # longer than every choice, so it is none of them, and short to write
        bad_filter=TOO_LONG,
        invalid=(TOO_LONG,),
    ),
    "json": FlaskType(
        # any JSON value: an object, a list, a string, a number, true or false
        annotation="Any",
        # models.py's JSONValue, jsonb on PostgreSQL as Django stores it; None is
        # SQL NULL, as in Django, not the JSON null
        column='JSONValue(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")',
        migration='sa.JSON().with_variant(postgresql.JSONB(), "postgresql")',
        model_imports=(
            "import json",
            "from typing import Any",
            "from sqlalchemy import JSON",
            "from sqlalchemy.dialects.postgresql import JSONB",
        ),
        migration_imports=("from sqlalchemy.dialects import postgresql",),
        admin_form_field="JSONText",
        admin_filterable=False,
        admin_imports=("import json", "from flask_admin.form import JSONField"),
        invalid_when_required=("None",),
    ),
    "fk": FlaskType(
        annotation="int",
        migration="sa.Integer()",
        schema_imports=("RelatedRow",),
        filter_field="RelatedRow()",
        filter_imports=("RelatedRow",),
        bad_filter='"abc"',
        invalid=("999999", '"abc"', "10**30"),
    ),
    "m2m": FlaskType(
        annotation="",
        schema_imports=("RelatedIds",),
        invalid=("[999999]", '"abc"'),
    ),
}
assert tuple(FLASK_TYPES) == FIELD_TYPES, "one row per spec type, in the spec's order"


def row(field: Field) -> FlaskType:
    """The row of ``field``'s type."""
    return FLASK_TYPES[field.type]


def admin_filter(project: Project, field: Field) -> str:
    """The name in ``column_filters`` of an admin filter on ``field``.

    Flask-Admin filters a relation by the target's columns it has filters for;
    a target without one is filtered by the fk's own id column.
    """
    if field.is_fk and not field.targets_user:
        target = project.entity(field.target or "")
        if not any(row(column).admin_filterable for column in target.scalar_fields):
            return field.column
    return field.name


def _fill(shape: str, field: Field) -> str:
    too_long = (field.max_length or 0) + 1
    values: dict[str, object] = {
        "max_length": field.max_length,
        "too_long": too_long,
        "max_digits": field.max_digits,
        "decimal_places": field.decimal_places,
        "choices": py_literal([choice.value for choice in field.choices]),
    }
    if field.max_digits is not None and field.decimal_places is not None:
        whole = field.max_digits - field.decimal_places
        values["too_many_places"] = py_literal("0." + "1" * (field.decimal_places + 1))
        values["too_many_digits"] = py_literal("1" * (whole + 1))
    return shape.format(**values)


def python_type(field: Field) -> str:
    """The annotation of the column's value, ``| None`` where it may be NULL."""
    return row(field).annotation + (" | None" if field.nullable else "")


def column_type(field: Field) -> str:
    """The model's column type, ``String(120)``; "" where the annotation tells SQLAlchemy."""
    return _fill(row(field).column, field)


def migration_type(field: Field) -> str:
    """The column type in a migration, ``sa.String(length=120)``."""
    return _fill(row(field).migration, field)


def server_default(field: Field, prefix: str) -> str:
    """The column's database default: ``text("false")``, ``text("0.00")`` or a quoted string.

    ``prefix`` is ``"db."`` in a model, ``"sa."`` in a migration.
    """
    default = field.db_default
    kind = row(field).sql_default
    if kind == "boolean":
        return f"{prefix}text({py_literal('true' if default else 'false')})"
    if kind == "number":
        return f"{prefix}text({py_literal(str(default))})"
    return py_literal(str(default))


def api_value(field: Field, value: object) -> str:
    """``value`` as a client sends it for ``field``, as Python source: ``"9.99"`` for a decimal."""
    return py_literal(str(value) if row(field).as_text else value)


def schema_check(field: Field) -> str:
    """The validator every value of ``field``'s type passes, or ""."""
    return _fill(row(field).schema_check, field)


def filter_field(field: Field) -> str:
    """The webargs field of a list filter on ``field``."""
    return _fill(row(field).filter_field, field)


def filter_comment(field: Field) -> str:
    """Why the filter on ``field`` reads its value as it does, or ""."""
    return row(field).filter_comment.format(name=field.name)


def bad_filter(field: Field) -> str:
    """A filter value the list refuses, as Python source, or ""."""
    return _fill(row(field).bad_filter, field)


def invalid_values(field: Field) -> list[str]:
    """Values the API refuses for ``field`` because of its type, as Python source."""
    flask_type = row(field)
    refused = flask_type.invalid + (flask_type.invalid_when_required if field.required else ())
    return [_fill(value, field) for value in refused]


def options_types(kinds: Iterable[str]) -> dict[str, str]:
    """DRF's name in OPTIONS for the field class of each of these types, in the table's order."""
    used = set(kinds)
    names: dict[str, str] = {}
    for kind, flask_type in FLASK_TYPES.items():
        if kind in used and flask_type.options:
            field_class, name = flask_type.options
            names.setdefault(field_class, name)
    return names


def imports(kinds: Iterable[str], attribute: str) -> list[str]:
    """The import lines a set of types needs, by the row ``attribute`` that lists them."""
    lines: set[str] = set()
    for kind in kinds:
        lines.update(getattr(FLASK_TYPES[kind], attribute))
    return sorted(lines)
