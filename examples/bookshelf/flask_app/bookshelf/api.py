"""The JSON API: list and item views per model (the twin of DRF's viewsets), token and me.

Each model has a Resource: its schema, permissions, search, filters and
ordering, as a DRF ViewSet declares them. ListAPI and ItemAPI serve every
resource, registered as Flask's docs show in "Method Dispatching and APIs".
"""

import math
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import g
from flask import jsonify
from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from .auth import token_key
from .extensions import csrf
from .extensions import db
from .models import Author
from .models import Book
from .models import Tag
from .models import Token
from .models import User
from .models import protected_by
from .permissions import SAFE_METHODS
from .permissions import IsAuthenticatedOrReadOnly
from .permissions import IsOwnerOrStaffOrReadOnly
from .schemas import INTEGER_MAX
from .schemas import AuthorSchema
from .schemas import BookSchema
from .schemas import TagSchema
from .schemas import UserSchema

bp = Blueprint("api", __name__, url_prefix="/api")
# API clients send a token, not a cookie; session writes are checked below instead
csrf.exempt(bp)


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


def check_permissions(resource, obj=None):
    """Ask every permission of ``resource``; refuse with 401 or 403 as DRF does."""
    for permission in resource.permissions:
        allowed = (
            permission.has_permission(request)
            if obj is None
            else permission.has_object_permission(request, obj)
        )
        if not allowed:
            if not current_user.is_authenticated:
                abort(401, "Authentication credentials were not provided.")
            abort(403, "You do not have permission to perform this action.")


def json_body():
    """The request's JSON object; 415 for another media type, 400 if it is no object."""
    if not request.get_data():
        return {}
    if not request.is_json:
        abort(415, f'Unsupported media type "{request.mimetype}" in request.')
    data = request.get_json()
    if not isinstance(data, dict):
        problem = f"Invalid data. Expected a dictionary, but got {type(data).__name__}."
        raise ValidationError({"non_field_errors": [problem]})
    return data


class ChoiceFilter:
    """``?field=value`` for a choice field: the value must be one of the choices."""

    def __init__(self, column, choices):
        self.column = column
        self.values = [value for value, _ in choices]

    def clause(self, value):
        if value not in self.values:
            raise ValueError(f"Select a valid choice. {value} is not available.")
        return self.column == value


class BooleanFilter:
    """``?field=true`` or ``?field=false``: anything else is a 400, not ignored."""

    def __init__(self, column):
        self.column = column

    def clause(self, value):
        if value not in ("true", "false"):
            raise ValueError("Select a valid choice: true or false.")
        return self.column == (value == "true")


class RelatedFilter:
    """``?field=<id>`` for a relation: the id must be a row of the target."""

    def __init__(self, attribute, model):
        self.attribute = attribute
        self.model = model

    def clause(self, value):
        pk = int(value) if value.isdecimal() and int(value) <= INTEGER_MAX else None
        if pk is None or db.session.get(self.model, pk) is None:
            raise ValueError("Select a valid choice. That choice is not available.")
        if self.attribute.property.uselist:
            return self.attribute.any(id=pk)
        return self.attribute.has(id=pk)


class ExactFilter:
    """``?field=value``, the value read as the column's own type."""

    def __init__(self, column, convert=str):
        self.column = column
        self.convert = convert

    def clause(self, value):
        try:
            return self.column == self.convert(value)
        except ValueError:
            raise ValueError("Enter a valid value.") from None


class Resource:
    """One model as the API serves it: the attributes of a DRF ViewSet."""

    model = None
    schema = None
    permissions = ()
    # eager loads: a page takes as many queries for one row as for a hundred
    options = ()
    search_fields = ()
    filters = {}
    ordering_fields = {}
    ordering = ()
    page_size = 20
    owned = False

    @classmethod
    def select(cls):
        """The rows a list shows: filtered, searched and ordered by the query string."""
        query = db.select(cls.model)
        errors = {}
        for name, rule in cls.filters.items():
            value = request.args.get(name, "")
            if value:
                try:
                    query = query.where(rule.clause(value))
                except ValueError as error:
                    errors[name] = [str(error)]
        if errors:
            raise ValidationError(errors)
        # DRF's SearchFilter: every term must match one of the search fields
        terms = request.args.get("search", "").replace("\x00", "").replace(",", " ")
        for term in terms.split():
            found = [
                column.icontains(term, autoescape=True) for column in cls.search_fields
            ]
            query = query.where(db.or_(*found))
        return query

    @classmethod
    def order_by(cls):
        """``?ordering=a,-b`` over the ordering fields; unknown names are ignored."""
        clauses = []
        for term in request.args.get("ordering", "").split(","):
            name = term.strip()
            column = cls.ordering_fields.get(name.removeprefix("-"))
            if column is not None:
                clauses.append(column.desc() if name.startswith("-") else column)
        return clauses or cls.ordering


def page_url(number):
    """This request's absolute URL on another page, its other parameters kept (as DRF)."""
    scheme, netloc, path, query, fragment = urlsplit(request.url)
    params = parse_qs(query, keep_blank_values=True)
    params.pop("page", None)
    if number > 1:
        params["page"] = [str(number)]
    query = urlencode(sorted(params.items()), doseq=True)
    return urlunsplit((scheme, netloc, path, query, fragment))


def paginate(query, resource):
    """One page of ``query`` in DRF's envelope; a page that does not exist is a 404."""
    count = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    pages = max(math.ceil(count / resource.page_size), 1)
    asked = request.args.get("page") or "1"
    number = pages if asked == "last" else int(asked) if asked.isdigit() else 0
    if not 1 <= number <= pages:
        abort(404, "Invalid page.")
    rows = db.session.scalars(
        query.options(*resource.options)
        .order_by(*resource.order_by())
        .limit(resource.page_size)
        .offset((number - 1) * resource.page_size)
    )
    return {
        "count": count,
        "next": page_url(number + 1) if number < pages else None,
        "previous": page_url(number - 1) if number > 1 else None,
        "results": resource.schema(many=True).dump(rows.unique()),
    }


class ListAPI(MethodView):
    """``/api/<plural>/``: a page of rows, or a new row."""

    init_every_request = False

    def __init__(self, resource):
        self.resource = resource

    def get(self):
        check_permissions(self.resource)
        return paginate(self.resource.select(), self.resource)

    def post(self):
        check_permissions(self.resource)
        row = self.resource.schema().load(json_body())
        if self.resource.owned:
            row.owner = current_user
        db.session.add(row)
        db.session.commit()
        return self.resource.schema().dump(row), 201


class ItemAPI(MethodView):
    """``/api/<plural>/<id>/``: one row, to read, replace, change or delete."""

    init_every_request = False

    def __init__(self, resource):
        self.resource = resource

    def get_object(self, id):
        check_permissions(self.resource)
        row = None
        if id <= INTEGER_MAX:
            row = db.session.get(self.resource.model, id, options=self.resource.options)
        if row is None:
            abort(404, "No such object.")
        check_permissions(self.resource, row)
        return row

    def get(self, id):
        return self.resource.schema().dump(self.get_object(id))

    def put(self, id):
        return self.update(self.get_object(id), partial=False)

    def patch(self, id):
        return self.update(self.get_object(id), partial=True)

    def update(self, row, partial):
        self.resource.schema().load(json_body(), instance=row, partial=partial)
        db.session.commit()
        return self.resource.schema().dump(row)

    def delete(self, id):
        row = self.get_object(id)
        # on_delete: protect, answered as a conflict rather than a database error
        if protected_by(row):
            abort(409, "Other rows still refer to this one, so it cannot be deleted.")
        db.session.delete(row)
        db.session.commit()
        return "", 204


def register_api(resource, name, plural):
    bp.add_url_rule(f"/{plural}/", view_func=ListAPI.as_view(f"{name}_list", resource))
    item = ItemAPI.as_view(f"{name}_detail", resource)
    bp.add_url_rule(f"/{plural}/<int:id>/", view_func=item)


class AuthorResource(Resource):
    model = Author
    schema = AuthorSchema
    permissions = [IsAuthenticatedOrReadOnly()]
    search_fields = [Author.name]
    ordering_fields = {
        "id": Author.id,
        "name": Author.name,
        "born": Author.born,
    }
    ordering = [Author.id]


register_api(AuthorResource, "author", "authors")


class TagResource(Resource):
    model = Tag
    schema = TagSchema
    permissions = [IsAuthenticatedOrReadOnly()]
    search_fields = [Tag.name]
    ordering_fields = {
        "id": Tag.id,
        "name": Tag.name,
    }
    ordering = [Tag.id]


register_api(TagResource, "tag", "tags")


class BookResource(Resource):
    model = Book
    schema = BookSchema
    permissions = [IsAuthenticatedOrReadOnly(), IsOwnerOrStaffOrReadOnly()]
    options = [joinedload(Book.owner), selectinload(Book.tags)]
    search_fields = [Book.title, Book.isbn]
    filters = {
        "genre": ChoiceFilter(Book.genre, Book.GENRE_CHOICES),
        "in_print": BooleanFilter(Book.in_print),
        "author": RelatedFilter(Book.author, Author),
    }
    ordering_fields = {
        "id": Book.id,
        "title": Book.title,
        "isbn": Book.isbn,
        "summary": Book.summary,
        "published": Book.published,
        "pages": Book.pages,
        "rating": Book.rating,
        "price": Book.price,
        "genre": Book.genre,
        "in_print": Book.in_print,
        "contact": Book.contact,
        "website": Book.website,
        "released_at": Book.released_at,
        "author": Book.author_id,
        "translator": Book.translator_id,
        "created_at": Book.created_at,
        "updated_at": Book.updated_at,
    }
    ordering = [Book.published.desc(), Book.title, Book.id]
    owned = True


register_api(BookResource, "book", "books")


@bp.post("/token/")
def token():
    """A user's API token for their username and password (DRF's obtain_auth_token)."""
    data = json_body()
    missing = [name for name in ("username", "password") if not data.get(name)]
    if missing:
        raise ValidationError({name: ["This field is required."] for name in missing})
    query = db.select(User).filter_by(username=str(data["username"]))
    user = db.session.execute(query).scalar_one_or_none()
    password = str(data["password"])
    if user is None or not user.check_password(password) or not user.is_active:
        problem = "Unable to log in with provided credentials."
        raise ValidationError({"non_field_errors": [problem]})
    token = db.session.execute(db.select(Token).filter_by(user=user)).scalar()
    if token is None:
        token = Token(key=Token.generate_key(), user=user)
        db.session.add(token)
        db.session.commit()
    return {"token": token.key}


@bp.get("/me/")
def me():
    """The user making the request."""
    if not current_user.is_authenticated:
        abort(401, "Authentication credentials were not provided.")
    return UserSchema().dump(current_user)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document of this API, generated from the spec: served as it is."""
    with current_app.open_resource("openapi.json", "rb") as document:
        return current_app.response_class(document.read(), mimetype="application/json")


@bp.errorhandler(ValidationError)
def validation_failed(error):
    return error.messages, 400


def json_error(error):
    """Errors under /api/ as DRF writes them, ``{"detail": ...}``; elsewhere Flask's pages."""
    if not request.path.startswith("/api/"):
        return error
    response = jsonify(detail=error.description)
    response.status_code = error.code
    # a 405 names the methods the URL does allow
    allow = dict(error.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    if error.code == 401:
        response.headers["WWW-Authenticate"] = "Token"
    return response


def init_app(app):
    # unknown URLs under /api/ are JSON too, though no API view matched them
    app.register_error_handler(HTTPException, json_error)
