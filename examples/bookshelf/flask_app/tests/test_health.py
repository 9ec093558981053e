import pytest

from bookshelf import create_app
from bookshelf.extensions import db


@pytest.fixture
def client_with(config):
    """Return a client of an app made with extra settings; its database closed afterwards."""
    apps = []

    def make(**settings):
        apps.append(create_app({**config, **settings}))
        return apps[-1].test_client()

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_healthz_is_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(client_with, tmp_path):
    # SQLite cannot open a file in a folder that does not exist
    missing = tmp_path / "missing" / "db.sqlite3"
    client = client_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json == {"status": "unavailable"}


def test_ssl_redirect_spares_the_health_check(client_with):
    client = client_with(SECURE_SSL_REDIRECT=True)

    assert client.get("/").status_code == 301
    assert client.get("/").headers["Location"] == "https://localhost/"
    assert client.get("/healthz").status_code == 200


def test_hsts_asks_for_subdomains_and_preload_when_told(client_with):
    client = client_with(HSTS_INCLUDE_SUBDOMAINS=True, HSTS_PRELOAD=True)

    response = client.get("/", base_url="https://localhost")

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=3600; includeSubDomains; preload"
    )


def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/style.css")
    response.close()  # WhiteNoise streams the file

    assert response.status_code == 200
    assert "max-age" in response.headers["Cache-Control"]
