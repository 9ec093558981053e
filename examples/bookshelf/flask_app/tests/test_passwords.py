import re

import pytest

from .conftest import DEMO_PASSWORD
from .conftest import AuthActions
from .conftest import csrf_token

NEW_PASSWORD = "a-new-long-passphrase"
RESET_LINK = re.compile(r"http://localhost(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def outbox(app):
    """The messages the app sent during the test."""
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman.outbox


def request_reset(client, email):
    return client.post(
        "/accounts/password_reset/",
        data={
            "email": email,
            "csrf_token": csrf_token(client, "/accounts/password_reset/"),
        },
    )


def reset_link(outbox):
    (message,) = outbox
    return RESET_LINK.search(message.body).group(1)


def set_password(client, path, password1, password2=None):
    token = csrf_token(client, path)
    return client.post(
        path,
        data={
            "new_password1": password1,
            "new_password2": password1 if password2 is None else password2,
            "csrf_token": token,
        },
    )


def test_a_reset_link_sets_a_new_password(client, auth, demo, outbox):
    response = request_reset(client, "Alice@Example.com")

    assert response.headers["Location"] == "/accounts/password_reset/done/"
    assert outbox[0].to == ["alice@example.com"]
    assert outbox[0].subject == "Password reset on localhost"
    assert "Your username, in case you’ve forgotten: alice" in outbox[0].body
    link = reset_link(outbox)
    # the token moves into the session, out of the address bar
    form = client.get(link)
    assert form.status_code == 302
    assert form.headers["Location"].endswith("/set-password/")
    assert "Enter new password" in client.get(form.headers["Location"]).text

    done = set_password(client, form.headers["Location"], NEW_PASSWORD)

    assert done.headers["Location"] == "/accounts/reset/done/"
    assert "Your password has been set" in client.get("/accounts/reset/done/").text
    assert auth.login("alice", DEMO_PASSWORD).status_code == 200
    assert auth.login("alice", NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, demo, outbox):
    response = request_reset(client, "nobody@example.com")

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/password_reset/done/"
    assert outbox == []


def test_a_link_works_once(client, demo, outbox):
    request_reset(client, "alice@example.com")
    link = reset_link(outbox)
    set_password(client, client.get(link).headers["Location"], NEW_PASSWORD)

    again = client.get(link)

    assert again.status_code == 200
    assert "The password reset link was invalid" in again.text


def test_a_link_expires(app, client, demo, outbox):
    request_reset(client, "alice@example.com")
    app.config["PASSWORD_RESET_TIMEOUT"] = -1

    response = client.get(reset_link(outbox))

    assert "The password reset link was invalid" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/reset/Mg/not-a-token/",
        "/accounts/reset/not-base64!/x/",
        "/accounts/reset/OTk5OTk5OTk5OTk5OTk5OTk5OTk5/x/",
        "/accounts/reset/Mg/set-password/",
    ],
)
def test_a_forged_link_is_refused(client, demo, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "The password reset link was invalid" in response.text


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("short", "short", "too short"),
        (NEW_PASSWORD, "another-long-passphrase", "didn&#39;t match"),
        ("alice123", "alice123", "too similar"),
    ],
)
def test_the_new_password_is_validated(
    client, demo, outbox, password1, password2, message
):
    request_reset(client, "alice@example.com")
    form = client.get(reset_link(outbox)).headers["Location"]

    response = set_password(client, form, password1, password2)

    assert response.status_code == 200
    assert message in response.text


def test_a_reset_ends_every_session(app, client, auth, demo, outbox):
    auth.login()
    other = app.test_client()
    request_reset(other, "alice@example.com")
    set_password(other, other.get(reset_link(outbox)).headers["Location"], NEW_PASSWORD)

    assert client.get("/api/me/").status_code == 401


def test_the_login_page_links_to_the_reset(client):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").text


def change_password(client, old_password, password1, password2=None):
    return client.post(
        "/accounts/password_change/",
        data={
            "old_password": old_password,
            "new_password1": password1,
            "new_password2": password1 if password2 is None else password2,
            "csrf_token": csrf_token(client, "/accounts/password_change/"),
        },
    )


def test_a_password_change_keeps_this_session_and_ends_the_others(
    app, client, auth, demo
):
    auth.login()
    other = app.test_client()
    AuthActions(other).login()

    response = change_password(client, DEMO_PASSWORD, NEW_PASSWORD)

    assert response.headers["Location"] == "/accounts/password_change/done/"
    assert "Password change successful" in client.get(response.headers["Location"]).text
    assert client.get("/api/me/").json["username"] == "alice"
    assert other.get("/api/me/").status_code == 401
    assert (
        AuthActions(app.test_client()).login(password=NEW_PASSWORD).status_code == 302
    )


@pytest.mark.parametrize(
    ("old_password", "password1", "password2", "message"),
    [
        (
            "not-the-password",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "old password was entered incorrectly",
        ),
        (DEMO_PASSWORD, "short", "short", "too short"),
        (DEMO_PASSWORD, NEW_PASSWORD, "another-long-passphrase", "match"),
    ],
)
def test_a_password_change_is_validated(
    client, auth, demo, old_password, password1, password2, message
):
    auth.login()

    response = change_password(client, old_password, password1, password2)

    assert response.status_code == 200
    assert message in response.text


def test_a_password_change_needs_a_signed_in_user(client):
    response = client.get("/accounts/password_change/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
