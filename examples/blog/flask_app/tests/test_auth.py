import pytest

from blog.models import User

from .conftest import DEMO_PASSWORD
from .conftest import csrf_token


def test_signup_signs_the_new_user_in(client, ctx):
    token = csrf_token(client, "/accounts/signup/")
    response = client.post(
        "/accounts/signup/",
        data={
            "username": "carol",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
            "csrf_token": token,
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/api/me/").json["username"] == "carol"


@pytest.mark.parametrize(
    ("username", "password1", "password2", "message"),
    [
        ("", "a-long-passphrase", "a-long-passphrase", "This field is required."),
        ("alice", "a-long-passphrase", "a-long-passphrase", "already exists"),
        ("carol", "a-long-passphrase", "another-passphrase", "didn&#39;t match"),
        ("carol", "short", "short", "too short"),
        ("carol", "1234567890", "1234567890", "entirely numeric"),
        ("carolinexyz", "carolinexyz1", "carolinexyz1", "too similar"),
    ],
)
def test_signup_validates_input(client, demo, username, password1, password2, message):
    response = client.post(
        "/accounts/signup/",
        data={
            "username": username,
            "password1": password1,
            "password2": password2,
            "csrf_token": csrf_token(client, "/accounts/signup/"),
        },
    )

    assert response.status_code == 200
    assert message in response.text


def test_login_and_logout(client, auth, demo):
    assert auth.login().status_code == 302
    assert client.get("/api/me/").json["username"] == "alice"

    assert auth.logout().status_code == 302
    assert client.get("/api/me/").status_code == 401


def test_wrong_password_is_refused(client, auth, demo):
    response = auth.login(password="wrong")

    assert response.status_code == 200
    assert "correct username and password" in response.text
    assert client.get("/api/me/").status_code == 401


def test_login_follows_local_next_only(auth, demo):
    assert auth.login(next_url="/admin/").headers["Location"] == "/admin/"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:/x"],
)
def test_login_refuses_open_redirects(client, auth, demo, target):
    response = auth.login(next_url=target)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_posts_without_csrf_token_are_refused(client, demo):
    login = client.post(
        "/accounts/login/", data={"username": "alice", "password": DEMO_PASSWORD}
    )

    assert login.status_code == 400
    assert client.get("/api/me/").status_code == 401


def test_logout_needs_post(client, auth, demo):
    auth.login()

    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/api/me/").status_code == 200


def test_passwords_are_stored_as_slow_salted_hashes(alice, bob):
    assert DEMO_PASSWORD not in alice.password_hash
    assert alice.password_hash != bob.password_hash
    assert alice.check_password(DEMO_PASSWORD)


def test_default_hash_is_scrypt(app):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    user = User(username="dave")
    with app.app_context():
        user.set_password(DEMO_PASSWORD)

    assert user.password_hash.startswith("scrypt:")


def test_token_authenticates_api_requests(client, demo):
    token = client.post(
        "/api/token/", json={"username": "bob", "password": DEMO_PASSWORD}
    ).json["token"]

    response = client.get("/api/me/", headers={"Authorization": f"Token {token}"})

    assert response.json["username"] == "bob"
    assert response.json["is_staff"] is False
