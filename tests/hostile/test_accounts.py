"""Hostile cases around accounts and the admin, the same for both apps.

Every request goes through ``Api.request``, which fails the test on any 5xx.
"""

from __future__ import annotations

import html

import markupsafe
import pytest
import requests

from generator.contract_suite.client import Api
from generator.contract_suite.client import csrf_fields
from generator.contract_suite.client import describe
from generator.contract_suite.payloads import valid_body
from generator.demo import DEMO_PASSWORD
from tests.hostile.conftest import Twins

LOCKED = "Account locked: too many login attempts"


def log_in(api: Api, browser: requests.Session, username: str, password: str, **extra):
    page = api.get("/accounts/login/", session=browser)
    data = {"username": username, "password": password, **csrf_fields(page.text), **extra}
    return api.request("POST", "/accounts/login/", data=data, session=browser)


def sign_up(api: Api, username: str, password: str = "a-long-unusual-passphrase"):
    browser = requests.Session()
    page = api.get("/accounts/signup/", session=browser)
    data = {"username": username, "password1": password, "password2": password}
    data.update(csrf_fields(page.text))
    return api.request("POST", "/accounts/signup/", data=data, session=browser)


def copy_of(browser: requests.Session) -> requests.Session:
    """Another browser holding the same cookies."""
    thief = requests.Session()
    thief.cookies.update(browser.cookies)
    return thief


def test_a_session_copied_before_logout_is_refused_by_every_worker(twins: Twins) -> None:
    browser, token = twins.first.login_session("alice")
    thief = copy_of(browser)
    assert twins.second.get("/api/me/", session=thief).json()["username"] == "alice"
    name = next(iter(csrf_fields(twins.first.get("/", session=browser).text)))

    logout = twins.first.request("POST", "/accounts/logout/", data={name: token}, session=browser)

    assert logout.status_code == 302, describe(logout)
    assert twins.second.get("/api/me/", session=thief).status_code == 401
    admin = twins.second.get("/admin/", session=thief)
    assert admin.status_code == 302 and "login" in admin.headers["Location"]


def test_repeated_failures_lock_the_pair_out_across_workers(twins: Twins) -> None:
    browser = requests.Session()
    apis = [twins.first, twins.second] * 3
    answers = [log_in(api, browser, "bob", "wrong") for api in apis[:5]]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert LOCKED in answers[-1].text
    assert log_in(twins.second, browser, "bob", DEMO_PASSWORD).status_code == 429
    assert log_in(twins.first, requests.Session(), "alice", DEMO_PASSWORD).status_code == 302


def test_the_admin_as_anonymous_plain_user_staff_and_superuser(twins: Twins) -> None:
    entity = twins.project.entities[0].name
    entity_list, users = twins.admin_url(entity), twins.admin_url("User")
    assert sign_up(twins.first, "staffer").status_code == 302
    twins.make_staff("staffer")
    assert sign_up(twins.first, "root").status_code == 302
    twins.make_staff("root", superuser=True)
    expected = {
        "anonymous": (None, (302,), (302,)),
        "plain": ("carol", (302, 403), (302, 403)),
        "staff": ("staffer", (200,), (403,)),
        "superuser": ("root", (200,), (200,)),
    }
    assert sign_up(twins.first, "carol").status_code == 302

    for role, (username, on_entities, on_users) in expected.items():
        browser = requests.Session()
        if username:
            answer = log_in(twins.first, browser, username, "a-long-unusual-passphrase")
            assert answer.status_code == 302, describe(answer)
        for path, allowed in ((entity_list, on_entities), (users, on_users)):
            answer = twins.second.get(path, session=browser)
            assert answer.status_code in allowed, f"{role} on {path}\n{describe(answer)}"


@pytest.mark.parametrize("username", ["ALICE", "Alice", "\uff41\uff4c\uff49\uff43\uff45"])
def test_usernames_are_unique_in_any_case_and_width(twins: Twins, username: str) -> None:
    answer = sign_up(twins.first, username)

    assert answer.status_code == 200
    assert "already exists" in answer.text


@pytest.mark.parametrize("password", ["password", "iloveyou", "Password1"])
def test_common_passwords_are_refused(twins: Twins, password: str) -> None:
    answer = sign_up(twins.first, "dave", password)

    assert answer.status_code == 200
    assert "too common" in answer.text


def test_help_texts_are_escaped_in_the_admin(twins: Twins) -> None:
    browser, _ = twins.first.login_session("admin")
    described = [
        (entity.name, field.help)
        for entity in twins.project.entities
        for field in entity.fields
        if field.help
    ]
    assert described, "the spec has no help text to test"

    for entity, text in described:
        page = twins.first.get(twins.admin_url(entity, "add"), session=browser).text
        escaped = {html.escape(text), str(markupsafe.escape(text))}
        assert any(form in page for form in escaped), f"{entity}: {text!r} not shown"
        if html.escape(text) != text:
            assert text not in page, f"{entity}: {text!r} shown as markup"
    for entity in twins.project.entities:
        page = twins.first.get(twins.admin_url(entity.name, "add"), session=browser).text
        for field in entity.fields:
            if html.escape(field.label) != field.label:
                assert field.label not in page, f"{entity.name}: label shown as markup"


@pytest.mark.parametrize("next_url", ["/\r\nLocation: //evil.example", "/\t/evil.example", "/\x00"])
def test_control_characters_in_next_are_never_followed(twins: Twins, next_url: str) -> None:
    answer = log_in(twins.first, requests.Session(), "alice", DEMO_PASSWORD, next=next_url)

    location = answer.headers["Location"]
    assert answer.status_code == 302, describe(answer)
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert not any(ord(char) < 32 for char in location)


def test_a_forwarded_scheme_other_than_http_never_reaches_a_url(twins: Twins) -> None:
    entity = twins.project.entities[0]
    for _ in range(entity.page_size + 1):
        twins.first.create(entity, valid_body(twins.first, entity))

    for proto in ("javascript", "data", "https, javascript"):
        answer = twins.second.get(
            twins.second.list_path(entity), headers={"X-Forwarded-Proto": proto}
        )
        assert answer.status_code == 200, describe(answer)
        assert answer.json()["next"].startswith("http://"), describe(answer)
