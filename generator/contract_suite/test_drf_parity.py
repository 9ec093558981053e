"""DRF's answers to the requests a differential fuzz found the apps reading differently.

Django REST Framework decides what the API does with an odd but plausible
request (a quoted search phrase, a repeated query key, an unusual media type);
the Flask app answers each the same way, and each case has its test here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.contract_suite.client import Api
from generator.contract_suite.client import describe
from generator.contract_suite.client import expect
from generator.contract_suite.client import expect_json_error
from generator.contract_suite.payloads import NO_SUCH_ID
from generator.contract_suite.payloads import OPTIONS_TYPES
from generator.contract_suite.payloads import fresh
from generator.contract_suite.payloads import valid_body
from generator.model import Entity
from generator.model import Field

pytestmark = pytest.mark.impure

TEXT_TYPES = ("string", "text")
DEEP = 1000
LOGIN_FAILURE_LIMIT = 5


def fields_of(entity: Entity, *types: str) -> list[Field]:
    return [field for field in entity.fields if field.type in types]


def search_field(entity: Entity) -> Field | None:
    """A text field of the entity's search fields that holds two words of six letters."""
    return next(
        (
            field
            for field in map(entity.field, entity.admin_search)
            if field.type in TEXT_TYPES and (field.max_length or 13) >= 13
        ),
        None,
    )


def text_field(entity: Entity) -> Field | None:
    return next(iter(fields_of(entity, *TEXT_TYPES)), None)


def ids(page: dict[str, Any]) -> list[int]:
    return [row["id"] for row in page["results"]]


@pytest.mark.entities.with_args(search_field)
def test_quoted_search_phrase_is_one_term(api: Api, entity: Entity) -> None:
    field = search_field(entity)
    assert field is not None
    first, second = "Qa" + fresh()[-4:], "Qb" + fresh()[-4:]
    created = api.create(entity, valid_body(api, entity) | {field.name: f"{first} {second}"})
    path = api.list_path(entity)
    for search, found in [
        (f'"{first} {second}"', [created["id"]]),
        (f"{second} {first}", [created["id"]]),
        (f'"{second} {first}"', []),
        (f'"{first} {second}",', [created["id"]]),
    ]:
        response = expect(api.get(path, params={"search": search}, user="admin"), 200)
        assert ids(response.json()) == found, search


def test_padded_page_number_reads_as_the_number(api: Api, entity: Entity) -> None:
    path = api.list_path(entity)
    first = expect(api.get(path, user="admin"), 200).json()
    for page in (" 1", "1 ", "01"):
        response = expect(api.get(path, params={"page": page}, user="admin"), 200)
        assert ids(response.json()) == ids(first), repr(page)


def test_repeated_query_key_takes_the_last_value(api: Api, entity: Entity) -> None:
    path = api.list_path(entity)
    expect(api.get(f"{path}?page={NO_SUCH_ID}&page=1", user="admin"), 200)
    expect_json_error(api.get(f"{path}?page=1&page={NO_SUCH_ID}", user="admin"), 404)
    ascending = expect(api.get(f"{path}?ordering=-id&ordering=id", user="admin"), 200)
    found = ids(ascending.json())
    assert found == sorted(found)


def test_wrong_method_is_401_anonymous_405_signed_in(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    wrong = [(method, api.list_path(entity)) for method in ("PUT", "PATCH", "DELETE")] + [
        ("POST", api.item_path(entity, created["id"]))
    ]
    for method, path in wrong:
        anonymous = api.request(method, path, json_body={})
        expect_json_error(anonymous, 401)
        assert anonymous.headers.get("WWW-Authenticate", "").startswith("Token")
        signed_in = expect_json_error(api.request(method, path, json_body={}, user="admin"), 405)
        assert signed_in["detail"]
        allowed = api.request(method, path, json_body={}, user="admin").headers.get("Allow", "")
        assert method not in {name.strip() for name in allowed.split(",")}, allowed


def test_wrong_method_on_an_unknown_id_is_405(api: Api, entity: Entity) -> None:
    response = api.post(api.item_path(entity, NO_SUCH_ID), {}, user="admin")
    expect_json_error(response, 405)


def test_negative_id_is_404(api: Api, entity: Entity) -> None:
    path = api.item_path(entity, -1)
    body = valid_body(api, entity)
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        expect_json_error(api.request(method, path, json_body=body, user="admin"), 404)
    # DRF asks the permissions before it looks for the row
    expect_json_error(api.put(path, body), 401)


def test_delete_answers_204_without_a_content_type(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    response = expect(api.delete(api.item_path(entity, created["id"]), user="admin"), 204)
    assert response.content == b""
    assert "Content-Type" not in response.headers, describe(response)


def test_options_describes_the_view_as_json(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    for path in (
        api.list_path(entity),
        api.item_path(entity, created["id"]),
        api.item_path(entity, NO_SUCH_ID),
    ):
        response = expect(api.request("OPTIONS", path, user="admin"), 200)
        assert response.headers["Content-Type"].startswith("application/json")
        answer = response.json()
        assert {"name", "description", "renders", "parses"} <= set(answer), answer
        assert answer["parses"] == ["application/json"]
        anonymous = api.request("OPTIONS", path)
        if entity.api_read == "public":
            expect(anonymous, 200)
        else:
            expect_json_error(anonymous, 401)


@pytest.mark.parametrize(
    "content_type", ["application/vnd.api+json", "application/merge-patch+json", "text/json"]
)
def test_only_application_json_is_json(api: Api, entity: Entity, content_type: str) -> None:
    body = json.dumps(valid_body(api, entity))
    headers = {"Content-Type": content_type}
    response = api.post(api.list_path(entity), data=body, headers=headers, user="admin")
    expect_json_error(response, 415)


def test_body_after_a_byte_order_mark_is_400(api: Api, entity: Entity) -> None:
    body = b"\xef\xbb\xbf" + json.dumps(valid_body(api, entity)).encode()
    headers = {"Content-Type": "application/json"}
    response = api.post(api.list_path(entity), data=body, headers=headers, user="admin")
    expect_json_error(response, 400)


@pytest.mark.parametrize("shape", ["list", "object"])
def test_json_nested_too_deep_is_400(api: Api, entity: Entity, shape: str) -> None:
    nested = "[" * DEEP + "]" * DEEP
    if shape == "object":
        nested = '{"a": ' * DEEP + "1" + "}" * DEEP
    headers = {"Content-Type": "application/json"}
    expect_json_error(api.post("/api/token/", data=nested, headers=headers), 400)
    response = api.post(api.list_path(entity), data=nested, headers=headers, user="admin")
    expect_json_error(response, 400)


@pytest.mark.entities.with_args(text_field)
@pytest.mark.parametrize("text", ["\ud800", "a\x00b"], ids=["lone-surrogate", "nul"])
def test_nul_and_lone_surrogate_are_400(api: Api, entity: Entity, text: str) -> None:
    field = text_field(entity)
    assert field is not None
    body = valid_body(api, entity) | {field.name: text}
    response = api.post(api.list_path(entity), body, user="admin")
    refused = expect_json_error(response, 400, key=field.name)
    assert isinstance(refused[field.name], list)
    token = api.post("/api/token/", {"username": text, "password": "x"})
    expect_json_error(token, 400, key="username")


def test_body_over_the_limit_is_413_json(api: Api, entity: Entity) -> None:
    name = (text_field(entity) or entity.fields[0]).name
    body = json.dumps({name: "a" * 30_000_000})
    headers = {"Content-Type": "application/json"}
    response = api.post(api.list_path(entity), data=body, headers=headers, user="admin")
    expect_json_error(response, 413)
    expect_json_error(api.post("/api/token/", data=body, headers=headers), 413)


@pytest.mark.entities.with_args(lambda entity: fields_of(entity, "date"))
def test_dates_are_read_as_django_reads_them(api: Api, entity: Entity) -> None:
    field = fields_of(entity, "date")[0]
    created = api.create(entity, valid_body(api, entity) | {field.name: "2024-1-5"})
    assert created[field.name] == "2024-01-05"


def _takes_zero_and_one(field: Field) -> bool:
    low = field.min if field.min is not None else 0
    high = field.max if field.max is not None else 1
    return low <= 0 and high >= 1


@pytest.mark.entities.with_args(
    lambda entity: [field for field in fields_of(entity, "float") if _takes_zero_and_one(field)]
)
def test_booleans_are_floats(api: Api, entity: Entity) -> None:
    field = next(field for field in fields_of(entity, "float") if _takes_zero_and_one(field))
    for sent, stored in ((False, 0.0), (True, 1.0)):
        created = api.create(entity, valid_body(api, entity) | {field.name: sent})
        assert created[field.name] == stored


@pytest.mark.entities.with_args(lambda entity: fields_of(entity, "fk"))
def test_fk_id_as_padded_text_or_fraction_is_the_id(api: Api, entity: Entity) -> None:
    field = fields_of(entity, "fk")[0]
    pk = valid_body(api, entity)[field.name]
    for sent in (f" {pk}", f"{pk}", pk + 0.9):
        created = api.create(entity, valid_body(api, entity) | {field.name: sent})
        assert created[field.name] == pk, repr(sent)


def test_token_failures_lock_the_username_out(api: Api) -> None:
    username = "nobody-" + fresh()
    attempt = {"username": username, "password": "wrong-password"}
    for _ in range(LOGIN_FAILURE_LIMIT - 1):
        expect_json_error(api.post("/api/token/", attempt), 400, key="non_field_errors")
    locked = expect_json_error(api.post("/api/token/", attempt), 429)
    assert isinstance(locked["detail"], str)
    expect_json_error(api.post("/api/token/", attempt), 429)
    other = attempt | {"username": "other-" + fresh()}
    expect_json_error(api.post("/api/token/", other), 400, key="non_field_errors")


def test_token_and_me_answer_options_and_wrong_methods_as_drf(api: Api) -> None:
    expect_json_error(api.get("/api/token/"), 405)
    token = expect(api.request("OPTIONS", "/api/token/"), 200)
    assert {"name", "renders", "parses"} <= set(token.json())
    expect_json_error(api.request("OPTIONS", "/api/me/"), 401)
    expect_json_error(api.post("/api/me/", {}), 401)
    expect_json_error(api.post("/api/me/", {}, user="alice"), 405)
    expect(api.request("OPTIONS", "/api/me/", user="alice"), 200)


def test_an_accept_header_without_json_is_406_before_authentication(
    api: Api, entity: Entity
) -> None:
    path = api.list_path(entity)
    for accept in ("text/html", "application/xml"):
        headers = {"Accept": accept}
        expect_json_error(api.get(path, headers=headers, user="admin"), 406)
        bad_token = headers | {"Authorization": "Token not-a-token"}
        expect_json_error(api.get(path, headers=bad_token), 406)
    for accept in ("application/json", "*/*", "application/*", "text/html, */*;q=0.8"):
        expect(api.get(path, headers={"Accept": accept}, user="admin"), 200)


def trimmed_field(entity: Entity) -> Field | None:
    """A text field that holds a ten-digit number (and any 8 characters; no pattern)."""
    return next(
        (
            field
            for field in fields_of(entity, *TEXT_TYPES)
            if (field.max_length or 10) >= 10
            and field.pattern is None
            and (field.min_length or 0) <= 8
        ),
        None,
    )


@pytest.mark.entities.with_args(trimmed_field)
def test_text_is_trimmed_and_a_number_is_its_digits(api: Api, entity: Entity) -> None:
    field = trimmed_field(entity)
    assert field is not None
    text = fresh()[-8:]
    created = api.create(entity, valid_body(api, entity) | {field.name: f"  {text}\n"})
    assert created[field.name] == text
    number = int("1" + str(abs(hash(fresh())))[:9])
    created = api.create(entity, valid_body(api, entity) | {field.name: number})
    assert created[field.name] == str(number)
    if field.required:
        blank = valid_body(api, entity) | {field.name: "   "}
        response = api.post(api.list_path(entity), blank, user="admin")
        expect_json_error(response, 400, key=field.name)


def test_token_username_may_be_a_number(api: Api) -> None:
    username = int("1" + str(abs(hash(fresh())))[:9])
    refused = api.post("/api/token/", {"username": username, "password": "wrong-password"})
    expect_json_error(refused, 400, key="non_field_errors")


def test_url_without_its_slash_is_a_301_to_a_relative_location(api: Api, entity: Entity) -> None:
    path = api.list_path(entity).rstrip("/")
    response = expect(api.get(f"{path}?page=1&x=%20y", user="admin"), 301)
    assert response.headers["Location"] == f"{path}/?page=1&x=%20y"
    assert response.content == b""


def test_an_id_that_is_no_number_is_looked_up_after_authentication(
    api: Api, entity: Entity
) -> None:
    bad_token = {"Authorization": "Token not-a-token"}
    for pk in ("abc", "1e3", "%20"):
        path = api.item_path(entity, pk)
        expect_json_error(api.get(path, headers=bad_token), 401)
        expect_json_error(api.get(path, headers={"Accept": "application/xml"}), 406)
        expect_json_error(api.get(path, user="admin"), 404)
    # a dot ends the id in DRF's router: no such URL, whoever asks
    expect_json_error(api.get(api.item_path(entity, "1.5"), headers=bad_token), 404)
    created = api.create(entity, valid_body(api, entity))
    padded = expect(api.get(api.item_path(entity, f"%20{created['id']}"), user="admin"), 200)
    assert padded.json()["id"] == created["id"]


def test_options_describes_the_writes_the_user_may_make(api: Api, entity: Entity) -> None:
    created = api.create(entity, valid_body(api, entity))
    described = {"POST": api.list_path(entity), "PUT": api.item_path(entity, created["id"])}
    for method, path in described.items():
        actions = expect(api.request("OPTIONS", path, user="admin"), 200).json()["actions"]
        assert list(actions) == [method]
        fields = actions[method]
        assert fields["id"] == {
            "type": "integer",
            "required": False,
            "read_only": True,
            "label": "ID",
        }
        for field in entity.fields:
            info = fields[field.name]
            assert info["type"] == OPTIONS_TYPES[field.type], (field.name, info)
            assert info["read_only"] is False
            assert info["label"] == field.label[:1].upper() + field.label[1:]
            assert info.get("help_text") == (field.help or None)
            limited = field.is_string and field.type != "choice"
            assert info.get("max_length") == (field.max_length if limited else None)
            if field.type == "choice":
                offered = [choice["value"] for choice in info["choices"]]
                assert offered == [choice.value for choice in field.choices]
        anonymous = api.request("OPTIONS", path)
        if entity.api_read == "public":
            assert "actions" not in expect(anonymous, 200).json()
    missing = api.request("OPTIONS", api.item_path(entity, NO_SUCH_ID), user="admin")
    assert "actions" not in expect(missing, 200).json()
