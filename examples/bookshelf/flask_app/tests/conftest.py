import os
import re
import shutil
import uuid

import pytest
import sqlalchemy as sa
from flask_login import FlaskLoginClient

from bookshelf import config as settings
from bookshelf import create_app
from bookshelf.extensions import db
from bookshelf.models import Token
from bookshelf.models import User

DEMO_PASSWORD = "demo-password"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# DATABASE_URL=postgresql://... runs the suite on PostgreSQL, else on SQLite files
SERVER_URL = None
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    SERVER_URL = sa.make_url(settings.database_url(""))
# the same settings whatever the environment says, production-like but over HTTP
SETTINGS = {
    "TESTING": True,
    "DEBUG": False,
    "SECRET_KEY": "test",
    "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
    "SESSION_COOKIE_SECURE": False,
    "HSTS_SECONDS": 3600,
    # a fast hash: the slow default is tested on its own
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    # mail is kept in app.extensions["mailman"].outbox, as Django's test runner does
    "MAIL_BACKEND": "locmem",
}


def run_on_server(statement):
    """Run CREATE or DROP DATABASE, which PostgreSQL allows only outside a transaction."""
    server = SERVER_URL.set(database="postgres")
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """A database with the schema and the demo data, made once and copied for each test."""
    if SERVER_URL is not None:
        name = f"test_demo_{uuid.uuid4().hex[:12]}"
        run_on_server(f'CREATE DATABASE "{name}"')
        url = SERVER_URL.set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    yield url
    if SERVER_URL is not None:
        run_on_server(f'DROP DATABASE "{name}"')


@pytest.fixture
def config(tmp_path, demo_database):
    """The settings of a test app: its own copy of the demo database."""
    if SERVER_URL is None:
        demo = demo_database.removeprefix("sqlite:///")
        path = shutil.copy(demo, tmp_path / "test.sqlite3")
        yield {**SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}
        return
    template = sa.make_url(demo_database).database
    name = f"test_{uuid.uuid4().hex[:12]}"
    run_on_server(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = SERVER_URL.set(database=name).render_as_string(hide_password=False)
    yield {**SETTINGS, "SQLALCHEMY_DATABASE_URI": url}
    run_on_server(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def app(config):
    """A new app for each test, on a database of its own."""
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A test runner for the app's Click commands."""
    return app.test_cli_runner()


@pytest.fixture
def demo(app):
    """The demo users and rows of ``flask seed-demo``, in every test database."""


@pytest.fixture
def ctx(config):
    """An app context for the test's own queries, on the test app's database."""
    # a twin app's context: requests to ``app`` still get a context and ``g`` of
    # their own, as in production, where Flask-Login keeps the user
    twin = create_app(config)
    with twin.app_context():
        yield
        db.session.remove()
        db.engine.dispose()


def user(username):
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()


@pytest.fixture
def alice(demo, ctx):
    """A demo user who is not staff and owns demo rows."""
    return user("alice")


@pytest.fixture
def bob(demo, ctx):
    """Another demo user who is not staff."""
    return user("bob")


@pytest.fixture
def admin(demo, ctx):
    """The demo staff user."""
    return user("admin")


@pytest.fixture
def as_user(app):
    """Return a client sending a user's token in the Authorization header."""

    def authenticate(someone):
        token = db.session.execute(db.select(Token).filter_by(user=someone)).scalar()
        if token is None:
            token = Token(key=Token.generate_key(), user=someone)
            db.session.add(token)
            db.session.commit()
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        return client

    return authenticate


def csrf_token(client, path="/accounts/login/"):
    """The CSRF token of the form on ``path``, for the client's session."""
    return CSRF_INPUT.search(client.get(path).text).group(1)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="alice", password=DEMO_PASSWORD, next_url=None):
        path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
        return self._client.post(
            path,
            data={
                "username": username,
                "password": password,
                "csrf_token": csrf_token(self._client),
            },
        )

    def logout(self):
        token = csrf_token(self._client, "/")
        return self._client.post("/accounts/logout/", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    """Log the test client in and out through the forms, CSRF token included."""
    return AuthActions(client)
