"""Hostile bodies and query strings under /api/, and the API's login throttle, in both apps.

Every request goes through ``Api.request``, which fails the test on any 5xx;
every answer here must also be a JSON object, never HTML or a bare list.
"""

from __future__ import annotations

import requests

from generator.contract_suite.client import describe
from generator.contract_suite.client import expect_json_error
from tests.hostile.conftest import Twins
from tests.hostile.test_accounts import sign_up

LOCKED = "Account locked: too many login attempts"
PASSWORD = "a-long-unusual-passphrase"
DEEP = "[" * 1000 + "]" * 1000


def token(api, username: str, password: str) -> requests.Response:
    return api.post("/api/token/", {"username": username, "password": password})


def test_api_logins_are_throttled_across_workers_and_a_success_resets(twins: Twins) -> None:
    assert sign_up(twins.first, "frank").status_code == 302
    apis = [twins.first, twins.second] * 5

    before = [token(api, "frank", "wrong").status_code for api in apis[:4]]
    assert before == [400] * 4
    assert token(twins.second, "frank", PASSWORD).status_code == 200
    after = [token(api, "frank", "wrong") for api in apis[:5]]

    assert [answer.status_code for answer in after] == [400, 400, 400, 400, 429]
    assert LOCKED in expect_json_error(after[-1], 429)["detail"]
    locked = token(twins.first, "frank", PASSWORD)
    assert locked.status_code == 429, describe(locked)
    # another username from the same address (bob may be locked out by another test)
    assert token(twins.second, "alice", "demo-password").status_code == 200


def test_json_nested_a_thousand_levels_deep_is_a_400(twins: Twins) -> None:
    entity = twins.project.entities[0]
    headers = {"Content-Type": "application/json"}
    anonymous = twins.first.request("POST", "/api/token/", data=DEEP, headers=headers)
    signed_in = twins.first.request(
        "POST", twins.first.list_path(entity), data=DEEP, headers=headers, user="admin"
    )

    for answer in (anonymous, signed_in):
        expect_json_error(answer, 400)


def test_a_body_over_the_limit_is_a_json_413(twins: Twins) -> None:
    entity = twins.project.entities[0]
    body = b'{"username": "' + b"x" * 30_000_000 + b'"}'
    headers = {"Content-Type": "application/json"}

    for path, user in (("/api/token/", None), (twins.first.list_path(entity), "admin")):
        answer = twins.first.request("POST", path, data=body, headers=headers, user=user)
        expect_json_error(answer, 413)


def test_a_nul_byte_in_search_is_a_400_under_the_parameter(twins: Twins) -> None:
    searched = [entity for entity in twins.project.entities if entity.admin_search]
    assert searched, "the spec searches no entity"

    for entity in searched:
        answer = twins.first.get(
            twins.first.list_path(entity), params={"search": "a\x00b"}, user="admin"
        )
        expect_json_error(answer, 400, key="search")


def test_errors_under_api_are_json_objects(twins: Twins) -> None:
    entity = twins.project.entities[0]
    cases = [
        ("GET", "/api/no-such-thing/", 404),
        ("DELETE", "/api/token/", 405),
        ("GET", twins.first.item_path(entity, 10**30), 404),
        ("GET", twins.first.list_path(entity) + "?page=%00", 404),
    ]

    for method, path, status in cases:
        answer = twins.first.request(method, path, user="admin")
        assert answer.status_code == status, describe(answer)
        assert isinstance(answer.json(), dict), describe(answer)
