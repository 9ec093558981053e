"""Sessions that end, the admin's roles, login throttling and the other hostile cases."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import request
from markupsafe import escape

from bookshelf import create_app
from bookshelf.extensions import db
from bookshelf.models import LoginFailure
from bookshelf.models import User
from bookshelf.models import now_utc

from .conftest import DEMO_PASSWORD
from .conftest import AuthActions
from .conftest import csrf_token
from .entities import ENTITIES

LOCKED = "Account locked: too many login attempts"
# (admin view, help text) of every field with a help text in the spec
HELP_TEXTS = [
    ("book", "As printed on the cover"),
]


def logged_in(app, username="alice"):
    client = app.test_client()
    assert AuthActions(client).login(username).status_code == 302
    return client


def copy_of(app, client):
    """Another browser holding the same session cookie."""
    thief = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.value)
    return thief


def test_logout_ends_every_session_of_the_user(app, demo):
    first = logged_in(app)
    second = logged_in(app)
    thief = copy_of(app, first)
    assert thief.get("/api/me/").json["username"] == "alice"

    AuthActions(first).logout()

    assert thief.get("/api/me/").status_code == 401
    assert second.get("/api/me/").status_code == 401
    assert thief.get("/admin/").status_code == 302


def test_a_new_password_ends_every_session_of_the_user(app, alice):
    client = logged_in(app)

    alice.set_password("a-new-long-passphrase")
    db.session.commit()

    assert client.get("/api/me/").status_code == 401


def test_the_cookie_names_no_user_id(app, alice):
    client = logged_in(app)

    assert alice.get_id() != str(alice.id)
    assert client.get("/api/me/").json["username"] == "alice"


def staff_user(username="sam", superuser=False):
    user = User(username=username, is_staff=True, is_superuser=superuser)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.mark.parametrize("path", ["/admin/user/", "/admin/user/new/", "/admin/token/"])
def test_only_superusers_manage_users_and_tokens(app, demo, ctx, path):
    staff = app.test_client(user=staff_user())
    superuser = app.test_client(user=staff_user("root", superuser=True))

    assert staff.get(path).status_code == 403
    assert superuser.get(path).status_code == 200


@pytest.mark.parametrize("entity", ENTITIES, ids=str)
def test_staff_who_are_not_superusers_manage_every_entity(app, demo, ctx, entity):
    staff = app.test_client(user=staff_user())
    view = f"/admin/{entity.model.__name__.lower()}/"

    assert staff.get(view).status_code == 200
    assert staff.get(view + "new/").status_code == 200


def test_staff_cannot_make_themselves_superusers(app, demo, ctx):
    user = staff_user()
    staff = app.test_client(user=user)
    data = {"username": "sam", "is_staff": "y", "is_superuser": "y", "is_active": "y"}
    data["csrf_token"] = csrf_token(staff, "/")

    response = staff.post(f"/admin/user/edit/?id={user.id}", data=data)

    assert response.status_code == 403
    assert not db.session.get(User, user.id).is_superuser


@pytest.mark.parametrize(("view", "text"), HELP_TEXTS)
def test_help_texts_are_escaped_in_the_admin(app, admin, view, text):
    page = app.test_client(user=admin).get(f"/admin/{view}/new/").text

    assert str(escape(text)) in page
    if str(escape(text)) != text:
        assert text not in page


def fail_logins(client, times, username="alice"):
    return [AuthActions(client).login(username, "wrong") for _ in range(times)]


def test_repeated_failures_lock_the_username_and_address_out(client, demo, ctx):
    *first, last = fail_logins(client, 5)

    assert all(response.status_code == 200 for response in first)
    assert last.status_code == 429
    assert LOCKED in last.text
    # even the right password, until the lock expires
    assert AuthActions(client).login().status_code == 429
    # another username from the same address is not locked
    assert AuthActions(client).login("bob").status_code == 302


@contextmanager
def another_app(config, **settings):
    """A second app on the same database, as another worker process would be."""
    app = create_app({**config, **settings})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_failures_are_counted_in_the_database_for_every_worker(app, config, demo, ctx):
    fail_logins(app.test_client(), 4)
    with another_app(config) as other_worker:
        assert fail_logins(other_worker.test_client(), 1)[0].status_code == 429


def test_the_lock_expires(client, demo, ctx):
    fail_logins(client, 5)
    for failure in db.session.scalars(db.select(LoginFailure)):
        failure.last_failure = now_utc() - timedelta(minutes=16)
    db.session.commit()

    assert AuthActions(client).login().status_code == 302


def test_a_success_resets_the_failures(client, auth, demo, ctx):
    fail_logins(client, 4)
    auth.login()
    auth.logout()

    assert fail_logins(client, 4)[-1].status_code == 200


def test_an_unknown_username_costs_a_password_hash_too(client, demo, monkeypatch):
    hashed = []
    monkeypatch.setattr(
        User, "set_password", lambda user, password: hashed.append(password)
    )

    response = AuthActions(client).login("nobody", "some-password")

    assert response.status_code == 200
    assert hashed == ["some-password"]


def sign_up(client, username, password="a-long-passphrase"):
    return client.post(
        "/accounts/signup/",
        data={
            "username": username,
            "password1": password,
            "password2": password,
            "csrf_token": csrf_token(client, "/accounts/signup/"),
        },
    )


@pytest.mark.parametrize(
    "username", ["ALICE", "Alice", "\uff41\uff4c\uff49\uff43\uff45"]
)
def test_usernames_are_unique_in_any_case_and_width(client, demo, username):
    response = sign_up(client, username)

    assert response.status_code == 200
    assert "already exists" in response.text


def test_usernames_are_stored_nfkc_normalised(client, ctx):
    assert sign_up(client, "\uff43\uff41\uff52\uff4f\uff4c").status_code == 302

    assert db.session.execute(db.select(User).filter_by(username="carol")).scalar()


@pytest.mark.parametrize("password", ["password", "Password1", "iloveyou"])
def test_common_passwords_are_refused(client, ctx, password):
    response = sign_up(client, "carol", password)

    assert response.status_code == 200
    assert "too common" in response.text


@pytest.mark.parametrize(
    ("proxies", "header", "scheme"),
    [
        (0, "https", "http"),
        (1, "https", "https"),
        (1, "javascript", "http"),
        (1, "https, javascript", "http"),
    ],
)
def test_forwarded_proto_is_trusted_only_behind_a_configured_proxy(
    config, proxies, header, scheme
):
    with another_app(config, TRUSTED_PROXY_COUNT=proxies) as app:
        app.add_url_rule("/scheme/", "scheme", lambda: request.scheme)
        client = app.test_client()
        answer = client.get("/scheme/", headers={"X-Forwarded-Proto": header})

    assert answer.text == scheme


@pytest.mark.parametrize(
    "target", ["/%0d%0aLocation:%20//evil.example", "/%09/evil.example"]
)
def test_control_characters_in_next_are_not_followed(auth, demo, target):
    response = auth.login(next_url=target)

    location = response.headers["Location"]
    assert response.status_code == 302
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert not any(ord(char) < 32 for char in location)
