"""Errors are JSON with the contract's status codes, and never a 500."""

from __future__ import annotations

import pytest

from generator.contract_suite.client import Api
from generator.contract_suite.client import expect_json_error
from generator.contract_suite.payloads import NO_SUCH_ID
from generator.contract_suite.payloads import valid_body
from generator.model import Entity

pytestmark = pytest.mark.impure

MALFORMED = ['{"a": ', "{'single': 'quotes'}", "[1, 2", "\x00"]


@pytest.mark.parametrize("text", MALFORMED, ids=["cut", "quotes", "list", "nul"])
def test_malformed_json_is_400_detail(api: Api, entity: Entity, text: str) -> None:
    headers = {"Content-Type": "application/json"}
    response = api.post(api.list_path(entity), data=text, headers=headers, user="admin")
    expect_json_error(response, 400)
    created = api.create(entity, valid_body(api, entity))
    path = api.item_path(entity, created["id"])
    for method in ("PUT", "PATCH"):
        answer = api.request(method, path, data=text, headers=headers, user="admin")
        expect_json_error(answer, 400)


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=xyz"],
)
def test_body_that_is_not_json_is_415(api: Api, entity: Entity, content_type: str) -> None:
    body = "title=x&name=y" if "form" in content_type else "title: x"
    if content_type.startswith("multipart"):
        body = '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--xyz--\r\n'
    headers = {"Content-Type": content_type}
    response = api.post(api.list_path(entity), data=body, headers=headers, user="admin")
    expect_json_error(response, 415)
    created = api.create(entity, valid_body(api, entity))
    path = api.item_path(entity, created["id"])
    for method in ("PUT", "PATCH"):
        expect_json_error(api.request(method, path, data=body, headers=headers, user="admin"), 415)


def test_unknown_id_is_404(api: Api, entity: Entity) -> None:
    body = valid_body(api, entity)
    for pk in (NO_SUCH_ID, "abc", 10**30):
        path = api.item_path(entity, pk)
        expect_json_error(api.get(path, user="admin"), 404)
        expect_json_error(api.put(path, body, user="admin"), 404)
        expect_json_error(api.patch(path, {}, user="admin"), 404)
        expect_json_error(api.delete(path, user="admin"), 404)


@pytest.mark.parametrize(
    "path", ["/api/no-such-thing/", "/api/no/such/thing", "/api/token/extra/", "/api/me/x/"]
)
def test_unknown_api_url_is_404_json(api: Api, path: str) -> None:
    expect_json_error(api.get(path, user="admin"), 404)
    expect_json_error(api.get(path), 404)


def test_wrong_method_is_405(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    item = api.item_path(entity, created["id"])
    for method, path in (
        ("DELETE", api.list_path(entity)),
        ("PUT", api.list_path(entity)),
        ("PATCH", api.list_path(entity)),
        ("POST", item),
    ):
        expect_json_error(api.request(method, path, user="admin", json_body={}), 405)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/token/"), ("PUT", "/api/me/"), ("DELETE", "/api/me/"), ("POST", "/api/me/")],
)
def test_wrong_method_on_auth_urls_is_405(api: Api, method: str, path: str) -> None:
    expect_json_error(api.request(method, path, user="admin", json_body={}), 405)


ODD_QUERIES = [
    {"page": str(10**30)},
    {"page": "1.5"},
    {"search": "%_\\'\"\u00e9\u4e2d\U0001f600"},
    {"ordering": "-"},
    {"ordering": ",,id,-id,"},
    {"ordering": "owner__password"},
]


@pytest.mark.parametrize("params", ODD_QUERIES, ids=lambda params: str(sorted(params)[0]))
def test_odd_queries_are_never_500(api: Api, entity: Entity, params: dict[str, str]) -> None:
    response = api.get(api.list_path(entity), params=params, user="admin")
    assert response.status_code in (200, 400, 404)
    assert response.headers["Content-Type"].startswith("application/json")


def test_odd_filter_values_are_never_500(api: Api, entity: Entity) -> None:
    for name in entity.admin_filter:
        for value in ("zzz", "-1", str(10**30), "", "true"):
            response = api.get(api.list_path(entity), params={name: value}, user="admin")
            assert response.status_code in (200, 400), (name, value, response.status_code)
            assert response.headers["Content-Type"].startswith("application/json")


def test_error_bodies_of_writes_are_json(api: Api, entity: Entity) -> None:
    body = valid_body(api, entity)
    for big in (10**30, -(10**30)):
        for field in entity.fields:
            if field.type in ("integer", "fk"):
                response = api.post(api.list_path(entity), {**body, field.name: big}, user="admin")
                assert response.status_code == 400, (field.name, big, response.status_code)
            if field.type == "m2m":
                response = api.post(
                    api.list_path(entity), {**body, field.name: [big]}, user="admin"
                )
                assert response.status_code == 400, (field.name, big, response.status_code)
