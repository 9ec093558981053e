"""Settings from environment variables: the twin of the Django project's settings.py."""

import os

TRUE_WORDS = {"1", "true", "yes", "on"}
# Only for development (DEBUG on): never serve real users with this key
INSECURE_DEV_KEY = "dev-insecure-key-set-SECRET_KEY-in-production"

# flask-smorest: the OpenAPI document at /api/openapi.json, Swagger UI at /api/docs/
OPENAPI = {
    "API_TITLE": "Bookshelf",
    "API_VERSION": "1.0.0",
    "OPENAPI_VERSION": "3.0.3",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "A tiny catalogue of books.",
        },
    },
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs/",
    "OPENAPI_SWAGGER_UI_URL": "/api/docs/ui/",
}


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


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
        # the Django app's name for it: one API, whichever app answers
        "SESSION_COOKIE_NAME": "sessionid",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # HTTPS enforced by the app itself, for when no proxy in front redirects and sends HSTS
        "SECURE_SSL_REDIRECT": env_flag("SECURE_SSL_REDIRECT"),
        "HSTS_SECONDS": env_int(
            "SECURE_HSTS_SECONDS", 0 if debug else 60 * 60 * 24 * 365
        ),
        "HSTS_INCLUDE_SUBDOMAINS": env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS"),
        "HSTS_PRELOAD": env_flag("SECURE_HSTS_PRELOAD"),
        # werkzeug's slow salted hash; the tests choose a fast one
        "PASSWORD_HASH_METHOD": "scrypt",
        # django-axes' rule: 5 failed logins of a username from an address lock
        # that pair out for 15 minutes
        "LOGIN_FAILURE_LIMIT": 5,
        "LOGIN_COOLOFF_MINUTES": 15,
        # Django's DATA_UPLOAD_MAX_MEMORY_SIZE: a bigger body is a 413, never read
        "MAX_CONTENT_LENGTH": 2_621_440,
        # how many proxies in front set X-Forwarded-For/-Proto; 0: trust no such header
        "TRUSTED_PROXY_COUNT": env_int("TRUSTED_PROXY_COUNT", 0),
        # Flask-Mailman: mail goes to an SMTP server once EMAIL_HOST names one,
        # else it is printed on stdout (Django's names for the variables)
        "MAIL_BACKEND": "smtp" if os.environ.get("EMAIL_HOST") else "console",
        "MAIL_SERVER": os.environ.get("EMAIL_HOST", ""),
        "MAIL_PORT": env_int("EMAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("EMAIL_HOST_USER", ""),
        "MAIL_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "MAIL_USE_TLS": env_flag("EMAIL_USE_TLS"),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "DEFAULT_FROM_EMAIL", "webmaster@localhost"
        ),
        # Django's PASSWORD_RESET_TIMEOUT: a reset link works for three days
        "PASSWORD_RESET_TIMEOUT": 60 * 60 * 24 * 3,
        # "json": one JSON object per log line, for log collectors
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text"),
    }
