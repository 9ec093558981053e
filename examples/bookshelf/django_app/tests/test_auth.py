import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.test import Client

from .entities import ENTITIES

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "a-long-and-unusual-passphrase"


def sign_up(client, username="carol", password=STRONG_PASSWORD, password2=None):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "password1": password,
            "password2": password2 or password,
        },
    )


def test_signup_creates_the_user_signs_in_and_goes_home(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert get_user_model().objects.filter(username="carol").exists()
    assert client.get("/api/me/").json()["username"] == "carol"


@pytest.mark.parametrize(
    ("password", "password2"),
    [
        ("short1!", None),
        ("4815162342108", None),
        ("carol1234", None),
        (STRONG_PASSWORD, STRONG_PASSWORD + "-not-the-same"),
    ],
    ids=["too short", "entirely numeric", "like the username", "mismatch"],
)
def test_signup_refuses_weak_or_mismatched_passwords(client, password, password2):
    response = sign_up(client, password=password, password2=password2)

    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="carol").exists()


def test_passwords_are_stored_as_salted_slow_hashes(settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    first = get_user_model().objects.create_user("carol", password=STRONG_PASSWORD)
    second = get_user_model().objects.create_user("dave", password=STRONG_PASSWORD)

    assert first.password.startswith("pbkdf2_sha256$")
    assert STRONG_PASSWORD not in first.password
    assert first.password != second.password
    assert first.check_password(STRONG_PASSWORD)


def test_login_and_logout(client, alice):
    logged_in = client.post(
        "/accounts/login/", {"username": "alice", "password": "demo-password"}
    )
    assert logged_in.status_code == 302
    assert logged_in["Location"] == "/"
    assert client.get("/api/me/").json()["username"] == "alice"

    logged_out = client.post("/accounts/logout/")
    assert logged_out.status_code == 302
    assert logged_out["Location"] == "/"
    assert client.get("/api/me/").status_code == 401


def test_login_with_a_wrong_password_is_refused(client, alice):
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": "wrong"}
    )

    assert response.status_code == 200
    assert client.get("/api/me/").status_code == 401


def test_logout_by_get_is_405(client, alice):
    client.force_login(alice)

    assert client.get("/accounts/logout/").status_code == 405


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/admin/", "/admin/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
    ],
)
def test_login_follows_next_to_local_paths_only(client, alice, next_url, location):
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": "demo-password", "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == location


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/accounts/login/", {"username": "alice", "password": "demo-password"}),
        (
            "/accounts/signup/",
            {"username": "carol", "password1": "x", "password2": "x"},
        ),
        ("/accounts/logout/", {}),
    ],
)
def test_forms_without_a_csrf_token_are_refused(alice, url, data):
    client = Client(enforce_csrf_checks=True)

    assert client.post(url, data).status_code == 403


def test_pages_render(client):
    for url in ("/", "/accounts/login/", "/accounts/signup/"):
        assert client.get(url).status_code == 200


def test_home_lists_every_entity_with_its_links(client, demo):
    page = client.get("/").content.decode()

    for entity in ENTITIES:
        assert entity.list_url in page
        assert (
            f"/admin/{entity.model._meta.app_label}/{entity.model._meta.model_name}/"
            in page
        )
