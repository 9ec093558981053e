"""The JSON API: the ``api`` blueprint of flask-smorest, one list and item resource per model.

resources.py builds each model's views; this module says which models, who may
read and write them, and adds the token and ``/me/`` endpoints.
"""

from flask import abort
from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from . import filters
from . import openapi
from . import schemas
from .auth import authenticate
from .errors import json_error
from .errors import validation_failed
from .extensions import csrf
from .extensions import db
from .extensions import rest_api
from .models import Author
from .models import Book
from .models import Tag
from .models import Token
from .openapi import ANYONE
from .openapi import AUTHENTICATED
from .parsers import Parser
from .permissions import IsAuthenticated
from .permissions import IsAuthenticatedOrReadOnly
from .permissions import IsOwnerOrStaffOrReadOnly
from .permissions import check_authentication
from .permissions import check_permissions
from .resources import METHODS
from .resources import Lookup
from .resources import dispatch
from .resources import register

bp = Blueprint("api", __name__, url_prefix="/api")
bp.ARGUMENTS_PARSER = Parser()
bp.errorhandler(ValidationError)(validation_failed)
# API clients send a token, not a cookie; session writes are checked in check_authentication
csrf.exempt(bp)


@bp.before_request
def negotiate():
    """DRF's content negotiation, first of all: the API speaks JSON, or answers 406."""
    if request.accept_mimetypes and not request.accept_mimetypes.accept_json:
        abort(406, "Could not satisfy the request Accept header.")


bp.before_request(check_authentication)


register(
    bp,
    "authors",
    schemas.AuthorSchema,
    filters.SearchArgs,
    permissions=[IsAuthenticatedOrReadOnly()],
    read=ANYONE,
    search=[Author.name],
    ordering=[Author.id],
)

register(
    bp,
    "tags",
    schemas.TagSchema,
    filters.SearchArgs,
    permissions=[IsAuthenticatedOrReadOnly()],
    read=ANYONE,
    search=[Tag.name],
    ordering=[Tag.id],
)

register(
    bp,
    "books",
    schemas.BookSchema,
    filters.BookArgs,
    permissions=[IsAuthenticatedOrReadOnly(), IsOwnerOrStaffOrReadOnly()],
    read=ANYONE,
    search=[Book.title, Book.isbn],
    ordering=[Book.published.desc(), Book.title, Book.id],
    owned=True,
)


@bp.route("/token/", methods=METHODS)
class TokenView(MethodView):
    def dispatch_request(self):
        return dispatch(self, "Token")

    @bp.doc(security=[])
    @bp.arguments(schemas.TokenRequestSchema)
    @bp.response(200, schemas.TokenSchema)
    def post(self, credentials):
        """A user's API token for their username and password (DRF's obtain_auth_token).

        Failures count towards the same lock-out as the HTML login's: a 429 then.
        """
        user = authenticate(credentials["username"], credentials["password"])
        if user is None:
            problem = "Unable to log in with provided credentials."
            raise ValidationError({"non_field_errors": [problem]})
        token = db.session.execute(db.select(Token).filter_by(user=user)).scalar()
        if token is None:
            token = Token(key=Token.generate_key(), user=user)
            db.session.add(token)
            db.session.commit()
        return token


@bp.route("/me/", methods=METHODS)
class MeView(MethodView):
    def dispatch_request(self):
        check_permissions([IsAuthenticated()])
        return dispatch(self, "Me")

    @bp.doc(security=AUTHENTICATED)
    @bp.response(200, schemas.UserSchema)
    def get(self):
        """The user making the request."""
        return current_user


def init_app(app):
    """The API, its OpenAPI document at /api/openapi.json and Swagger UI at /api/docs/."""
    openapi.init_app(app)
    app.url_map.converters["lookup"] = Lookup
    rest_api.register_converter(Lookup, Lookup.document)
    rest_api.register_blueprint(bp)
    # after flask-smorest's own handler: unknown URLs under /api/ are JSON too
    app.register_error_handler(HTTPException, json_error)
