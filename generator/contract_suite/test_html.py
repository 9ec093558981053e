"""The HTML rows of the contract: home, login, logout, admin."""

from __future__ import annotations

import html

import pytest
import requests

from generator.contract_suite.client import Api
from generator.contract_suite.client import csrf_fields
from generator.contract_suite.client import describe
from generator.contract_suite.client import expect

pytestmark = pytest.mark.impure


def test_home_names_the_project_and_every_entity(api: Api) -> None:
    response = expect(api.get("/"), 200)
    assert response.headers["Content-Type"].startswith("text/html")
    page = html.unescape(response.text)  # a name with quotes is shown escaped, as it should be
    assert api.project.name in page
    if api.project.description:
        assert api.project.description in page
    lowered = page.lower()
    for entity in api.project.entities:
        assert f"/api/{entity.plural}/" in page, entity.name
        names = (entity.name, entity.label_plural, entity.verbose_name_plural)
        assert any(name.lower() in lowered for name in names), entity.name


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_account_forms(api: Api, path: str) -> None:
    response = expect(api.get(path), 200)
    assert "<form" in response.text and 'type="password"' in response.text, path


def test_logout_by_get_is_405(api: Api) -> None:
    expect(api.get("/accounts/logout/"), 405)


def test_logout_by_post_with_csrf_signs_out(api: Api) -> None:
    browser, token = api.login_session("alice")
    field = "csrfmiddlewaretoken" if api.framework == "django" else "csrf_token"
    response = api.request(
        "POST",
        "/accounts/logout/",
        data={field: token},
        headers={"Referer": api.url("/")},
        session=browser,
    )
    assert response.status_code in (200, 302, 303), describe(response)
    expect(api.get("/api/me/", session=browser), 401)


def test_login_without_csrf_is_refused(api: Api) -> None:
    response = api.request(
        "POST", "/accounts/login/", data={"username": "alice", "password": "demo-password"}
    )
    assert response.status_code in (400, 403), describe(response)


def test_admin_sends_anonymous_users_to_log_in(api: Api) -> None:
    response = api.get("/admin/")
    assert response.status_code in (302, 303), describe(response)
    assert "login" in response.headers["Location"], describe(response)


def test_admin_refuses_non_staff(api: Api) -> None:
    browser, _ = api.login_session("alice")
    response = api.get("/admin/", session=browser)
    if response.status_code in (302, 303):
        assert "login" in response.headers["Location"], describe(response)
    else:
        assert response.status_code == 403, describe(response)


def test_admin_welcomes_staff(api: Api) -> None:
    browser, _ = api.login_session("admin")
    response = api.get("/admin/", session=browser, allow_redirects=True)
    expect(response, 200)
    for entity in api.project.entities:
        assert entity.label_plural.lower() in response.text.lower(), entity.name


@pytest.mark.parametrize("email", ["alice@example.com", "nobody@example.com"])
def test_password_reset_answers_the_same_for_any_address(api: Api, email: str) -> None:
    browser = requests.Session()
    form = expect(api.get("/accounts/password_reset/", session=browser), 200)
    assert 'name="email"' in form.text
    response = api.request(
        "POST",
        "/accounts/password_reset/",
        data={"email": email, **csrf_fields(form.text)},
        headers={"Referer": api.url("/accounts/password_reset/")},
        session=browser,
    )
    assert response.status_code == 302, describe(response)
    assert response.headers["Location"].endswith("/accounts/password_reset/done/")
    expect(api.get("/accounts/password_reset/done/"), 200)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/reset/Mg/not-a-token/",
        "/accounts/reset/%FF/x/",
        "/accounts/reset/Mg/set-password/",
    ],
)
def test_a_forged_reset_link_is_refused(api: Api, path: str) -> None:
    response = expect(api.get(path), 200)
    assert "invalid" in response.text and 'type="password"' not in response.text, path


def test_password_change_sends_anonymous_users_to_log_in(api: Api) -> None:
    response = expect(api.get("/accounts/password_change/"), 302)
    assert "/accounts/login/" in response.headers["Location"]


def test_password_change_asks_for_the_old_password_first(api: Api) -> None:
    browser, _ = api.login_session("bob")
    form = expect(api.get("/accounts/password_change/", session=browser), 200)
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in form.text, name
    new_password = "a-long-unusual-passphrase"
    response = api.request(
        "POST",
        "/accounts/password_change/",
        data={
            "old_password": "not-the-password",
            "new_password1": new_password,
            "new_password2": new_password,
            **csrf_fields(form.text),
        },
        headers={"Referer": api.url("/accounts/password_change/")},
        session=browser,
    )
    assert response.status_code == 200, describe(response)
    assert "old password was entered incorrectly" in html.unescape(response.text)
