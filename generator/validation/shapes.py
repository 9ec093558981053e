"""What the cross-entity rules keep of each entity and relation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .vocabulary import FIELD_TYPES
from .vocabulary import TIMESTAMP_FIELDS


@dataclass(frozen=True)
class Entity:
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
        return {name: known_type(spec) for name, spec in self.fields.items()}

    @property
    def generated(self) -> dict[str, str]:
        """The fields the generator adds, with their types."""
        names = {"owner": "fk"} if self.owner else {}
        return names | ({name: "datetime" for name in TIMESTAMP_FIELDS} if self.timestamps else {})


@dataclass(frozen=True)
class Relation:
    """One fk or m2m (or the generated owner fk) from an entity to a target."""

    source: Entity
    field: str
    target: str
    location: str
    kind: str = "fk"
    required: bool = False
    related_name: str | None = None
    """The spec's own reverse name, where it sets one."""


def known_type(spec: Mapping[str, Any]) -> str | None:
    """The field's type when it is a known one, else None."""
    kind = spec.get("type")
    return kind if kind in FIELD_TYPES else None
