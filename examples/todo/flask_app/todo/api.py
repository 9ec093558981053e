"""The JSON API on flask-smorest: list and item views per model (the twin of DRF's viewsets).

flask-smorest reads each request through a marshmallow schema, answers through
another, and writes the OpenAPI document from both. What DRF does and
flask-smorest does not (permissions, search, ordering, DRF's page envelope
and error bodies) is written here, once for every model.
"""

from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint as FlaskBlueprint
from flask import abort
from flask import g
from flask import jsonify
from flask import request
from flask import url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from marshmallow import fields
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import selectinload
from swagger_ui_bundle import swagger_ui_path
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from . import schemas
from .auth import token_key
from .extensions import csrf
from .extensions import db
from .extensions import rest_api
from .models import Task
from .models import Token
from .models import User
from .models import protected_by
from .permissions import SAFE_METHODS
from .permissions import IsAuthenticatedOrReadOnly
from .permissions import IsOwnerOrStaffOrReadOnly

TOKEN = {"tokenAuth": []}
SESSION = {"cookieAuth": []}
AUTHENTICATED = [TOKEN, SESSION]
ANYONE = [{}, TOKEN, SESSION]


class Parser(FlaskParser):
    # DRF answers a body or a query that fails validation with a 400, not a 422
    DEFAULT_VALIDATION_STATUS = 400


bp = Blueprint("api", __name__, url_prefix="/api")
bp.ARGUMENTS_PARSER = Parser()
# API clients send a token, not a cookie; session writes are checked below instead
csrf.exempt(bp)
# Swagger UI's own files, from the swagger-ui-bundle package: nothing from a CDN
swagger_ui = FlaskBlueprint(
    "swagger_ui",
    __name__,
    static_folder=swagger_ui_path,
    static_url_path="/api/docs/ui",
)


@bp.before_request
def authenticate():
    """DRF's rules: a bad token is a 401, and a browser session needs CSRF to write."""
    if token_key() is not None and not current_user.is_authenticated:
        abort(401, "Invalid token.")
    session_user = current_user.is_authenticated and not g.get("token_authenticated")
    if session_user and request.method not in SAFE_METHODS:
        try:
            csrf.protect()
        except CSRFError as error:
            abort(403, f"CSRF Failed: {error.description}")


def permit(permissions, row=None):
    """Ask every permission; refuse with 401 or 403 as DRF does, before reading a body."""
    for permission in permissions:
        if row is None:
            allowed = permission.has_permission(request)
        else:
            allowed = permission.has_object_permission(request, row)
        if not allowed:
            if not current_user.is_authenticated:
                abort(401, "Authentication credentials were not provided.")
            abort(403, "You do not have permission to perform this action.")


def require_json():
    """A body that is not JSON is a 415, once the client may send one (as in DRF)."""
    sends = request.method in ("POST", "PUT", "PATCH") and request.get_data()
    if sends and not request.is_json:
        abort(415, f'Unsupported media type "{request.mimetype}" in request.')


def page_url(number):
    """This URL on page ``number``, its other arguments kept (DRF's absolute links)."""
    if number is None:
        return None
    args = request.args.to_dict(flat=False) | {"page": [number] if number > 1 else []}
    return url_for(request.endpoint, _external=True, **dict(sorted(args.items())))


def save(row, data):
    """Set ``data`` on ``row`` and store it; a value another row holds is a 400, as in DRF."""
    model = type(row)
    errors = {}
    for name, value in data.items():
        column = model.__table__.columns.get(name)
        if column is not None and column.unique:
            taken = db.select(model.id).where(column == value, model.id != row.id)
            if db.session.execute(taken.limit(1)).first() is not None:
                label = model.__name__.lower()
                errors[name] = [f"{label} with this {name} already exists."]
    if errors:
        raise ValidationError(errors)
    for name, value in data.items():
        setattr(row, name, value)
    db.session.add(row)
    db.session.commit()
    return row


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

    @bp.route(f"/{plural}/", endpoint=f"{name}_list", tags=tags)
    class ListView(MethodView):
        per_page = page_size

        def dispatch_request(self):
            permit(permissions)
            require_json()
            return super().dispatch_request()

        @bp.doc(security=read)
        @bp.arguments(args, location="query")
        @bp.response(200, schemas.page_of(schema))
        def get(self, query):
            number, text = query.pop("page"), query.pop("ordering")
            terms = query.pop("search", "").replace("\x00", "").replace(",", " ")
            select = db.select(model).options(*loads).filter_by(**query)
            # DRF's SearchFilter: every term must match one of the search fields
            for term in terms.split():
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

    @bp.route(f"/{plural}/<int:id>/", endpoint=f"{name}_detail", tags=tags)
    class ItemView(MethodView):
        def dispatch_request(self, id):
            # DRF's order: who asks, which row, may they change it; only then the body
            permit(permissions)
            row = None
            if id <= schemas.INTEGER.max:
                row = db.session.get(model, id, options=loads)
            if row is None:
                abort(404, "No such object.")
            permit(permissions, row)
            require_json()
            return super().dispatch_request(row=row)

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
    "tasks",
    schemas.TaskSchema,
    schemas.TaskArgs,
    permissions=[IsAuthenticatedOrReadOnly(), IsOwnerOrStaffOrReadOnly()],
    read=ANYONE,
    search=[Task.title],
    ordering=[Task.done, Task.due, Task.id],
    owned=True,
)


@bp.post("/token/")
@bp.doc(security=[])
@bp.arguments(schemas.TokenRequestSchema)
@bp.response(200, schemas.TokenSchema)
def token(credentials):
    """A user's API token for their username and password (DRF's obtain_auth_token)."""
    query = db.select(User).filter_by(username=credentials["username"])
    user = db.session.execute(query).scalar_one_or_none()
    known = user is not None and user.is_active
    if not known or not user.check_password(credentials["password"]):
        problem = "Unable to log in with provided credentials."
        raise ValidationError({"non_field_errors": [problem]})
    token = db.session.execute(db.select(Token).filter_by(user=user)).scalar()
    if token is None:
        token = Token(key=Token.generate_key(), user=user)
        db.session.add(token)
        db.session.commit()
    return token


@bp.get("/me/")
@bp.doc(security=AUTHENTICATED)
@bp.response(200, schemas.UserSchema)
def me():
    """The user making the request."""
    if not current_user.is_authenticated:
        abort(401, "Authentication credentials were not provided.")
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
    [reasons] = messages.values()
    if isinstance(reasons, dict) and set(reasons) != {"page"}:
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
    schemes = rest_api.spec.components.security_scheme
    schemes("tokenAuth", {"type": "apiKey", "in": "header", "name": "Authorization"})
    cookie = app.config["SESSION_COOKIE_NAME"]
    schemes("cookieAuth", {"type": "apiKey", "in": "cookie", "name": cookie})
    rest_api.register_blueprint(bp)
    app.register_blueprint(swagger_ui)
    # after flask-smorest's own handler: unknown URLs under /api/ are JSON too
    app.register_error_handler(HTTPException, json_error)
