"""Settings from environment variables: the twin of the Django project's settings.py."""

import os

TRUE_WORDS = {"1", "true", "yes", "on"}
# Only for development (DEBUG on): never serve real users with this key
INSECURE_DEV_KEY = "dev-insecure-key-set-SECRET_KEY-in-production"


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in TRUE_WORDS


def env_list(name: str, default: str) -> list[str]:
    items = os.environ.get(name, default).split(",")
    return [item.strip() for item in items if item.strip()]


def database_url(instance_path: str) -> str:
    """DATABASE_URL, or an SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "db.sqlite3")
    # the same URL as the Django app: SQLAlchemy also wants the driver, psycopg 3
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


def from_environment(instance_path: str) -> dict:
    """Every setting that differs between development and production, in one place."""
    debug = env_flag("DEBUG")
    # Secure cookies need HTTPS; SECURE_COOKIES=0 allows plain HTTP with DEBUG off
    secure_cookies = env_flag("SECURE_COOKIES", default=not debug)
    hosts = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
    return {
        "DEBUG": debug,
        "SECRET_KEY": os.environ.get("SECRET_KEY", INSECURE_DEV_KEY if debug else None),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "TRUSTED_HOSTS": None if "*" in hosts else hosts,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # tell browsers to keep to HTTPS for a year (not while developing)
        "HSTS_SECONDS": 0 if debug else 60 * 60 * 24 * 365,
        # werkzeug's slow salted hash; the tests choose a fast one
        "PASSWORD_HASH_METHOD": "scrypt",
    }
