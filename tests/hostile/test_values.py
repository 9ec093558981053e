"""Odd values in API bodies and query strings, and the timing of a failed login, in both apps.

These are the values that once made one app answer 500 or store what the other
refused; each test finds the fields it needs in the spec (the bundled blog has
every kind: a many-to-many, a datetime, an fk to its own entity). Every request
goes through ``Api.request``, which fails the test on any 5xx.
"""

from __future__ import annotations

import statistics
import time

import pytest
import requests

from generator.contract_suite.client import Api
from generator.contract_suite.client import csrf_fields
from generator.contract_suite.client import describe
from generator.contract_suite.client import expect_json_error
from generator.contract_suite.payloads import valid_body
from generator.model import Entity
from generator.model import Field
from tests.apps import FRAMEWORKS
from tests.hostile.conftest import TwinPool
from tests.hostile.conftest import Twins
from tests.hostile.test_accounts import log_in
from tests.hostile.test_accounts import sign_up

SPEC = "blog"
PASSWORD = "a-long-unusual-passphrase"


@pytest.fixture(params=FRAMEWORKS)
def blog(request: pytest.FixtureRequest, twin_pool: TwinPool) -> Twins:
    return twin_pool.get(request.param, SPEC)


def first_field(twins: Twins, kind: str) -> tuple[Entity, Field]:
    """The first writable field of ``kind`` (a spec type, or "self" for an fk to its entity)."""
    for entity in twins.project.entities:
        for field in entity.fields:
            if field.type == kind or (kind == "self" and field.target == entity.name):
                return entity, field
    raise AssertionError(f"the {SPEC} spec has no {kind} field")


def test_an_id_listed_twice_in_a_many_to_many_is_one_link(blog: Twins) -> None:
    entity, field = first_field(blog, "m2m")
    target = next(e for e in blog.project.entities if e.name == field.target)
    linked = blog.first.create(target, valid_body(blog.first, target))["id"]
    body = valid_body(blog.first, entity) | {field.name: [linked, linked]}

    created = blog.first.create(entity, body)

    assert created[field.name] == [linked]
    stored = blog.second.get(blog.second.item_path(entity, created["id"]), user="admin")
    assert stored.json()[field.name] == [linked], describe(stored)


def test_a_datetime_whose_utc_value_overflows_is_a_400_under_the_field(blog: Twins) -> None:
    entity, field = first_field(blog, "datetime")
    body = valid_body(blog.first, entity) | {field.name: "9999-12-31T23:59:59-01:00"}

    answer = blog.first.post(blog.first.list_path(entity), body, user="admin")

    expect_json_error(answer, 400, key=field.name)


def test_an_fk_may_point_at_its_own_row(blog: Twins) -> None:
    entity, field = first_field(blog, "self")
    row = blog.first.create(entity, valid_body(blog.first, entity))

    answer = blog.second.patch(
        blog.second.item_path(entity, row["id"]), {field.name: row["id"]}, user="admin"
    )

    assert answer.status_code == 200, describe(answer)
    assert answer.json()[field.name] == row["id"]


@pytest.mark.parametrize("page", ["\u00b2", "\u0663", "1\u00b2"])
def test_a_page_number_in_other_digits_is_no_page(blog: Twins, page: str) -> None:
    entity = blog.project.entities[0]

    answer = blog.first.get(blog.first.list_path(entity), params={"page": page}, user="admin")

    assert expect_json_error(answer, 404)["detail"] == "Invalid page."


def login_seconds(api: Api, username: str) -> float:
    started = time.perf_counter()
    answer = api.post("/api/token/", {"username": username, "password": "not-the-password"})
    elapsed = time.perf_counter() - started
    assert answer.status_code == 400, describe(answer)
    return elapsed


def test_a_wrong_password_takes_as_long_for_an_unknown_user(blog: Twins) -> None:
    """No user enumeration by timing: an unknown username costs a password hash too.

    Each username is tried once (a lock-out counts per username); the medians
    must be of one size, where skipping the hash makes one 10 to 30 times faster.
    """
    known = [f"timer{number}" for number in range(5)]
    for username in known:
        assert sign_up(blog.first, username, PASSWORD).status_code == 302
    login_seconds(blog.first, "warm-up")

    existing = [login_seconds(blog.first, username) for username in known]
    unknown = [login_seconds(blog.first, f"nobody{number}") for number in range(5)]

    ratio = statistics.median(unknown) / statistics.median(existing)
    assert 1 / 3 < ratio < 3, f"unknown {unknown} vs existing {existing}"


def test_a_session_copied_before_a_password_reset_is_refused(blog: Twins) -> None:
    username, email = "heidi", "heidi@example.com"
    assert sign_up(blog.first, username, PASSWORD).status_code == 302
    blog.set_email(username, email)
    browser = requests.Session()
    assert log_in(blog.first, browser, username, PASSWORD).status_code == 302
    thief = requests.Session()
    thief.cookies.update(browser.cookies)
    assert blog.second.get("/api/me/", session=thief).json()["username"] == username

    blog.reset_password(email, "another-long-unusual-passphrase")

    assert blog.second.get("/api/me/", session=thief).status_code == 401
    assert blog.first.get("/api/me/", session=browser).status_code == 401


def test_a_session_copied_before_a_password_change_is_refused(blog: Twins) -> None:
    username, new_password = "ivan", "another-long-unusual-passphrase"
    assert sign_up(blog.first, username, PASSWORD).status_code == 302
    browser = requests.Session()
    assert log_in(blog.first, browser, username, PASSWORD).status_code == 302
    thief = requests.Session()
    thief.cookies.update(browser.cookies)
    form = blog.second.get("/accounts/password_change/", session=browser)
    data = {"old_password": PASSWORD, "new_password1": new_password}
    data |= {"new_password2": new_password, **csrf_fields(form.text)}

    changed = blog.second.request(
        "POST",
        "/accounts/password_change/",
        data=data,
        headers={"Referer": blog.second.url("/accounts/password_change/")},
        session=browser,
    )

    assert changed.status_code == 302, describe(changed)
    assert blog.first.get("/api/me/", session=thief).status_code == 401
    assert blog.first.get("/api/me/", session=browser).json()["username"] == username
