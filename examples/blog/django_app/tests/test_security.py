"""Sessions that end, the admin's roles, login throttling and the other hostile cases."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.db import transaction
from django.test import Client
from django.utils.html import escape

from .conftest import DEMO_PASSWORD
from .entities import ENTITIES

pytestmark = pytest.mark.django_db

LOCKED = "Account locked: too many login attempts"
USERS = "/admin/blog/user/"
# (admin view, help text) of every field with a help text in the spec
HELP_TEXTS = [
    ("post", "Used in the post's URL"),
]


def log_in(client, username="alice", password=DEMO_PASSWORD, **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, **extra
    )


def logged_in(username="alice"):
    client = Client()
    assert log_in(client, username).status_code == 302
    return client


def copy_of(client):
    """Another browser holding the same session cookie."""
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    return thief


def test_logout_ends_the_session_and_its_copies(alice):
    client = logged_in()
    thief = copy_of(client)
    assert thief.get("/api/me/").json()["username"] == "alice"

    client.post("/accounts/logout/")

    assert thief.get("/api/me/").status_code == 401
    assert thief.get("/admin/").status_code == 302


def test_a_new_password_ends_every_session_of_the_user(alice):
    client = logged_in()

    alice.set_password("a-new-long-passphrase")
    alice.save()

    assert client.get("/api/me/").status_code == 401


def staff_user(username="sam", superuser=False):
    return get_user_model().objects.create_user(
        username, password=DEMO_PASSWORD, is_staff=True, is_superuser=superuser
    )


@pytest.mark.parametrize(
    "path", [USERS, USERS + "add/", "/admin/authtoken/tokenproxy/"]
)
def test_only_superusers_manage_users_and_tokens(client, demo, path):
    client.force_login(staff_user())
    assert client.get(path).status_code == 403

    client.force_login(staff_user("root", superuser=True))
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("entity", ENTITIES, ids=str)
def test_staff_who_are_not_superusers_manage_every_entity(client, demo, entity):
    client.force_login(staff_user())
    meta = entity.model._meta
    view = f"/admin/{meta.app_label}/{meta.model_name}/"

    assert client.get(view).status_code == 200
    assert client.get(view + "add/").status_code == 200
    assert meta.verbose_name_plural.capitalize() in client.get("/admin/").text


def test_staff_cannot_make_themselves_superusers(client, demo):
    user = staff_user()
    client.force_login(user)

    response = client.post(
        f"{USERS}{user.pk}/change/",
        {"username": "sam", "is_staff": "on", "is_superuser": "on", "is_active": "on"},
    )

    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


@pytest.mark.parametrize(("view", "text"), HELP_TEXTS)
def test_help_texts_are_escaped_in_the_admin(client, admin, view, text):
    client.force_login(admin)
    page = client.get(f"/admin/blog/{view}/add/").text

    assert escape(text) in page
    if escape(text) != text:
        assert text not in page


def fail_logins(client, times, username="alice"):
    return [log_in(client, username, "wrong") for _ in range(times)]


def test_repeated_failures_lock_the_username_and_address_out(client, demo):
    *first, last = fail_logins(client, 5)

    assert all(response.status_code == 200 for response in first)
    assert last.status_code == 429
    assert LOCKED in last.text
    # even the right password, until the lock expires
    assert log_in(client).status_code == 429
    # another username from the same address is not locked
    assert log_in(client, "bob").status_code == 302


def test_another_address_is_not_locked_out(client, demo):
    fail_logins(client, 5)

    assert log_in(Client(REMOTE_ADDR="192.0.2.7")).status_code == 302


def test_a_success_resets_the_failures(client, demo):
    fail_logins(client, 4)
    log_in(client)
    client.post("/accounts/logout/")

    assert fail_logins(client, 4)[-1].status_code == 200


def get_token(client, username="alice", password=DEMO_PASSWORD):
    body = {"username": username, "password": password}
    return client.post("/api/token/", body, content_type="application/json")


# the token view counts failures outside ATOMIC_REQUESTS: a test transaction would undo them
@pytest.mark.django_db(transaction=True)
def test_repeated_api_failures_lock_the_pair_out_with_a_json_429(client, demo):
    answers = [get_token(client, password="wrong") for _ in range(5)]

    assert [answer.status_code for answer in answers] == [400, 400, 400, 400, 429]
    assert LOCKED in answers[-1].json()["detail"]
    assert get_token(client).status_code == 429
    assert get_token(client, "bob").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_api_success_resets_the_failures(client, demo):
    for _ in range(4):
        get_token(client, password="wrong")
    assert get_token(client).status_code == 200

    again = [get_token(client, password="wrong").status_code for _ in range(4)]
    assert again == [400, 400, 400, 400]


def test_the_database_refuses_a_username_in_another_case(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user("ALICE")


def sign_up(client, username, password="a-long-passphrase"):
    return client.post(
        "/accounts/signup/",
        {"username": username, "password1": password, "password2": password},
    )


@pytest.mark.parametrize(
    "username", ["ALICE", "Alice", "\uff41\uff4c\uff49\uff43\uff45"]
)
def test_usernames_are_unique_in_any_case_and_width(client, demo, username):
    response = sign_up(client, username)

    assert response.status_code == 200
    assert "already exists" in response.text


def test_usernames_are_stored_nfkc_normalised(client, db):
    assert sign_up(client, "\uff43\uff41\uff52\uff4f\uff4c").status_code == 302

    assert get_user_model().objects.filter(username="carol").exists()


@pytest.mark.parametrize("password", ["password", "Password1", "iloveyou"])
def test_common_passwords_are_refused(client, db, password):
    response = sign_up(client, "carol", password)

    assert response.status_code == 200
    assert "too common" in response.text


def test_forwarded_proto_is_not_trusted_without_a_configured_proxy(rf):
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https")

    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert request.scheme == "http"


@pytest.mark.parametrize(
    "target", ["/\r\nLocation: //evil.example", "/\t/evil.example"]
)
def test_control_characters_in_next_are_not_followed(client, demo, target):
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": DEMO_PASSWORD, "next": target},
    )

    location = response["Location"]
    assert response.status_code == 302
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert not any(ord(char) < 32 for char in location)
