"""What OPTIONS answers: DRF's SimpleMetadata, read from the marshmallow schemas.

Besides the view's name and media types, each write (POST, PUT) the user may
make is listed with the fields it takes, in DRF's words for their types.
"""

from copy import copy

from flask import request
from marshmallow import fields
from marshmallow import validate
from werkzeug.exceptions import HTTPException

from .fields import Text
from .permissions import permitted

MEDIA = ["application/json"]

# DRF's name for each type of field; any other (a relation, the owner) is a "field"
TYPES = {
    Text: "string",
    fields.Integer: "integer",
    fields.Boolean: "boolean",
    fields.Date: "date",
}


def metadata(view, name, find=None, *, schema=None, permissions=()):
    """The view's description, with the fields of each write the user is allowed."""
    answer = {"name": name, "description": "", "renders": MEDIA, "parses": MEDIA}
    actions = {}
    writes = {"POST", "PUT"} & view.methods if schema else set()
    for method in sorted(writes):
        # asked as if the request were that write, as DRF clones it
        sent = copy(request._get_current_object())
        sent.method = method
        try:
            allowed = permitted(permissions, sent)
            allowed = allowed and (find is None or permitted(permissions, sent, find()))
        except HTTPException:
            # no such row: nothing to change
            continue
        if allowed:
            actions[method] = {
                key: describe(key, field) for key, field in schema().fields.items()
            }
    if actions:
        answer["actions"] = actions
    return answer


def describe(name, field):
    """One field, as DRF describes it: type, label, help text and limits."""
    label = field.metadata.get("label", name.replace("_", " "))
    info = {
        "type": next(
            (TYPES[kind] for kind in type(field).__mro__ if kind in TYPES), "field"
        ),
        "required": field.required and not field.dump_only,
        "read_only": field.dump_only,
        # Django's capfirst
        "label": label[:1].upper() + label[1:],
    }
    if "help_text" in field.metadata:
        info["help_text"] = field.metadata["help_text"]
    for check in field.validators:
        if isinstance(check, validate.Length) and check.max is not None:
            info["max_length"] = check.max
        elif isinstance(check, validate.Range):
            # the tightest of the field's ranges (the spec's, the column's)
            if check.min is not None:
                info["min_value"] = max(check.min, info.get("min_value", check.min))
            if check.max is not None:
                info["max_value"] = min(check.max, info.get("max_value", check.max))
        elif isinstance(check, validate.OneOf):
            info["type"] = "choice"
            pairs = zip(check.choices, check.labels, strict=True)
            info["choices"] = [
                {"value": value, "display_name": label}
                for value, label in pairs
                if value
            ]
    return info
