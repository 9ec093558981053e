"""Tokens, the current user, and the OpenAPI document."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from generator.contract_suite.client import Api
from generator.contract_suite.client import describe
from generator.contract_suite.client import expect
from generator.contract_suite.client import expect_json_error
from generator.demo import DEMO_PASSWORD
from generator.openapi import openapi_document
from generator.openapi_compare import diff
from generator.openapi_compare import normalise

pytestmark = pytest.mark.impure


@pytest.mark.parametrize("username", ["admin", "alice", "bob"])
def test_token_for_each_demo_user(api: Api, username: str) -> None:
    response = api.post("/api/token/", {"username": username, "password": DEMO_PASSWORD})
    body = expect(response, 200).json()
    assert list(body) == ["token"] and isinstance(body["token"], str) and body["token"]
    me = api.get("/api/me/", headers={"Authorization": f"Token {body['token']}"})
    assert expect(me, 200).json()["username"] == username


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "alice", "password": "wrong-password"},
        {"username": "nobody", "password": DEMO_PASSWORD},
        {"username": "ALICE", "password": DEMO_PASSWORD},
    ],
    ids=["wrong-password", "no-such-user", "wrong-case"],
)
def test_bad_credentials_are_400_non_field_errors(api: Api, credentials: dict[str, str]) -> None:
    body = expect_json_error(api.post("/api/token/", credentials), 400, "non_field_errors")
    messages = body["non_field_errors"]
    assert isinstance(messages, list) and messages and isinstance(messages[0], str)


@pytest.mark.parametrize("missing", ["username", "password"])
def test_token_needs_both_fields(api: Api, missing: str) -> None:
    credentials = {"username": "alice", "password": DEMO_PASSWORD}
    del credentials[missing]
    response = expect(api.post("/api/token/", credentials), 400)
    assert isinstance(response.json(), dict), describe(response)


def test_token_with_malformed_json_is_400(api: Api) -> None:
    response = api.post(
        "/api/token/", data='{"username": ', headers={"Content-Type": "application/json"}
    )
    expect_json_error(response, 400)


@pytest.mark.parametrize(("username", "staff"), [("admin", True), ("alice", False)])
def test_me(api: Api, username: str, staff: bool) -> None:
    body = expect(api.get("/api/me/", user=username), 200).json()
    assert sorted(body) == ["id", "is_staff", "username"]
    assert body["username"] == username and body["is_staff"] is staff
    assert isinstance(body["id"], int)


def test_me_anonymous_is_401(api: Api) -> None:
    response = api.get("/api/me/")
    expect_json_error(response, 401)
    assert response.headers.get("WWW-Authenticate", "").startswith("Token"), describe(response)


def test_openapi_says_what_the_generators_document_says(api: Api) -> None:
    response = expect(api.get("/api/openapi.json"), 200)
    assert response.headers["Content-Type"].startswith("application/json")
    served = response.json()
    validate(served)
    expected = normalise(openapi_document(api.project))
    assert normalise(served) == expected, diff(
        expected, normalise(served), names=("reference", "served")
    )
