"""Turn a validated spec (plain YAML data) into the typed :class:`Project` model."""

from __future__ import annotations

import hashlib
from collections import Counter
from decimal import Decimal
from typing import Any

from . import naming
from .model import Choice
from .model import Entity
from .model import Field
from .model import Project
from .model import Scalar
from .model import UniqueSet
from .validation.vocabulary import NOT_LISTED_BY_DEFAULT

DEFAULT_MAX_LENGTH = {"string": 255, "email": 254, "url": 200}
DEFAULT_PAGE_SIZE = 20
MAX_NAME_LENGTH = 63
"""PostgreSQL's longest identifier: a longer constraint name would be cut short."""
ADMIN_LIST_EXTRA = 3
SEARCH_TYPES = ("string", "text")
FILTER_TYPES = ("choice", "boolean", "fk")


def build_project(raw: dict[str, Any]) -> Project:
    """Build the model of a spec that :func:`generator.validation.check` accepted."""
    name = raw["project_name"].strip()
    entities = raw["entities"]
    plurals = {
        entity_name: spec.get("plural") or naming.default_plural(entity_name)
        for entity_name, spec in entities.items()
    }
    return Project(
        name=name,
        slug=raw.get("project_slug") or naming.slugify(name),
        description=(raw.get("description") or "").strip(),
        entities=tuple(
            _build_entity(entity_name, spec, plurals) for entity_name, spec in entities.items()
        ),
    )


def _build_entity(name: str, spec: dict[str, Any], plurals: dict[str, str]) -> Entity:
    plural = plurals[name]
    targets = _relation_targets(spec)
    fields = tuple(
        _build_field(field_name, field_spec, entity=name, plural=plural, targets=targets)
        for field_name, field_spec in spec["fields"].items()
    )
    owner = bool(spec.get("owner", False))
    display = spec.get("display") or next(
        (field.name for field in fields if field.type == "string"), None
    )
    admin = spec.get("admin") or {}
    api = spec.get("api") or {}
    return Entity(
        name=name,
        snake=naming.snake_case(name),
        plural=plural,
        plural_snake=naming.kebab_to_snake(plural),
        verbose_name=" ".join(naming.words(name)),
        verbose_name_plural=" ".join(naming.plural_words(name)),
        fields=fields,
        owner=owner,
        owner_related_name=naming.reverse_name(
            source_plural=plural, field="owner", ambiguous=targets["User"] > 1
        )
        if owner
        else None,
        timestamps=bool(spec.get("timestamps", False)),
        display=display,
        ordering=_ordering(spec.get("ordering") or []),
        admin_list=tuple(admin.get("list") or _default_admin_list(fields, display)),
        admin_search=tuple(
            admin.get("search") or [f.name for f in fields if f.type in SEARCH_TYPES]
        ),
        admin_filter=tuple(
            admin.get("filter") or [f.name for f in fields if f.type in FILTER_TYPES]
        ),
        api_read=api.get("read", "public"),
        api_write=api.get("write", "owner" if owner else "authenticated"),
        page_size=api.get("page_size", DEFAULT_PAGE_SIZE),
        unique_together=tuple(
            _unique_set(naming.snake_case(name), fields, names)
            for names in spec.get("unique_together") or ()
        ),
    )


def _unique_set(snake: str, fields: tuple[Field, ...], names: list[str]) -> UniqueSet:
    """A unique_together set, its constraint named within PostgreSQL's 63 characters."""
    columns = tuple(next(f.column for f in fields if f.name == name) for name in names)
    name = f"unique_{snake}_{'_'.join(names)}"
    if len(name) > MAX_NAME_LENGTH:
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        name = f"{name[: MAX_NAME_LENGTH - 9]}_{digest}"
    return UniqueSet(fields=tuple(names), columns=columns, name=name)


def _relation_targets(spec: dict[str, Any]) -> Counter[str]:
    """How many relations (owner included) the entity has to each target."""
    targets = Counter(
        field["to"] for field in spec["fields"].values() if field["type"] in ("fk", "m2m")
    )
    if spec.get("owner"):
        targets["User"] += 1
    return targets


def _build_field(
    name: str, spec: dict[str, Any], *, entity: str, plural: str, targets: Counter[str]
) -> Field:
    kind = spec["type"]
    label = spec.get("label")
    relation: dict[str, Any] = {}
    if kind in ("fk", "m2m"):
        target = spec["to"]
        self_reference = target == entity
        relation = {
            "target": target,
            "target_snake": naming.snake_case(target),
            "on_delete": spec.get("on_delete", "cascade"),
            "self_reference": self_reference,
            "related_name": spec.get("related_name")
            or naming.reverse_name(
                source_plural=plural,
                field=name,
                ambiguous=self_reference or targets[target] > 1,
                tree=self_reference and kind == "fk" and targets[target] == 1,
            ),
        }
    choices = tuple(
        Choice(
            value=value,
            member=naming.choice_member(value),
            label=naming.humanize(value),
        )
        for value in spec.get("choices") or ()
    )
    return Field(
        name=name,
        type=kind,
        label=label or naming.humanize(name),
        label_is_custom=label is not None,
        required=kind != "boolean" and spec.get("required", True),
        unique=spec.get("unique", False),
        index=spec.get("index", False),
        help=spec.get("help", ""),
        default=_default(kind, spec),
        has_default="default" in spec or kind == "boolean",
        max_length=_max_length(kind, spec, choices),
        min_length=spec.get("min_length"),
        pattern=spec.get("pattern"),
        min=_number(kind, spec.get("min")),
        max=_number(kind, spec.get("max")),
        max_digits=spec.get("max_digits"),
        decimal_places=spec.get("decimal_places"),
        choices=choices,
        **relation,
    )


def _default(kind: str, spec: dict[str, Any]) -> Scalar | None:
    if kind == "boolean":
        return bool(spec.get("default", False))
    if "default" not in spec:
        return None
    return (
        _number(kind, spec["default"])
        if kind in ("integer", "float", "decimal")
        else spec["default"]
    )


def _number(kind: str, value: Any) -> int | float | Decimal | None:
    """A bound or default in the field's own numeric type."""
    if value is None:
        return None
    if kind == "decimal":
        return Decimal(str(value))
    if kind == "float":
        return float(value)
    return int(value)


def _max_length(kind: str, spec: dict[str, Any], choices: tuple[Choice, ...]) -> int | None:
    if kind == "choice":
        return max(len(choice.value) for choice in choices)
    if kind in DEFAULT_MAX_LENGTH:
        return int(spec.get("max_length", DEFAULT_MAX_LENGTH[kind]))
    return None


def _ordering(spec_ordering: list[str]) -> tuple[str, ...]:
    """The spec's ordering, then ``id`` as the tie-breaker that keeps pages stable."""
    if any(item.lstrip("-") == "id" for item in spec_ordering):
        return tuple(spec_ordering)
    return (*spec_ordering, "id")


def _default_admin_list(fields: tuple[Field, ...], display: str | None) -> list[str]:
    """The display field and up to three more fields an admin list can show."""
    shown = [display] if display else []
    others = [f.name for f in fields if f.type not in NOT_LISTED_BY_DEFAULT and f.name != display]
    return shown + others[:ADMIN_LIST_EXTRA]
