"""Relations between entities: their targets and the reverse names they add."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from .. import naming
from .names import related_name_problem
from .report import Hint
from .report import Report
from .shapes import Entity
from .shapes import Relation
from .vocabulary import RELATION_TYPES
from .vocabulary import RESERVED_ATTRIBUTES
from .vocabulary import USER_ATTRIBUTES
from .wording import allowed_hint


def declared_names(raw: Mapping[str, Any]) -> set[str]:
    """The entity names a ``to:`` may use (valid or not, they are declared)."""
    entities = raw.get("entities")
    return (
        {name for name in entities if isinstance(name, str)}
        if isinstance(entities, Mapping)
        else set()
    )


def collect_relations(entities: list[Entity], declared: set[str], report: Report) -> list[Relation]:
    """Every relation with a valid target, owner included; reports invalid targets."""
    found: list[Relation] = []
    for entity in entities:
        if entity.owner:
            found.append(Relation(entity, "owner", "User", f"{entity.location}.owner"))
        for name, spec in entity.fields.items():
            location = f"{entity.location}.fields.{name}"
            if spec.get("type") in RELATION_TYPES and _check_target(
                spec, location, declared, report
            ):
                required = spec.get("required", True) is True
                related_name = _related_name(spec, location, report)
                relation = Relation(
                    entity, name, spec["to"], location, spec["type"], required, related_name
                )
                found.append(relation)
    return found


def _related_name(spec: Mapping[str, Any], location: str, report: Report) -> str | None:
    """The spec's own ``related_name`` when it is a usable name; reports it otherwise."""
    if "related_name" not in spec:
        return None
    found = related_name_problem(spec["related_name"])
    if found is not None:
        report.add(f"{location}.related_name", *found)
        return None
    return str(spec["related_name"])


def _check_target(
    spec: Mapping[str, Any], location: str, declared: set[str], report: Report
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
            allowed_hint(target, targets)
            if isinstance(target, str)
            else f"use one of: {', '.join(targets)}"
        )
        report.add(
            f"{location}.to",
            f"to: {target!r} is not a declared entity or User",
            hint.replace("allowed:", "entities:"),
        )
    return False


def check_reverse_names(entities: list[Entity], relations: list[Relation], report: Report) -> None:
    """The name each relation adds to its target is free there and distinct."""
    by_name = {entity.name: entity for entity in entities}
    pairs = Counter((relation.source.name, relation.target) for relation in relations)
    taken: dict[tuple[str, str], Relation] = {}
    for relation in relations:
        source = relation.source
        if source.plural is None:
            continue
        to_itself = relation.target == source.name
        alone = pairs[(source.name, relation.target)] == 1
        reverse = relation.related_name or naming.reverse_name(
            source_plural=source.plural,
            field=relation.field,
            ambiguous=to_itself or not alone,
            tree=to_itself and alone and relation.kind == "fk",
        )
        found = _reverse_problem(reverse, relation, by_name, taken)
        if found is not None:
            report.add(relation.location, *found)
        taken.setdefault((relation.target, reverse), relation)


def _reverse_problem(
    reverse: str,
    relation: Relation,
    by_name: Mapping[str, Entity],
    taken: Mapping[tuple[str, str], Relation],
) -> Hint | None:
    """Why the reverse name ``reverse`` cannot go on the relation's target, or None."""
    target = relation.target
    source = relation.source.name
    hint = f"rename '{relation.field}' or the clashing name, or set another 'plural:' on {source}"
    if relation.related_name:
        hint = f"choose another 'related_name:' for {source}.{relation.field}"
    elif relation.field == "owner":
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


def _attributes(target: str, by_name: Mapping[str, Entity]) -> frozenset[str]:
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
