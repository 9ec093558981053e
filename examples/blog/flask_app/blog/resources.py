"""The list and item resources of every model: what a DRF viewset and router give the Django app.

flask-smorest parses each request through a schema and answers through another;
these views add what DRF's generic views do around that: the permissions, the
page, search and ordering, 405 and 415, and unique values answered as a 400.
"""

import re

from flask import abort
from flask import request
from flask.views import MethodView
from flask_login import current_user
from marshmallow import ValidationError
from marshmallow_sqlalchemy.fields import Related
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import selectinload
from werkzeug.routing import BaseConverter

from .extensions import db
from .fields import INTEGER
from .filters import order_by
from .filters import search_terms
from .metadata import metadata
from .openapi import AUTHENTICATED
from .pagination import page_of
from .pagination import paginate
from .permissions import check_permissions
from .schemas import values_taken

# every method reaches the views, which answer 401 or 403 before 405, as DRF does
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CAMEL_CASE_BOUNDARY = re.compile(r"((?<=[a-z])[A-Z]|[A-Z](?![A-Z]|$))")


class Lookup(BaseConverter):
    """An id in a URL as DRF's router matches it: anything but a slash or a dot.

    The view reads it as a number, after the permissions, as DRF's get_object does:
    ``/api/posts/abc/`` with a bad token is a 401, and a 404 otherwise.
    """

    regex = r"[^/.]+"

    def document(self):
        """The parameter in the OpenAPI document: an integer, as drf-spectacular has it."""
        return {"type": "integer"}


def dispatch(view, name, find=None, *, schema=None, permissions=()):
    """What DRF's APIView does once permitted: OPTIONS, 405, the object, 415, the method."""
    if request.method == "OPTIONS":
        return metadata(view, name, find, schema=schema, permissions=permissions)
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


def save(row, data):
    """Set ``data`` on ``row`` and store it; a value another row holds is a 400, as in DRF."""
    model, row_id = type(row), row.id
    for name, value in data.items():
        setattr(row, name, value)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        # a concurrent request stored one of the values after the schema checked them
        if taken := values_taken(model, row_id, data):
            raise ValidationError(taken) from None
        raise
    return row


def register(
    bp,
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
    """The list and item views of one model on ``bp``, as a DRF router adds a viewset's URLs."""
    model = schema.Meta.model
    name = model.__tablename__
    fields = schema().fields
    keys = list(fields)
    relations = model.__mapper__.relationships
    # eager loads, so a page takes as many queries for one row as for a hundred; a
    # key's Related field reads the row's own column, so the row it points at stays out
    loads = [
        (selectinload if relations[key].uselist else joinedload)(relations[key])
        for key in keys
        if key in relations and not isinstance(fields[key], Related)
    ]
    # DRF's OrderingFilter over the object's own fields (the owner's name is not one)
    columns = model.__table__.columns
    sortable = {key: columns.get(key, columns.get(f"{key}_id")) for key in keys}
    sortable.pop("owner", None)
    # the document marks a body required when some field of it is
    required = any(field.required for field in schema.request().fields.values())
    tags = [model.__name__]
    # DRF names a view by its class, in words: BookCopy is "Book Copy"
    words = CAMEL_CASE_BOUNDARY.sub(r" \1", model.__name__).strip()
    label = " ".join(words.split("_")).title()

    @bp.route(f"/{plural}/", endpoint=f"{name}_list", tags=tags, methods=METHODS)
    class ListView(MethodView):
        per_page = page_size

        def dispatch_request(self):
            check_permissions(permissions)
            name = f"{label} List"
            return dispatch(self, name, schema=schema, permissions=permissions)

        @bp.doc(security=read)
        @bp.arguments(args, location="query")
        @bp.response(200, page_of(schema))
        def get(self, query):
            number, text = query.pop("page"), query.pop("ordering")
            terms = search_terms(query.pop("search", ""))
            select = db.select(model).options(*loads).filter_by(**query)
            # DRF's SearchFilter: every term must match one of the search fields
            for term in terms:
                found = [column.icontains(term, autoescape=True) for column in search]
                select = select.where(db.or_(*found))
            # the default ordering after the client's: equal values keep one order, as in the Django app
            select = select.order_by(*order_by(text, sortable), *ordering)
            return paginate(select, number, self.per_page)

        @bp.doc(security=AUTHENTICATED)
        @bp.arguments(schema.request(), required=required)
        @bp.response(201, schema)
        def post(self, data):
            return save(model(), data | ({"owner": current_user} if owned else {}))

    @bp.route(
        f"/{plural}/<lookup:id>/", endpoint=f"{name}_detail", tags=tags, methods=METHODS
    )
    class ItemView(MethodView):
        def dispatch_request(self, id):
            check_permissions(permissions)
            name, find = f"{label} Instance", lambda: self.find(id)
            return dispatch(self, name, find, schema=schema, permissions=permissions)

        def find(self, id):
            """The row, as DRF's get_object finds it: a 404, or a refusal, or the row."""
            try:
                pk = int(id)
            except ValueError:
                pk = None
            row = None
            if pk is not None and INTEGER.min <= pk <= INTEGER.max:
                row = db.session.get(model, pk, options=loads)
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
            db.session.delete(row)
            db.session.commit()
