"""Errors under /api/ as DRF writes them: ``{"detail": ...}``, or messages per field."""

from flask import jsonify
from flask import request
from marshmallow import ValidationError


def validation_failed(error):
    """DRF's 400: messages per field, and problems of the whole body as non_field_errors."""
    messages = dict(error.messages)
    if "_schema" in messages:
        messages["non_field_errors"] = messages.pop("_schema")
    return messages, 400


def json_error(error):
    """Any HTTP error under /api/ in DRF's shape; elsewhere Flask's own pages."""
    if not request.path.startswith("/api/"):
        return error
    # webargs' reasons by location: {"json": {"title": [...]}}, {"json": ["Invalid..."]}
    messages = getattr(error, "data", {}).get("messages", {"": error.description})
    [(location, reasons)] = messages.items()
    if location == "query" and isinstance(reasons, dict) and "page" in reasons:
        # DRF filters before it paginates: a bad filter is answered first, and
        # ?page=abc or ?page=0 alone is no such page
        del reasons["page"]
        if not reasons:
            error.code, reasons = 404, "Invalid page."
    if isinstance(reasons, dict):
        return validation_failed(ValidationError(reasons))
    response = jsonify(detail=reasons[0] if isinstance(reasons, list) else reasons)
    response.status_code = error.code
    # a 405 names the methods the URL does allow
    allow = dict(error.get_headers()).get("Allow")
    if allow:
        response.headers["Allow"] = allow
    if error.code == 401:
        response.headers["WWW-Authenticate"] = "Token"
    return response
