"""Contract rows for listing, paging, searching, ordering, filtering and CRUD."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from generator.contract_suite.client import Api
from generator.contract_suite.client import expect
from generator.contract_suite.client import expect_json_error
from generator.contract_suite.payloads import fresh
from generator.contract_suite.payloads import related_ids
from generator.contract_suite.payloads import valid_body
from generator.contract_suite.payloads import valid_value
from generator.model import Entity
from generator.model import Field

pytestmark = pytest.mark.impure

TEXT_TYPES = ("string", "text", "email", "url")


def page(api: Api, entity: Entity, **params: Any) -> dict[str, Any]:
    response = api.get(api.list_path(entity), user=api.reader(entity), params=params)
    expect(response, 200)
    return response.json()


def test_list_is_a_page(api: Api, entity: Entity) -> None:
    body = page(api, entity)
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] >= 1, "the demo data has rows of every entity"
    assert len(body["results"]) == min(body["count"], entity.page_size)
    assert body["previous"] is None


def test_pages_link_with_absolute_urls(api: Api, entity: Entity) -> None:
    count = page(api, entity)["count"]
    for _ in range(entity.page_size + 1 - count):
        api.create(entity, valid_body(api, entity))
    first = page(api, entity)
    assert first["next"] and first["next"].startswith(api.base_url + "/api/"), first["next"]
    second_response = api.get(first["next"], user=api.reader(entity))
    second = expect(second_response, 200).json()
    assert second["count"] == first["count"]
    assert second["previous"] and second["previous"].startswith(api.base_url + "/api/")
    back = expect(api.get(second["previous"], user=api.reader(entity)), 200).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]
    seen = {row["id"] for row in first["results"]}
    assert seen.isdisjoint(row["id"] for row in second["results"])


def test_page_last_is_the_last_page(api: Api, entity: Entity) -> None:
    count = page(api, entity)["count"]
    for _ in range(entity.page_size + 1 - count):
        api.create(entity, valid_body(api, entity))
    params = {"page": "last", "ordering": "id"}
    last = expect(api.get(api.list_path(entity), user=api.reader(entity), params=params), 200)
    body = last.json()
    assert body["next"] is None and body["previous"], body
    first = page(api, entity, ordering="id")["results"]
    assert body["count"] > entity.page_size
    assert len(body["results"]) == body["count"] - entity.page_size * (
        (body["count"] - 1) // entity.page_size
    )
    assert first[0]["id"] not in {row["id"] for row in body["results"]}


@pytest.mark.parametrize("bad_page", ["9999", "0", "abc", "-1"])
def test_bad_page_is_404(api: Api, entity: Entity, bad_page: str) -> None:
    response = api.get(api.list_path(entity), user=api.reader(entity), params={"page": bad_page})
    expect_json_error(response, 404)


def _sort_key(field_type: str, value: Any) -> tuple[bool, Any]:
    """How the database orders a JSON value (NULL first, as SQLite does)."""
    if value is None:
        return (False, 0)
    if field_type == "decimal":
        return (True, Decimal(value))
    if field_type in ("datetime", "created_at"):
        return (True, datetime.fromisoformat(value.replace("Z", "+00:00")))
    return (True, value)


def _field_type(entity: Entity, name: str) -> str:
    if name in ("created_at", "updated_at"):
        return "datetime"
    if name == "id":
        return "integer"
    return entity.field(name).type


def _assert_ordered(entity: Entity, rows: list[dict[str, Any]], ordering: str) -> None:
    name = ordering.lstrip("-")
    kind = _field_type(entity, name)
    keys = [_sort_key(kind, row[name]) for row in rows]
    expected = sorted(keys, reverse=ordering.startswith("-"))
    assert keys == expected, f"?ordering={ordering}: {[row[name] for row in rows]}"


def test_default_ordering_is_the_specs(api: Api, entity: Entity) -> None:
    rows = page(api, entity)["results"]
    first = entity.ordering[0]
    if first.lstrip("-") == "owner":
        pytest.skip("owner ordering is by user, not by username")  # pragma: no cover
    _assert_ordered(entity, rows, first)
    if entity.ordering == ("id",):
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)


def test_ordering_by_every_field(api: Api, entity: Entity) -> None:
    for name in entity.ordering_fields:
        kind = _field_type(entity, name)
        if kind in ("m2m", "fk"):
            continue  # relations order by the target, which JSON does not show
        for ordering in (name, f"-{name}"):
            _assert_ordered(entity, page(api, entity, ordering=ordering)["results"], ordering)


def test_unknown_ordering_is_ignored(api: Api, entity: Entity) -> None:
    default = page(api, entity)
    other = page(api, entity, ordering="no_such_field")
    assert [row["id"] for row in other["results"]] == [row["id"] for row in default["results"]]


def _search_field(entity: Entity) -> Field | None:
    return next(
        (
            entity.field(name)
            for name in entity.admin_search
            # a value that must match a pattern has no room for the marker
            if entity.field(name).type in TEXT_TYPES and entity.field(name).pattern is None
        ),
        None,
    )


@pytest.mark.entities.with_args(_search_field)
def test_search_is_case_insensitive_containment(api: Api, entity: Entity) -> None:
    field = _search_field(entity)
    assert field is not None
    body = valid_body(api, entity)
    marker = "Zq" + fresh()
    body[field.name] = valid_value(api, entity, field, marker=marker)
    created = api.create(entity, body)
    for term in (marker.lower(), marker.upper(), marker[1:-1]):
        found = page(api, entity, search=term)
        assert [row["id"] for row in found["results"]] == [created["id"]], term
    assert page(api, entity, search="no-such-text-" + fresh())["count"] == 0


@pytest.mark.entities.with_args(lambda entity: entity.admin_filter)
def test_exact_filters(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    for name in entity.admin_filter:
        value = created[name]
        if value is None or value == []:
            continue
        sent = value[0] if isinstance(value, list) else value
        query = str(sent).lower() if isinstance(sent, bool) else sent
        found = page(api, entity, **{name: query})
        assert found["count"] >= 1 and created["id"] in _all_ids(api, entity, {name: query})
        for row in found["results"]:
            assert sent in row[name] if isinstance(value, list) else row[name] == value, row


def _all_ids(api: Api, entity: Entity, params: dict[str, Any]) -> set[int]:
    ids: set[int] = set()
    url: str | None = api.list_path(entity)
    while url:
        body = expect(api.get(url, user=api.reader(entity), params=params), 200).json()
        ids |= {row["id"] for row in body["results"]}
        url, params = body["next"], {}
    return ids


def _expected_keys(entity: Entity) -> list[str]:
    keys = ["id", *(field.name for field in entity.fields)]
    keys += ["owner"] if entity.owner else []
    keys += ["created_at", "updated_at"] if entity.timestamps else []
    return keys


def _assert_same_values(entity: Entity, sent: dict[str, Any], got: dict[str, Any]) -> None:
    for name, value in sent.items():
        kind = entity.field(name).type
        if kind == "decimal":
            assert Decimal(got[name]) == Decimal(str(value)), name
        elif kind == "datetime" and value is not None:
            assert _sort_key(kind, got[name]) == _sort_key(kind, value), name
        elif kind == "m2m":
            assert got[name] == sorted(set(value)), name
        else:
            assert got[name] == value, (name, got[name], value)


def test_create_then_read(api: Api, entity: Entity) -> None:
    body = valid_body(api, entity)
    response = expect(api.post(api.list_path(entity), body, user=api.writer(entity)), 201)
    created = response.json()
    assert sorted(created) == sorted(_expected_keys(entity))
    _assert_same_values(entity, body, created)
    fetched = expect(api.get(api.item_path(entity, created["id"]), user=api.reader(entity)), 200)
    assert fetched.json() == created


def test_create_with_required_fields_only(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity, complete=False), user=api.writer(entity))
    for field in entity.fields:
        if field.has_default and field.type != "decimal":
            assert created[field.name] == field.default, field.name
        elif not field.required:
            empty = "" if field.is_string else [] if field.is_m2m else None
            assert created[field.name] == empty, field.name


def test_put_replaces_and_patch_changes_part(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity), user=api.writer(entity))
    path = api.item_path(entity, created["id"])
    replacement = valid_body(api, entity)
    replaced = expect(api.put(path, replacement, user=api.writer(entity)), 200).json()
    _assert_same_values(entity, replacement, replaced)
    assert replaced["id"] == created["id"]
    field = entity.fields[0]
    change = {field.name: valid_value(api, entity, field)}
    patched = expect(api.patch(path, change, user=api.writer(entity)), 200).json()
    _assert_same_values(entity, change, patched)
    for other in entity.fields[1:]:
        assert patched[other.name] == replaced[other.name], other.name
    assert expect(api.get(path, user=api.reader(entity)), 200).json() == patched


def test_delete_is_204_then_404(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity), user=api.writer(entity))
    path = api.item_path(entity, created["id"])
    response = expect(api.delete(path, user=api.writer(entity)), 204)
    assert response.content == b""
    expect_json_error(api.get(path, user=api.reader(entity)), 404)


def test_read_only_fields_are_ignored(api: Api, entity: Entity) -> None:
    body = {
        **valid_body(api, entity),
        "id": 424242,
        "owner": "bob",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
    }
    created = api.create(entity, body, user=api.writer(entity))
    assert created["id"] != 424242
    if entity.owner:
        assert created["owner"] == api.writer(entity)
    if entity.timestamps:
        assert not created["created_at"].startswith("2000")
        assert not created["updated_at"].startswith("2000")
    updated = expect(
        api.patch(
            api.item_path(entity, created["id"]), {"id": 5, "owner": "bob"}, user=api.writer(entity)
        ),
        200,
    ).json()
    assert updated["id"] == created["id"]
    if entity.owner:
        assert updated["owner"] == api.writer(entity)


def test_value_formats(api: Api, entity: Entity) -> None:
    body = valid_body(api, entity)
    for field in entity.fields:
        if field.type == "datetime":
            body[field.name] = "2024-03-01T12:00:00+02:00"
        if field.type == "m2m":
            body[field.name] = sorted(body[field.name], reverse=True)
    created = api.create(entity, body, user=api.writer(entity))
    for field in entity.fields:
        _assert_format(field, created[field.name])
        if field.type == "datetime":
            assert created[field.name].startswith("2024-03-01T10:00:00"), created[field.name]
        if field.type == "m2m":
            assert created[field.name] == sorted(body[field.name])
    for name in ("created_at", "updated_at"):
        if entity.timestamps:
            assert created[name].endswith("Z"), created[name]
    if entity.owner:
        assert created["owner"] == api.writer(entity)


def _assert_format(field: Field, value: Any) -> None:
    if value is None:
        return
    if field.type == "decimal":
        places = field.decimal_places or 0
        pattern = rf"-?\d+\.\d{{{places}}}" if places else r"-?\d+"
        assert isinstance(value, str) and re.fullmatch(pattern, value), (field.name, value)
    elif field.type == "datetime":
        assert isinstance(value, str) and value.endswith("Z"), (field.name, value)
    elif field.type == "date":
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (field.name, value)
    elif field.type == "time":
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", value), (field.name, value)
    elif field.type in ("fk", "integer"):
        assert isinstance(value, int) and not isinstance(value, bool), (field.name, value)
    elif field.type == "boolean":
        assert isinstance(value, bool), (field.name, value)


def test_decimals_keep_their_places(api: Api, entity: Entity) -> None:
    decimals = [field for field in entity.fields if field.type == "decimal"]
    if not decimals:
        return
    created = api.create(entity, valid_body(api, entity))
    for field in decimals:
        assert "." in created[field.name] or not field.decimal_places


# --- on_delete ----------------------------------------------------------------------------


def _relations(api: Api, entity: Entity) -> list[tuple[Entity, Field]]:
    """fk fields of any entity that point at ``entity`` (not at itself)."""
    return [
        (other, field)
        for other in api.project.entities
        for field in other.fks
        if field.target == entity.name and other is not entity
    ]


def test_on_delete(api: Api, entity: Entity) -> None:
    for source, field in _relations(api, entity):
        target = api.create(entity, valid_body(api, entity))
        body = valid_body(api, source)
        body[field.name] = target["id"]
        child = api.create(source, body)
        target_path = api.item_path(entity, target["id"])
        child_path = api.item_path(source, child["id"])
        response = api.delete(target_path, user="admin")
        if field.on_delete == "protect":
            expect_json_error(response, 409)
            api.delete(child_path, user="admin")
            continue
        expect(response, 204)
        child_now = api.get(child_path, user="admin")
        if field.on_delete == "set_null":
            assert expect(child_now, 200).json()[field.name] is None
        else:
            expect_json_error(child_now, 404)


def test_m2m_accepts_any_order_and_answers_sorted(api: Api, entity: Entity) -> None:
    for field in entity.m2ms:
        ids = related_ids(api, field)
        body = valid_body(api, entity)
        body[field.name] = list(reversed(ids))
        created = api.create(entity, body)
        assert created[field.name] == sorted(ids)
