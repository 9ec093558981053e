import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

DEMO_PASSWORD = "demo-password"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hash passwords quickly: the slow default is tested on its own."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The demo users and rows, as seed_demo makes them."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def alice(demo):
    """A demo user who is not staff and owns demo rows."""
    return get_user_model().objects.get(username="alice")


@pytest.fixture
def bob(demo):
    """Another demo user who is not staff."""
    return get_user_model().objects.get(username="bob")


@pytest.fixture
def admin(demo):
    """The demo staff user."""
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def api_client():
    """An API client that sends JSON and enforces CSRF, as a browser session would."""
    return APIClient(enforce_csrf_checks=True)


@pytest.fixture
def as_user(api_client):
    """Return the API client sending a user's token in the Authorization header."""

    def authenticate(user):
        token, _ = Token.objects.get_or_create(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client

    return authenticate
