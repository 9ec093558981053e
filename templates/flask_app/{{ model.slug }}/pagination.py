"""DRF's PageNumberPagination on Flask-SQLAlchemy's ``db.paginate``: one envelope for every list."""

from flask import abort
from flask import request
from flask import url_for
from marshmallow import fields

from .extensions import db
from .openapi import component_name
from .schemas import Body


class Paginated(Body):
    """DRF's page envelope: the count, links to the pages around, and the results."""

    count = fields.Integer(required=True)
    next = fields.Url(allow_none=True)
    previous = fields.Url(allow_none=True)


def page_of(schema):
    """A page of ``schema`` objects, named as drf-spectacular names it."""
    results = {"results": fields.List(fields.Nested(schema), required=True)}
    return Paginated.from_dict(results, name=f"Paginated{component_name(schema)}List")


def paginate(select, number, per_page):
    """Page ``number`` (or DRF's ``last``) of the rows of ``select``, in DRF's envelope."""
    if number == "last":
        number = db.paginate(select, page=1, per_page=per_page).pages or 1
    rows = db.paginate(select, page=number, per_page=per_page, error_out=False)
    if number > 1 and not rows.items:
        abort(404, "Invalid page.")
    return {
        "count": rows.total,
        "next": page_url(rows.next_num),
        "previous": page_url(rows.prev_num),
        "results": rows.items,
    }


def page_url(number):
    """This URL on page ``number``, its other arguments kept (DRF's absolute links)."""
    if number is None:
        return None
    args = request.args.to_dict(flat=False) | {"page": [number] if number > 1 else []}
    return url_for(request.endpoint, _external=True, **dict(sorted(args.items())))
