"""The application package: create_app() builds the app, as in the Flask tutorial."""

import logging.config
import os
from urllib.parse import urlsplit

from flask import Flask
from flask import Response
from flask import redirect
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import RequestRedirect
from whitenoise import WhiteNoise

from . import config
from .extensions import csrf
from .extensions import db
from .extensions import login_manager
from .extensions import mail
from .extensions import migrate
from .log import JSON_LOGGING

FORWARDED_SCHEMES = {"http", "https"}


def forwarded_schemes_checked(wsgi_app):
    """Drop an X-Forwarded-Proto naming any scheme but http and https.

    ProxyFix copies the header into every URL the app builds; a
    ``javascript`` there would turn a pagination link into a script.
    """

    def app(environ, start_response):
        proto = environ.get("HTTP_X_FORWARDED_PROTO", "")
        schemes = {part.strip().lower() for part in proto.split(",")}
        if proto and schemes - FORWARDED_SCHEMES:
            del environ["HTTP_X_FORWARDED_PROTO"]
        return wsgi_app(environ, start_response)

    return app


def create_app(test_config=None):
    """Create and configure an instance of the Flask application."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.OPENAPI)
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config is not None:
        # the tests pass their own database and settings
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        raise RuntimeError(
            "SECRET_KEY is not set. Export SECRET_KEY=<a long random string>,"
            " or DEBUG=1 to run with an insecure development key."
        )

    if app.config["LOG_FORMAT"] == "json":
        # one JSON object per line on stdout, gunicorn's request lines included
        logging.config.dictConfig(JSON_LOGGING)

    # the SQLite database lives in the instance folder
    os.makedirs(app.instance_path, exist_ok=True)
    # static files with cache headers and compression, served by the app under gunicorn too
    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=app.static_folder, prefix=app.static_url_path
    )
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies:
        # behind proxies that terminate HTTPS and say so in X-Forwarded-Proto
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
        app.wsgi_app = forwarded_schemes_checked(app.wsgi_app)

    # answer JSON with the fields in the order of the spec
    app.json.sort_keys = False

    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    mail.init_app(app)
    csrf.init_app(app)

    from . import admin
    from . import api
    from . import auth
    from . import commands
    from . import passwords
    from . import views

    admin.init_app(app)
    commands.init_app(app)
    api.init_app(app)

    if app.config["SECURE_SSL_REDIRECT"]:

        @app.before_request
        def redirect_to_https():
            # as Django's SECURE_SSL_REDIRECT; the container's health check asks over plain HTTP
            if not request.is_secure and request.endpoint != "views.healthz":
                return redirect(request.url.replace("http://", "https://", 1), code=301)

    @app.before_request
    def append_slash():
        # Django's APPEND_SLASH: a 301 to the path with its slash, not werkzeug's 308 page
        if isinstance(request.routing_exception, RequestRedirect):
            url = urlsplit(request.routing_exception.new_url)
            location = url._replace(scheme="", netloc="").geturl()
            return Response(status=301, headers={"Location": location})

    @app.after_request
    def security_headers(response):
        # what Django's SecurityMiddleware and XFrameOptionsMiddleware send by default
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # only an HTTPS answer may ask the browser to keep to HTTPS
        if app.config["HSTS_SECONDS"] and request.is_secure:
            hsts = f"max-age={app.config['HSTS_SECONDS']}"
            if app.config["HSTS_INCLUDE_SUBDOMAINS"]:
                hsts += "; includeSubDomains"
            if app.config["HSTS_PRELOAD"]:
                hsts += "; preload"
            response.headers["Strict-Transport-Security"] = hsts
        return response

    app.register_blueprint(auth.bp)
    app.register_blueprint(passwords.bp)
    app.register_blueprint(views.bp)
    return app
