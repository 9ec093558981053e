"""Required relations must leave some row that can be created first."""

from __future__ import annotations

from collections.abc import Mapping

from .report import Hint
from .report import Report
from .shapes import Entity
from .shapes import Relation


def check_required_cycles(
    entities: list[Entity], relations: list[Relation], report: Report
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
    relation: Relation, order: Mapping[str, int], graph: Mapping[str, set[str]]
) -> Hint | None:
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
