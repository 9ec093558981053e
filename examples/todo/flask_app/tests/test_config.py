import pytest

from todo import config
from todo import create_app


def test_no_secret_key_without_debug_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_debug_runs_with_a_development_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DEBUG", "yes")

    assert config.from_environment("/tmp")["SECRET_KEY"] == config.INSECURE_DEV_KEY


def test_postgresql_urls_name_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/db")

    url = config.database_url("/tmp")

    assert url == "postgresql+psycopg://u:p@127.0.0.1:5432/db"


def test_secure_cookies_follow_debug_unless_told(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    assert config.from_environment("/tmp")["SESSION_COOKIE_SECURE"] is True

    monkeypatch.setenv("SECURE_COOKIES", "0")
    assert config.from_environment("/tmp")["SESSION_COOKIE_SECURE"] is False


def test_unknown_hosts_are_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200


def test_responses_forbid_framing_and_sniffing(client):
    response = client.get("/")

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_over_https(client):
    plain = client.get("/")
    secure = client.get("/", base_url="https://localhost")

    assert "Strict-Transport-Security" not in plain.headers
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
