"""Validation: every rule of every field answers 400 with the field's messages.

The cases come from the spec (:func:`generator.contract_suite.payloads.validation_cases`):
required, null, blank, max_length, min/max, decimal digits and places,
choices, email and url syntax, unique, a missing fk or m2m id, a date or
datetime that does not parse, and JSON values of the wrong type.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from generator.contract_suite.client import MISSING
from generator.contract_suite.client import Api
from generator.contract_suite.client import describe
from generator.contract_suite.client import expect
from generator.contract_suite.client import no_cookies
from generator.contract_suite.payloads import UNIQUE_COPY
from generator.contract_suite.payloads import Case
from generator.contract_suite.payloads import valid_body
from generator.model import Entity

pytestmark = pytest.mark.impure


def assert_field_errors(response: Any, *names: str) -> None:
    """400 with ``{"<field>": ["message", ...]}`` for each of ``names``."""
    expect(response, 400)
    body = response.json()
    assert isinstance(body, dict), describe(response)
    for name in names:
        assert name in body, f"no messages for {name!r}\n{describe(response)}"
        messages = body[name]
        assert isinstance(messages, list) and messages, describe(response)
        assert all(isinstance(message, str) for message in messages), describe(response)


def broken_body(api: Api, entity: Entity, case: Case) -> dict[str, Any]:
    """A valid body with one field broken as the case says."""
    body = valid_body(api, entity)
    if case.value is MISSING:
        del body[case.field]
    elif case.value is UNIQUE_COPY:
        existing = api.create(entity, valid_body(api, entity))
        body[case.field] = existing[case.field]
    else:
        body[case.field] = case.value
    return body


def test_post_breaking_a_rule_is_400(api: Api, entity: Entity, case: Case) -> None:
    count = _count(api, entity)
    response = api.post(api.list_path(entity), broken_body(api, entity, case), user="admin")
    assert_field_errors(response, case.field)
    extra = 1 if case.value is UNIQUE_COPY else 0
    assert _count(api, entity) == count + extra, "a refused POST created an object"


def _count(api: Api, entity: Entity) -> int:
    response = api.get(api.list_path(entity), user="admin")
    return expect(response, 200).json()["count"]


def test_put_needs_every_required_field(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    response = api.put(api.item_path(entity, created["id"]), {}, user="admin")
    required = [field.name for field in entity.required_fields]
    if required:
        assert_field_errors(response, *required)
    else:
        expect(response, 200)


def test_patch_validates_what_it_sends(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    path = api.item_path(entity, created["id"])
    for field in entity.fields:
        wrong: Any = "abc" if field.type not in ("string", "text", "email", "url") else [1]
        if field.type == "m2m":
            wrong = "abc"
        if field.type == "json":
            if not field.required:
                continue  # any JSON value, null included, is an optional json field's
            wrong = None
        assert_field_errors(api.patch(path, {field.name: wrong}, user="admin"), field.name)
    assert expect(api.get(path, user="admin"), 200).json() == created


def test_patch_with_empty_body_changes_nothing(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    path = api.item_path(entity, created["id"])
    patched = expect(api.patch(path, {}, user="admin"), 200).json()
    created.pop("updated_at", None), patched.pop("updated_at", None)
    assert patched == created


@pytest.mark.parametrize("body", [[], "text", 3, None], ids=["list", "string", "number", "null"])
def test_body_that_is_not_an_object_is_400(api: Api, entity: Entity, body: Any) -> None:
    response = api.post(api.list_path(entity), body, user="admin")
    expect(response, 400)
    assert isinstance(response.json(), dict), describe(response)


@pytest.mark.entities.with_args(lambda entity: entity.unique_together)
def test_a_taken_unique_together_set_is_400(api: Api, entity: Entity) -> None:
    first = api.create(entity, valid_body(api, entity))
    for unique in entity.unique_together:
        body = valid_body(api, entity)
        body.update({name: first[name] for name in unique.fields})
        count = _count(api, entity)
        response = api.post(api.list_path(entity), body, user="admin")
        expect(response, 400)
        fields = ", ".join(unique.fields)
        expected = {"non_field_errors": [f"The fields {fields} must make a unique set."]}
        assert response.json() == expected, describe(response)
        assert _count(api, entity) == count, "a refused POST created an object"


CONCURRENT_CREATES = 6


@pytest.mark.entities.with_args(lambda entity: entity.unique_together)
def test_concurrent_creates_of_one_unique_together_set_store_one(api: Api, entity: Entity) -> None:
    """Racing POSTs of one set: one 201, the rest DRF's 400, never a 500 (the database decides)."""
    api.token("admin")  # fetched once, before the threads
    shared = valid_body(api, entity)
    bodies = [
        {**valid_body(api, entity), **{name: shared[name] for name in unique.fields}}
        for unique in entity.unique_together[:1]
        for _ in range(CONCURRENT_CREATES)
    ]

    def post(body: dict[str, Any]) -> int:
        return api.post(api.list_path(entity), body, user="admin", session=no_cookies()).status_code

    with ThreadPoolExecutor(CONCURRENT_CREATES) as pool:
        statuses = sorted(pool.map(post, bodies))
    assert statuses == [201] + [400] * (CONCURRENT_CREATES - 1), statuses
