"""The JSON API on flask-smorest: list and item views per model (the twin of DRF's viewsets).

flask-smorest reads each request through a marshmallow schema, answers through
another, and writes the OpenAPI document from both. What DRF does and
flask-smorest does not (permissions, search, ordering, DRF's page envelope
and error bodies) is written here, once for every model.
"""

import json
import re

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint as FlaskBlueprint
from flask import abort
from flask import jsonify
from flask import request
from flask import url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import ValidationError
from marshmallow import fields
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import selectinload
from swagger_ui_bundle import swagger_ui_path
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from . import schemas
from .auth import authenticate
from .extensions import csrf
from .extensions import db
from .extensions import rest_api
from .models import Author
from .models import Book
from .models import Tag
from .models import Token
from .models import protected_by
from .permissions import IsAuthenticated
from .permissions import IsAuthenticatedOrReadOnly
from .permissions import IsOwnerOrStaffOrReadOnly
from .permissions import check_authentication
from .permissions import check_permissions

TOKEN = {"tokenAuth": []}
SESSION = {"cookieAuth": []}
AUTHENTICATED = [TOKEN, SESSION]
ANYONE = [{}, TOKEN, SESSION]
# every method reaches the views, which answer 401 or 403 before 405, as DRF does
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# Django's smart_split: words, or phrases in quotes
WORDS = re.compile(
    r"""(?:[^\s'"]*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+|\S+"""
)


class Parser(FlaskParser):
    """webargs as DRF reads a request: a failed check is a 400, a repeated key its last value."""

    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        return {key: values[-1] for key, values in req.args.lists()}

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("Nested too deeply.", "[", 0) from None


bp = Blueprint("api", __name__, url_prefix="/api")
bp.ARGUMENTS_PARSER = Parser()


def negotiate():
    """DRF's content negotiation, first of all: the API speaks JSON, or answers 406."""
    if request.accept_mimetypes and not request.accept_mimetypes.accept_json:
        abort(406, "Could not satisfy the request Accept header.")


bp.before_request(negotiate)
bp.before_request(check_authentication)
# API clients send a token, not a cookie; session writes are checked above instead
csrf.exempt(bp)
# Swagger UI's own files, from the swagger-ui-bundle package: nothing from a CDN
swagger_ui = FlaskBlueprint(
    "swagger_ui",
    __name__,
    static_folder=swagger_ui_path,
    static_url_path="/api/docs/ui",
)


@swagger_ui.route("/favicon.ico")
def favicon():
    """The icon browsers ask for beside the docs page (the page links none)."""
    return swagger_ui.send_static_file("favicon-32x32.png")


def dispatch(view, name, find=None):
    """What DRF's APIView does once permitted: OPTIONS, 405, the object, 415, the method."""
    if request.method == "OPTIONS":
        media = ["application/json"]
        return {"name": name, "description": "", "renders": media, "parses": media}
    allowed = {"OPTIONS", *view.methods}
    if "GET" in allowed:
        allowed.add("HEAD")
    if request.method not in allowed:
        abort(405, valid_methods=sorted(allowed))
    kwargs = {} if find is None else {"row": find()}
    if request.method in ("POST", "PUT", "PATCH") and request.get_data():
        if request.mimetype != "application/json":
            abort(415, f'Unsupported media type "{request.mimetype}" in request.')
    response = MethodView.dispatch_request(view, **kwargs)
    if response.status_code == 204:
        # no body, so no Content-Type either, as in DRF
        del response.headers["Content-Type"]
    return response


def search_terms(text):
    """DRF's SearchFilter terms: words split at spaces and commas, a quoted phrase kept whole."""
    terms = []
    for word in WORDS.findall(text):
        word = word.strip(",")
        if word[:1] in ("'", '"') and word[0] == word[-1]:
            phrase = word[1:-1].replace("\\" + word[0], word[0])
            terms.append(phrase.replace("\\\\", "\\"))
        else:
            terms.extend(term.strip() for term in word.split(",") if term)
    return terms


def page_url(number):
    """This URL on page ``number``, its other arguments kept (DRF's absolute links)."""
    if number is None:
        return None
    args = request.args.to_dict(flat=False) | {"page": [number] if number > 1 else []}
    return url_for(request.endpoint, _external=True, **dict(sorted(args.items())))


def save(row, data):
    """Set ``data`` on ``row`` and store it; a value another row holds is a 400, as in DRF."""
    model, row_id = type(row), row.id
    if taken := values_taken(model, row_id, data):
        raise ValidationError(taken)
    for name, value in data.items():
        setattr(row, name, value)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # a concurrent request stored one of the values after the check above
        if taken := values_taken(model, row_id, data):
            raise ValidationError(taken) from None
        raise
    return row


def values_taken(model, row_id, data):
    """DRF's unique errors for the values of ``data`` that another row already holds."""
    errors = {}
    for name, value in data.items():
        column = model.__table__.columns.get(name)
        if column is not None and column.unique:
            taken = db.select(model.id).where(column == value, model.id != row_id)
            if db.session.scalar(taken.limit(1)) is not None:
                label = model.__name__.lower()
                errors[name] = [f"{label} with this {name} already exists."]
    return errors


def order_by(text, sortable):
    """``?ordering=a,-b`` as SQL over ``sortable``; unknown names are ignored, as in DRF."""
    terms = [term.strip() for term in text.split(",")]
    return [
        column.desc() if term.startswith("-") else column
        for term in terms
        if (column := sortable.get(term.removeprefix("-"))) is not None
    ]


def register(
    plural,
    schema,
    args,
    *,
    permissions,
    read,
    ordering,
    search=(),
    page_size=20,
    owned=False,
):
    """The list and item views of one model, as a DRF router adds a viewset's URLs."""
    model = schema.Meta.model
    name = model.__tablename__
    keys = list(schema().fields)
    relations = model.__mapper__.relationships
    # eager loads: a page takes as many queries for one row as for a hundred
    loads = [
        (selectinload if relations[key].uselist else joinedload)(relations[key])
        for key in keys
        if key in relations
    ]
    # DRF's OrderingFilter over the object's own fields (the owner's name is not one)
    columns = model.__table__.columns
    sortable = {key: columns.get(key, columns.get(f"{key}_id")) for key in keys}
    sortable.pop("owner", None)
    # the document marks a body required when some field of it is
    required = any(field.required for field in schema.request().fields.values())
    tags = [model.__name__]

    @bp.route(f"/{plural}/", endpoint=f"{name}_list", tags=tags, methods=METHODS)
    class ListView(MethodView):
        per_page = page_size

        def dispatch_request(self):
            check_permissions(permissions)
            return dispatch(self, f"{model.__name__} List")

        @bp.doc(security=read)
        @bp.arguments(args, location="query")
        @bp.response(200, schemas.page_of(schema))
        def get(self, query):
            number, text = query.pop("page"), query.pop("ordering")
            terms = search_terms(query.pop("search", ""))
            select = db.select(model).options(*loads).filter_by(**query)
            # DRF's SearchFilter: every term must match one of the search fields
            for term in terms:
                found = [column.icontains(term, autoescape=True) for column in search]
                select = select.where(db.or_(*found))
            select = select.order_by(*order_by(text, sortable) or ordering)
            if number == "last":
                number = db.paginate(select, page=1, per_page=self.per_page).pages or 1
            rows = db.paginate(select, page=number, per_page=self.per_page)
            return {
                "count": rows.total,
                "next": page_url(rows.next_num),
                "previous": page_url(rows.prev_num),
                "results": rows.items,
            }

        @bp.doc(security=AUTHENTICATED)
        @bp.arguments(schema.request(), required=required)
        @bp.response(201, schema)
        def post(self, data):
            return save(model(), data | ({"owner": current_user} if owned else {}))

    @bp.route(
        f"/{plural}/<int(signed=True):id>/",
        endpoint=f"{name}_detail",
        tags=tags,
        methods=METHODS,
    )
    class ItemView(MethodView):
        def dispatch_request(self, id):
            check_permissions(permissions)
            return dispatch(self, f"{model.__name__} Instance", lambda: self.find(id))

        def find(self, id):
            """The row, as DRF's get_object finds it: a 404, or a refusal, or the row."""
            row = None
            if schemas.INTEGER.min <= id <= schemas.INTEGER.max:
                row = db.session.get(model, id, options=loads)
            if row is None:
                abort(404, "No such object.")
            check_permissions(permissions, row)
            return row

        @bp.doc(security=read)
        @bp.response(200, schema)
        def get(self, row):
            return row

        @bp.doc(security=AUTHENTICATED)
        @bp.arguments(schema.request(), required=required)
        @bp.response(200, schema)
        def put(self, data, row):
            return save(row, data)

        @bp.doc(security=AUTHENTICATED)
        @bp.arguments(schema.request(partial=True), required=False)
        @bp.response(200, schema)
        def patch(self, data, row):
            return save(row, data)

        @bp.doc(security=AUTHENTICATED)
        @bp.response(204)
        def delete(self, row):
            # on_delete: protect, answered as a conflict rather than a database error
            if protected_by(row):
                abort(409, "Other rows still refer to this one: it cannot be deleted.")
            db.session.delete(row)
            db.session.commit()


register(
    "authors",
    schemas.AuthorSchema,
    schemas.SearchArgs,
    permissions=[IsAuthenticatedOrReadOnly()],
    read=ANYONE,
    search=[Author.name],
    ordering=[Author.id],
)

register(
    "tags",
    schemas.TagSchema,
    schemas.SearchArgs,
    permissions=[IsAuthenticatedOrReadOnly()],
    read=ANYONE,
    search=[Tag.name],
    ordering=[Tag.id],
)

register(
    "books",
    schemas.BookSchema,
    schemas.BookArgs,
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


@bp.errorhandler(ValidationError)
def validation_failed(error):
    """DRF's 400: messages per field, and problems of the whole body as non_field_errors."""
    messages = dict(error.messages)
    if "_schema" in messages:
        messages["non_field_errors"] = messages.pop("_schema")
    return messages, 400


def json_error(error):
    """Errors under /api/ as DRF writes them, ``{"detail": ...}``; elsewhere Flask's pages."""
    if not request.path.startswith("/api/"):
        return error
    # webargs' reasons by location: {"json": {"title": [...]}}, {"json": ["Invalid..."]}
    messages = getattr(error, "data", {}).get("messages", {"": error.description})
    [(location, reasons)] = messages.items()
    if isinstance(reasons, dict) and set(reasons) != {"page"}:
        if location == "query":
            # DRF filters before it paginates: a bad filter is answered, a bad page not yet
            reasons.pop("page", None)
        return validation_failed(ValidationError(reasons))
    if isinstance(reasons, dict):
        # ?page=abc or ?page=0: no such page, as DRF answers it
        error.code, reasons = 404, "Invalid page."
    response = jsonify(detail=reasons[0] if isinstance(reasons, list) else reasons)
    response.status_code = error.code
    # a 405 names the methods the URL does allow
    allow = dict(error.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    if error.code == 401:
        response.headers["WWW-Authenticate"] = "Token"
    return response


def init_app(app):
    """The API, its OpenAPI document at /api/openapi.json and Swagger UI at /api/docs/."""
    names = MarshmallowPlugin(schema_name_resolver=schemas.component_name)
    rest_api.init_app(app, spec_kwargs={"marshmallow_plugin": names})
    rest_api.register_field(fields.Url, "string", "uri")
    rest_api.register_field(schemas.RelatedRow, "integer", None)
    # decimals travel as strings (as_string=True), as DRF sends them
    rest_api.register_field(fields.Decimal, "string", None)
    schemes = rest_api.spec.components.security_scheme
    schemes("tokenAuth", {"type": "apiKey", "in": "header", "name": "Authorization"})
    cookie = app.config["SESSION_COOKIE_NAME"]
    schemes("cookieAuth", {"type": "apiKey", "in": "cookie", "name": cookie})
    rest_api.register_blueprint(bp)
    app.register_blueprint(swagger_ui)
    # after flask-smorest's own handler: unknown URLs under /api/ are JSON too
    app.register_error_handler(HTTPException, json_error)
