"""Side by side: the same odd requests get the same status and body keys from both apps.

The other tests check each app against the contract's rows; this one checks
the contract's first sentence for the cases the rows leave open (junk filter
values, unknown ids, broken bodies): a client cannot tell the apps apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.contract_suite.client import MISSING
from generator.contract_suite.client import Api
from generator.contract_suite.payloads import NO_SUCH_ID
from generator.contract_suite.payloads import UNIQUE_COPY
from generator.contract_suite.payloads import valid_body
from generator.contract_suite.payloads import validation_cases
from generator.model import Entity

pytestmark = pytest.mark.impure

JUNK = ("zzz", "-1", str(NO_SUCH_ID), "", "true", "1.5")
Probe = tuple[str, str, dict[str, Any]]


def probes(entity: Entity) -> Iterator[tuple[str, Probe]]:
    """(label, (method, path, request options)) for every odd request of an entity."""
    path = f"/api/{entity.plural}/"
    for name in (*entity.admin_filter, "page", "ordering", "search"):
        for value in JUNK:
            yield f"GET ?{name}={value!r}", ("GET", path, {"params": {name: value}})
    item = f"{path}{NO_SUCH_ID}/"
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        yield f"{method} unknown id", (method, item, {"json_body": {}})
    yield "GET non-numeric id", ("GET", f"{path}abc/", {})
    yield "POST {}", ("POST", path, {"json_body": {}})


def outcome(response: Any) -> tuple[int, Any]:
    """What a client can rely on: the status and the body's keys (or its JSON type)."""
    if not response.content:
        return response.status_code, None
    body = response.json()
    return response.status_code, sorted(body) if isinstance(body, dict) else type(body).__name__


def test_odd_requests_get_the_same_answers(apis: tuple[Api, Api]) -> None:
    django, flask = apis
    differences = []
    for entity in django.project.entities:
        for label, (method, path, options) in probes(entity):
            answers = [outcome(api.request(method, path, user="admin", **options)) for api in apis]
            if answers[0] != answers[1]:
                differences.append(
                    f"{entity.name}: {label}: django {answers[0]} flask {answers[1]}"
                )
    assert not differences, "\n".join(differences)


def test_broken_bodies_get_the_same_answers(apis: tuple[Api, Api]) -> None:
    differences = []
    for entity in apis[0].project.entities:
        for case in validation_cases(entity):
            answers = []
            for api in apis:
                body = valid_body(api, entity)
                if case.value is MISSING:
                    del body[case.field]
                elif case.value is UNIQUE_COPY:
                    body[case.field] = api.create(entity, valid_body(api, entity))[case.field]
                else:
                    body[case.field] = case.value
                answers.append(outcome(api.post(api.list_path(entity), body, user="admin")))
            if answers[0] != answers[1]:
                differences.append(
                    f"{entity.name}.{case.id}: django {answers[0]} flask {answers[1]}"
                )
    assert not differences, "\n".join(differences)
