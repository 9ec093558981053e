"""The normalised spec: one typed model that both framework templates read.

Every name, default and relation the templates need is computed here, once,
so a template only reads attributes and never derives a name itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from . import patterns
from .about import PROJECT_URL
from .validation.vocabulary import INTEGER_RANGE
from .validation.vocabulary import STRING_TYPES
from .validation.vocabulary import UNORDERED_TYPES

if TYPE_CHECKING:
    from .demo import DemoEntity

Scalar = str | int | float | bool | Decimal


@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` field."""

    value: str
    member: str
    """An UPPER_CASE identifier for the value (``NON_FICTION``)."""
    label: str


@dataclass(frozen=True)
class Field:
    """One field of an entity, with every option resolved to its default."""

    name: str
    type: str
    label: str
    label_is_custom: bool
    required: bool
    unique: bool = False
    index: bool = False
    """An index of its own (``unique`` and an fk have one anyway)."""
    help: str = ""
    default: Scalar | None = None
    has_default: bool = False
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    """A Python regular expression the whole value matches (a string's)."""
    min: int | float | Decimal | None = None
    max: int | float | Decimal | None = None
    max_digits: int | None = None
    decimal_places: int | None = None
    choices: tuple[Choice, ...] = ()
    target: str | None = None
    """The entity class name a relation points at, or ``User``."""
    target_snake: str | None = None
    on_delete: str = "cascade"
    related_name: str | None = None
    """The reverse accessor on the target (``Author.books``)."""
    self_reference: bool = False

    @property
    def is_fk(self) -> bool:
        return self.type == "fk"

    @property
    def is_m2m(self) -> bool:
        return self.type == "m2m"

    @property
    def is_relation(self) -> bool:
        return self.type in ("fk", "m2m")

    @property
    def is_string(self) -> bool:
        """Stored as text, and as "" rather than NULL when optional."""
        return self.type in STRING_TYPES

    @property
    def blank_allowed(self) -> bool:
        """A string the API accepts as "": optional, or "" by default."""
        return self.is_string and (not self.required or (self.has_default and self.default == ""))

    @property
    def has_blank_alternative(self) -> bool:
        """Blank allowed, beside rules that only a non-blank value obeys (a format, a pattern)."""
        rules = self.type in ("email", "url") or self.min_length or self.pattern is not None
        return self.blank_allowed and bool(rules)

    @property
    def targets_user(self) -> bool:
        return self.target == "User"

    @property
    def nullable(self) -> bool:
        """The column accepts NULL: optional, and not a string, boolean or m2m."""
        return not self.required and not self.is_string and self.type not in ("boolean", "m2m")

    @property
    def column(self) -> str:
        """The database column (``author_id`` for an fk)."""
        return f"{self.name}_id" if self.is_fk else self.name

    @property
    def attname(self) -> str:
        """The attribute holding the raw value: the column for an fk, else the name."""
        return self.column

    @property
    def has_db_default(self) -> bool:
        """The database fills the column in, so adding it migrates onto existing rows."""
        return self.has_default or (self.is_string and not self.required)

    @property
    def db_default(self) -> Scalar | None:
        """The database's own default: the spec's default, or "" for an optional string."""
        if self.has_default:
            return self.default
        return "" if self.has_db_default else None

    @property
    def full_pattern(self) -> str | None:
        """``pattern`` anchored at both ends, as the apps' validators take it."""
        return None if self.pattern is None else patterns.full_match(self.pattern)

    @property
    def openapi_pattern(self) -> str | None:
        """``pattern`` as the OpenAPI documents carry it (``^(?:...)$``)."""
        return None if self.pattern is None else patterns.openapi_pattern(self.pattern)

    @property
    def off_pattern(self) -> str | None:
        """A value of an allowed length that ``pattern`` refuses (for tests), or None."""
        if self.pattern is None:
            return None
        return patterns.mismatch(
            self.pattern, min_length=self.min_length or 1, max_length=self.max_length
        )

    @property
    def has_bounds(self) -> bool:
        return self.min is not None or self.max is not None

    @property
    def lowest(self) -> int | float | Decimal | None:
        """The smallest value the apps accept: the spec's ``min``, or -2³¹ for an integer."""
        if self.min is None and self.type == "integer":
            return INTEGER_RANGE[0]
        return self.min

    @property
    def highest(self) -> int | float | Decimal | None:
        """The largest value the apps accept: the spec's ``max``, or 2³¹-1 for an integer."""
        if self.max is None and self.type == "integer":
            return INTEGER_RANGE[1]
        return self.max

    @property
    def has_range(self) -> bool:
        """The apps check a range: the spec gives one, or the field is a 32-bit integer."""
        return self.lowest is not None or self.highest is not None

    @property
    def choices_class(self) -> str:
        """The class naming a choice field's values (Django's TextChoices): ``OrderStatus``."""
        return "".join(word.capitalize() for word in self.name.split("_"))


@dataclass(frozen=True)
class UniqueSet:
    """A ``unique_together`` set: fields whose values no two rows share."""

    fields: tuple[str, ...]
    columns: tuple[str, ...]
    """The fields' columns (``author_id`` for an fk), for the Flask constraint."""
    name: str
    """The constraint's name, the same in both databases."""


@dataclass(frozen=True)
class ManyToManyTable:
    """The association table behind an m2m field, named as Django names it."""

    name: str
    source_column: str
    target_column: str


@dataclass(frozen=True)
class Entity:
    """One entity of the spec: a model, an admin page and an API resource."""

    name: str
    snake: str
    plural: str
    """URL segment (``invoice-lines``)."""
    plural_snake: str
    verbose_name: str
    verbose_name_plural: str
    fields: tuple[Field, ...]
    owner: bool
    owner_related_name: str | None
    timestamps: bool
    display: str | None
    ordering: tuple[str, ...]
    """The spec's ordering followed by ``id`` (``("-published", "title", "id")``)."""
    admin_list: tuple[str, ...]
    admin_search: tuple[str, ...]
    admin_filter: tuple[str, ...]
    api_read: str
    api_write: str
    page_size: int
    unique_together: tuple[UniqueSet, ...] = ()

    @property
    def label(self) -> str:
        return self.verbose_name[:1].upper() + self.verbose_name[1:]

    @property
    def label_plural(self) -> str:
        return self.verbose_name_plural[:1].upper() + self.verbose_name_plural[1:]

    @property
    def table(self) -> str:
        """The SQL table name (Flask); Django keeps its own ``<app>_<model>`` default."""
        return self.snake

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)

    @cached_property
    def list_filters(self) -> tuple[Field, ...]:
        """The admin's filters that the API's list also takes, as ``?name=value``.

        A field named like one of the list's own arguments (``page``, ``search``,
        ``ordering``) is filtered in the admin only.
        """
        own = ("page", "search", "ordering")
        return tuple(self.field(name) for name in self.admin_filter if name not in own)

    @cached_property
    def display_field(self) -> Field | None:
        return self.field(self.display) if self.display else None

    @cached_property
    def fks(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.is_fk)

    @cached_property
    def m2ms(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.is_m2m)

    @cached_property
    def scalar_fields(self) -> tuple[Field, ...]:
        """Every field that is not a relation."""
        return tuple(field for field in self.fields if not field.is_relation)

    @cached_property
    def column_fields(self) -> tuple[Field, ...]:
        """Every field stored in this entity's own table (m2m live elsewhere)."""
        return tuple(field for field in self.fields if not field.is_m2m)

    @cached_property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.required and not field.has_default)

    @cached_property
    def indexed_columns(self) -> tuple[str, ...]:
        """Columns with a plain (not unique) index: fks, the owner, ``index: true``; sorted."""
        columns = [field.column for field in self.fields if field.is_fk or field.index]
        return tuple(sorted([*columns, *(["owner_id"] if self.owner else [])]))

    @cached_property
    def unique_fields(self) -> tuple[Field, ...]:
        return tuple(field for field in self.fields if field.unique)

    @property
    def permission_classes(self) -> tuple[str, ...]:
        """The API's permission classes in the order they are asked (DRF names, Flask twins)."""
        read = "IsAuthenticatedOrReadOnly" if self.api_read == "public" else "IsAuthenticated"
        if self.api_write == "staff":
            # the read check first even when staff-only writes imply it: it is what tells
            # a reader (and drf-spectacular's document) that anyone may read
            return (read, "IsStaffOrReadOnly")
        if self.api_write == "owner":
            return (read, "IsOwnerOrStaffOrReadOnly")
        return (read,)

    @cached_property
    def db_ordering(self) -> tuple[str, ...]:
        """``ordering`` with an fk ordered by its column, as the API shows it (never a loop)."""
        fks = {field.name for field in self.fks}
        return tuple(f"{item}_id" if item.lstrip("-") in fks else item for item in self.ordering)

    @cached_property
    def ordering_index(self) -> str | None:
        """The name of the index that serves ``db_ordering``, None where the key's own does.

        The same name in both apps, within Django's 30 characters (a digest keeps long
        names apart).
        """
        if self.db_ordering[0].lstrip("-") == "id":
            return None
        name = f"{self.snake}_ordering_idx"
        if len(name) <= 30:
            return name
        digest = hashlib.md5(self.snake.encode(), usedforsecurity=False).hexdigest()[:4]
        return f"{self.snake[:12]}_{digest}_ordering_idx"

    @cached_property
    def ordering_fields(self) -> tuple[str, ...]:
        """Names a client may order by: ``id``, every stored field but json, owner, timestamps."""
        names = ["id", *(f.name for f in self.column_fields if f.type not in UNORDERED_TYPES)]
        if self.timestamps:
            names += ["created_at", "updated_at"]
        return tuple(names)

    def m2m_table(self, field: Field) -> ManyToManyTable:
        """Django's auto-created through table for ``field``, which Flask mirrors.

        Django names the columns after the lower-cased model names
        (``invoiceline_id``, not ``invoice_line_id``).
        """
        source_model, target_model = self.name.lower(), (field.target or "").lower()
        if field.self_reference:
            source, target = f"from_{source_model}_id", f"to_{source_model}_id"
        else:
            source, target = f"{source_model}_id", f"{target_model}_id"
        return ManyToManyTable(f"{self.snake}_{field.name}", source, target)

    @property
    def field_types(self) -> frozenset[str]:
        return frozenset(field.type for field in self.fields)


@dataclass(frozen=True)
class Project:
    """The whole normalised spec."""

    name: str
    slug: str
    """The Python package name (``bookshelf``)."""
    description: str
    entities: tuple[Entity, ...]

    @property
    def diptych_url(self) -> str:
        """The address of diptych itself, which the generated READMEs link to."""
        return PROJECT_URL

    @property
    def site_package(self) -> str:
        """The Django project package (``bookshelf_site``), beside the ``bookshelf`` app."""
        return f"{self.slug}_site"

    @property
    def first_party_packages(self) -> tuple[str, ...]:
        """The apps' own top-level packages, which the render's import sorting must know.

        The app's ruff finds them on disk; the render has no files there yet.
        """
        return (self.slug, self.site_package, "tests")

    def entity(self, name: str) -> Entity:
        return next(entity for entity in self.entities if entity.name == name)

    @cached_property
    def field_types(self) -> frozenset[str]:
        """Every field type the spec uses, for conditional imports."""
        return frozenset().union(*(entity.field_types for entity in self.entities))

    @cached_property
    def user_relations(self) -> tuple[tuple[Entity, Field], ...]:
        """Fields of any entity that point at ``User`` (owner excluded)."""
        return tuple(
            (entity, field)
            for entity in self.entities
            for field in entity.fields
            if field.targets_user
        )

    @cached_property
    def demo(self) -> tuple[DemoEntity, ...]:
        """Demo rows for every entity, in an order where each fk points backwards."""
        from .demo import demo_data

        return demo_data(self)

    @cached_property
    def demo_refers_to_users(self) -> bool:
        """Some demo row refers to a demo user, so seed_demo keeps the users at hand."""
        return any(row.usernames for demo in self.demo for row in demo.rows)

    @cached_property
    def openapi_json(self) -> str:
        """The OpenAPI 3 document both apps serve at ``/api/openapi.json``."""
        from .openapi import openapi_json

        return openapi_json(self)

    @property
    def app_config_class(self) -> str:
        """The Django app's AppConfig class: ``BookshelfConfig``."""
        return "".join(word.capitalize() for word in self.slug.split("_")) + "Config"

    @cached_property
    def has_protect(self) -> bool:
        """Some fk protects its target, so a delete can be refused (409)."""
        return any(field.on_delete == "protect" for entity in self.entities for field in entity.fks)

    @cached_property
    def needs_permissions(self) -> bool:
        """Some entity's writes are limited to owners or staff (a permissions module)."""
        return any(entity.api_write != "authenticated" for entity in self.entities)

    @cached_property
    def has_owner(self) -> bool:
        return any(entity.owner for entity in self.entities)

    @cached_property
    def has_timestamps(self) -> bool:
        return any(entity.timestamps for entity in self.entities)
