import pytest
from django.db import OperationalError
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_ssl_redirect_spares_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/").status_code == 301
    assert client.get("/").headers["Location"] == "https://testserver/"
    assert client.get("/healthz").status_code == 200


def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/admin/css/base.css")
    response.close()  # WhiteNoise streams the file

    assert response.status_code == 200
    assert "max-age" in response.headers["Cache-Control"]
