import re

import pytest
from django.test import Client

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-passphrase"
RESET_LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")


def request_reset(client, email):
    return client.post("/accounts/password_reset/", {"email": email})


def reset_link(mailoutbox):
    (message,) = mailoutbox
    return RESET_LINK.search(message.body).group(1)


def set_password(client, path, password1, password2=None):
    return client.post(
        path,
        {
            "new_password1": password1,
            "new_password2": password1 if password2 is None else password2,
        },
    )


def log_in(username, password):
    return Client().post(
        "/accounts/login/", {"username": username, "password": password}
    )


def test_a_reset_link_sets_a_new_password(client, demo, mailoutbox):
    response = request_reset(client, "Alice@Example.com")

    assert response["Location"] == "/accounts/password_reset/done/"
    assert mailoutbox[0].to == ["alice@example.com"]
    assert mailoutbox[0].subject == "Password reset on testserver"
    assert "Your username, in case you’ve forgotten: alice" in mailoutbox[0].body
    link = reset_link(mailoutbox)
    # the token moves into the session, out of the address bar
    form = client.get(link)
    assert form.status_code == 302
    assert form["Location"].endswith("/set-password/")
    assert "Enter new password" in client.get(form["Location"]).text

    done = set_password(client, form["Location"], NEW_PASSWORD)

    assert done["Location"] == "/accounts/reset/done/"
    assert "Your password has been set" in client.get("/accounts/reset/done/").text
    assert log_in("alice", DEMO_PASSWORD).status_code == 200
    assert log_in("alice", NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, demo, mailoutbox):
    response = request_reset(client, "nobody@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mailoutbox == []


def test_a_link_works_once(client, demo, mailoutbox):
    request_reset(client, "alice@example.com")
    link = reset_link(mailoutbox)
    set_password(client, client.get(link)["Location"], NEW_PASSWORD)

    again = client.get(link)

    assert again.status_code == 200
    assert "The password reset link was invalid" in again.text


def test_a_link_expires(client, demo, mailoutbox, settings):
    request_reset(client, "alice@example.com")
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(reset_link(mailoutbox))

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
        (NEW_PASSWORD, "another-long-passphrase", "didn’t match"),
        ("alice123", "alice123", "too similar"),
    ],
)
def test_the_new_password_is_validated(
    client, demo, mailoutbox, password1, password2, message
):
    request_reset(client, "alice@example.com")
    form = client.get(reset_link(mailoutbox))["Location"]

    response = set_password(client, form, password1, password2)

    assert response.status_code == 200
    assert message in response.text


def test_a_reset_ends_every_session(client, demo, mailoutbox):
    client.post("/accounts/login/", {"username": "alice", "password": DEMO_PASSWORD})
    other = Client()
    request_reset(other, "alice@example.com")
    set_password(other, other.get(reset_link(mailoutbox))["Location"], NEW_PASSWORD)

    assert client.get("/api/me/").status_code in (401, 403)


def test_the_login_page_links_to_the_reset(client):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").text


def change_password(client, old_password, password1, password2=None):
    return client.post(
        "/accounts/password_change/",
        {
            "old_password": old_password,
            "new_password1": password1,
            "new_password2": password1 if password2 is None else password2,
        },
    )


def test_a_password_change_keeps_this_session_and_ends_the_others(client, demo):
    client.post("/accounts/login/", {"username": "alice", "password": DEMO_PASSWORD})
    other = Client()
    other.post("/accounts/login/", {"username": "alice", "password": DEMO_PASSWORD})

    response = change_password(client, DEMO_PASSWORD, NEW_PASSWORD)

    assert response["Location"] == "/accounts/password_change/done/"
    assert "Password change successful" in client.get(response["Location"]).text
    assert client.get("/api/me/").json()["username"] == "alice"
    assert other.get("/api/me/").status_code in (401, 403)
    assert log_in("alice", NEW_PASSWORD).status_code == 302


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
    client, demo, old_password, password1, password2, message
):
    client.post("/accounts/login/", {"username": "alice", "password": DEMO_PASSWORD})

    response = change_password(client, old_password, password1, password2)

    assert response.status_code == 200
    assert message in response.text


def test_a_password_change_needs_a_signed_in_user(client):
    response = client.get("/accounts/password_change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
