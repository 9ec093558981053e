"""The OpenAPI document flask-smorest writes from the API's code, and Swagger UI to read it.

flask-smorest serves the document at /api/openapi.json; the names, formats and
security schemes set here make it the twin of drf-spectacular's.
"""

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint
from marshmallow import Schema
from marshmallow import fields
from swagger_ui_bundle import swagger_ui_path

from .extensions import rest_api

TOKEN = {"tokenAuth": []}
SESSION = {"cookieAuth": []}
AUTHENTICATED = [TOKEN, SESSION]
ANYONE = [{}, TOKEN, SESSION]

# Swagger UI's own files, from the swagger-ui-bundle package: nothing from a CDN
swagger_ui = Blueprint(
    "swagger_ui",
    __name__,
    static_folder=swagger_ui_path,
    static_url_path="/api/docs/ui",
)


@swagger_ui.route("/favicon.ico")
def favicon():
    """The icon browsers ask for beside the docs page (the page links none)."""
    return swagger_ui.send_static_file("favicon-32x32.png")


def component_name(schema):
    """Post, PostRequest, PatchedPostRequest: drf-spectacular's names, one per shape."""
    name = type(schema).__name__ if isinstance(schema, Schema) else schema.__name__
    name = name.removesuffix("Schema")
    if not isinstance(schema, Schema) or not schema.exclude:
        return name
    return f"Patched{name}Request" if schema.partial else f"{name}Request"


def init_app(app):
    """flask-smorest's Api with drf-spectacular's names, formats and security schemes."""
    names = MarshmallowPlugin(schema_name_resolver=component_name)
    rest_api.init_app(app, spec_kwargs={"marshmallow_plugin": names})
    rest_api.register_field(fields.Url, "string", "uri")
    schemes = rest_api.spec.components.security_scheme
    schemes("tokenAuth", {"type": "apiKey", "in": "header", "name": "Authorization"})
    cookie = app.config["SESSION_COOKIE_NAME"]
    schemes("cookieAuth", {"type": "apiKey", "in": "cookie", "name": cookie})
    app.register_blueprint(swagger_ui)
