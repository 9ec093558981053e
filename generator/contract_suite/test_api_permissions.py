"""Permissions: api.read and api.write from the spec, and session auth with CSRF."""

from __future__ import annotations

import pytest
import requests

from generator.contract_suite.client import Api
from generator.contract_suite.client import describe
from generator.contract_suite.client import expect
from generator.contract_suite.client import expect_json_error
from generator.contract_suite.payloads import valid_body
from generator.model import Entity

pytestmark = pytest.mark.impure


def assert_unauthenticated(response: requests.Response) -> None:
    """401, a JSON detail, and the ``WWW-Authenticate: Token`` challenge."""
    expect_json_error(response, 401)
    challenge = response.headers.get("WWW-Authenticate", "")
    assert challenge.startswith("Token"), describe(response)


def test_anonymous_writes_are_401(api: Api, entity: Entity) -> None:
    existing = api.create(entity, valid_body(api, entity))
    path = api.item_path(entity, existing["id"])
    body = valid_body(api, entity)
    assert_unauthenticated(api.post(api.list_path(entity), body))
    assert_unauthenticated(api.put(path, body))
    assert_unauthenticated(api.patch(path, body))
    assert_unauthenticated(api.delete(path))
    expect(api.get(path, user="admin"), 200)


def test_read_permission(api: Api, entity: Entity) -> None:
    existing = api.create(entity, valid_body(api, entity))
    paths = [api.list_path(entity), api.item_path(entity, existing["id"])]
    for path in paths:
        anonymous = api.get(path)
        if entity.api_read == "public":
            expect(anonymous, 200)
        else:
            assert_unauthenticated(anonymous)
        expect(api.get(path, user="bob"), 200)


def test_bad_token_is_401(api: Api, entity: Entity) -> None:
    response = api.get(
        api.list_path(entity), headers={"Authorization": "Token not-a-real-token-0000"}
    )
    assert_unauthenticated(response)


def test_write_permission(api: Api, entity: Entity) -> None:
    """owner: others 403, staff allowed; staff: only staff; authenticated: anyone signed in."""
    if entity.api_write == "staff":
        response = api.post(api.list_path(entity), valid_body(api, entity), user="alice")
        expect_json_error(response, 403)
        created = api.create(entity, valid_body(api, entity), user="admin")
        path = api.item_path(entity, created["id"])
        expect_json_error(api.patch(path, {}, user="alice"), 403)
        expect_json_error(api.delete(path, user="alice"), 403)
        expect(api.delete(path, user="admin"), 204)
        return
    created = api.create(entity, valid_body(api, entity), user="alice")
    path = api.item_path(entity, created["id"])
    if entity.api_write == "owner":
        expect_json_error(api.put(path, valid_body(api, entity), user="bob"), 403)
        expect_json_error(api.patch(path, {}, user="bob"), 403)
        expect_json_error(api.delete(path, user="bob"), 403)
        expect(api.get(path, user="alice"), 200)
    else:
        expect(api.patch(path, {}, user="bob"), 200)
    expect(api.patch(path, {}, user="alice"), 200)
    expect(api.put(path, valid_body(api, entity), user="admin"), 200)
    if entity.owner:
        owner = expect(api.get(path, user="admin"), 200).json()["owner"]
        assert owner == "alice", "a change by someone else must not take ownership"
    expect(api.delete(path, user="admin"), 204)


# --- session authentication and CSRF ----------------------------------------------------


def test_session_reads_the_current_user(api: Api) -> None:
    browser, _ = api.login_session("alice")
    me = expect(api.get("/api/me/", session=browser), 200).json()
    assert me["username"] == "alice" and me["is_staff"] is False


def test_session_write_without_csrf_is_403(api: Api) -> None:
    entity = _session_entity(api)
    browser, _ = api.login_session("alice")
    response = api.post(api.list_path(entity), valid_body(api, entity), session=browser)
    expect_json_error(response, 403)


def test_session_write_with_csrf_is_accepted(api: Api) -> None:
    entity = _session_entity(api)
    browser, token = api.login_session("alice")
    response = api.post(
        api.list_path(entity),
        valid_body(api, entity),
        session=browser,
        headers={"X-CSRFToken": token, "Referer": api.url("/")},
    )
    expect(response, 201)
    if entity.owner:
        assert response.json()["owner"] == "alice"


def test_token_auth_needs_no_csrf(api: Api) -> None:
    entity = _session_entity(api)
    fresh = requests.Session()
    response = api.post(api.list_path(entity), valid_body(api, entity), user="alice", session=fresh)
    expect(response, 201)


def _session_entity(api: Api) -> Entity:
    """An entity alice may create (any write rule but staff)."""
    entity = next((e for e in api.project.entities if e.api_write != "staff"), None)
    if entity is None:
        pytest.skip("every entity of this spec is staff-only")  # pragma: no cover
    return entity
