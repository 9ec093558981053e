"""The reference OpenAPI 3 document: what both generated apps must serve.

Each app derives its own document from its code (drf-spectacular from the
serializers and viewsets, flask-smorest from the blueprint and schemas) and
serves it at ``/api/openapi.json``. This one is built from the normalised model
alone; :mod:`generator.openapi_compare` reduces all three to what a client
depends on, and the tests require the three to agree. Schemathesis drives the
apps with it, as it is stricter (patterns, error bodies) than either library's.
"""

from __future__ import annotations

import json
from decimal import Decimal
from decimal import localcontext
from typing import Any

from .model import Entity
from .model import Field
from .model import Project

OPENAPI_VERSION = "3.0.3"
DOCUMENT_VERSION = "1.0.0"
JSON = "application/json"

Schema = dict[str, Any]

TOKEN = "tokenAuth"
SESSION = "cookieAuth"
AUTHENTICATED: list[dict[str, list[str]]] = [{TOKEN: []}, {SESSION: []}]
ANYONE: list[dict[str, list[str]]] = [{}, *AUTHENTICATED]

RESERVED_QUERY = frozenset({"page", "search", "ordering"})

ERROR_DESCRIPTIONS = {
    "400": "The request body or a query parameter failed validation, or is malformed JSON.",
    "401": "Not authenticated; the answer carries `WWW-Authenticate: Token`.",
    "403": "Authenticated, but not allowed (not the owner, not staff, or a CSRF failure).",
    "404": "No such object, or no such page.",
    "405": "Method not allowed on this path.",
    "409": "The object is still referenced by a protected relation and cannot be deleted.",
    "415": "The request body is not JSON.",
}


def openapi_json(project: Project) -> str:
    """The document as JSON text: two-space indent, UTF-8 kept, trailing newline."""
    return json.dumps(openapi_document(project), indent=2, ensure_ascii=False) + "\n"


def openapi_document(project: Project) -> dict[str, Any]:
    """The OpenAPI 3.0.3 document of the API the spec describes."""
    paths: dict[str, Any] = {}
    for entity in project.entities:
        paths[f"/api/{entity.plural}/"] = collection_path(entity)
        paths[f"/api/{entity.plural}/{{id}}/"] = item_path(project, entity)
    paths.update(auth_paths())
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": project.name,
            "description": project.description,
            "version": DOCUMENT_VERSION,
        },
        "paths": paths,
        "components": {
            "schemas": component_schemas(project),
            "responses": error_responses(),
            "securitySchemes": security_schemes(),
        },
        "tags": [
            {"name": entity.name, "description": entity.label_plural} for entity in project.entities
        ]
        + [{"name": "auth", "description": "Tokens and the current user"}],
    }


# --- components -------------------------------------------------------------------------


def component_schemas(project: Project) -> dict[str, Schema]:
    """Read, write, patch and page schemas for every entity, and the error shapes."""
    schemas: dict[str, Schema] = {}
    for entity in project.entities:
        schemas[entity.name] = read_schema(entity)
        schemas[f"{entity.name}Request"] = write_schema(entity)
        schemas[f"Patched{entity.name}Request"] = write_schema(entity, partial=True)
        schemas[f"Paginated{entity.name}List"] = page_schema(entity)
    schemas.update(auth_schemas())
    return schemas


def auth_schemas() -> dict[str, Schema]:
    """Schemas of the error bodies, the token exchange and the current user."""
    return {
        "Error": {
            "type": "object",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
        "ValidationError": {
            "type": "object",
            "description": "Messages per field; cross-field problems under `non_field_errors`.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "TokenRequest": {
            "type": "object",
            "properties": {
                "username": {"type": "string", "minLength": 1},
                "password": {"type": "string", "minLength": 1},
            },
            "required": ["username", "password"],
        },
        "Token": {
            "type": "object",
            "properties": {"token": {"type": "string", "readOnly": True}},
            "required": ["token"],
        },
        "Me": {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "readOnly": True},
                "username": {"type": "string", "readOnly": True},
                "is_staff": {"type": "boolean", "readOnly": True},
            },
            "required": ["id", "username", "is_staff"],
        },
    }


def error_responses() -> dict[str, Schema]:
    """Reusable error responses, referenced by status code."""
    responses = {
        status: {"description": text, "content": _json(_ref("Error"))}
        for status, text in ERROR_DESCRIPTIONS.items()
    }
    responses["400"]["content"] = _json({"anyOf": [_ref("ValidationError"), _ref("Error")]})
    return {f"Error{status}": response for status, response in responses.items()}


def security_schemes() -> dict[str, Schema]:
    """A token in the Authorization header, or the browser session (with CSRF)."""
    return {
        TOKEN: {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; obtain a key from `POST /api/token/`.",
        },
        SESSION: {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The browser session from /accounts/login/; unsafe methods "
            "need the CSRF token too.",
        },
    }


def read_schema(entity: Entity) -> Schema:
    """An object as the API answers it: id, every field, owner and timestamps."""
    properties: dict[str, Schema] = {"id": {"type": "integer", "readOnly": True}}
    properties.update({field.name: read_field_schema(field) for field in entity.fields})
    if entity.owner:
        properties["owner"] = {
            "type": "string",
            "readOnly": True,
            "description": "The username of the user who created it.",
        }
    if entity.timestamps:
        for name in ("created_at", "updated_at"):
            properties[name] = {**_datetime_out(), "readOnly": True}
    # always present in answers, but declared required as both libraries do:
    # read-only fields and the fields a request must carry
    required = ["id", *(field.name for field in entity.required_fields)]
    required += [name for name in properties if name in ("owner", "created_at", "updated_at")]
    return {"type": "object", "properties": properties, "required": required}


def write_schema(entity: Entity, *, partial: bool = False) -> Schema:
    """A request body: every field; required ones (without a default) unless partial."""
    schema: Schema = {
        "type": "object",
        "properties": {field.name: write_field_schema(field) for field in entity.fields},
    }
    required = [field.name for field in entity.required_fields]
    if required and not partial:
        schema["required"] = required
    return schema


def page_schema(entity: Entity) -> Schema:
    """One page of a list: DRF's PageNumberPagination shape."""
    link = {"type": "string", "format": "uri", "nullable": True}
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "next": link,
            "previous": link,
            "results": {"type": "array", "items": _ref(entity.name)},
        },
        "required": ["count", "results"],
    }


# --- fields -----------------------------------------------------------------------------


def write_field_schema(field: Field) -> Schema:
    """What a client may send for ``field``."""
    return _annotate(field, _value_schema(field, output=False))


def read_field_schema(field: Field) -> Schema:
    """What the API answers for ``field``."""
    return _annotate(field, _value_schema(field, output=True))


def _annotate(field: Field, schema: Schema) -> Schema:
    schema = {"title": field.label, **schema}
    if field.help:
        schema["description"] = field.help
    if field.nullable:
        schema["nullable"] = True
    return schema


def _value_schema(field: Field, *, output: bool) -> Schema:
    builders = {
        "string": _text_schema,
        "text": _text_schema,
        "email": _text_schema,
        "url": _text_schema,
        "choice": _choice_schema,
        "integer": _number_schema,
        "float": _number_schema,
        "boolean": _boolean_schema,
        "date": _date_schema,
        "json": _any_value_schema,
        "fk": _fk_schema,
        "m2m": _m2m_schema,
    }
    if field.type == "decimal":
        return _decimal_schema(field, output=output)
    if field.type == "datetime":
        return _datetime_out() if output else {"type": "string", "format": "date-time"}
    if field.type == "time":
        return _time_schema(output=output)
    return builders[field.type](field)


def _any_value_schema(_field: Field) -> Schema:
    """json: any JSON value, so no type at all (``null`` only where the field is optional)."""
    return {}


def _text_schema(field: Field) -> Schema:
    """string, text, email, url: lengths, a format or pattern, never blank when required."""
    schema: Schema = {"type": "string"}
    if field.max_length is not None:
        schema["maxLength"] = field.max_length
    rules: Schema = {}
    formatted = {"email": "email", "url": "uri"}.get(field.type)
    if formatted:
        rules["format"] = formatted
    if field.min_length:
        rules["minLength"] = field.min_length
    if field.openapi_pattern is not None:
        rules["pattern"] = field.openapi_pattern
    if not field.blank_allowed:
        schema.update({"minLength": 1, **rules})
    elif rules:
        # "" stands for a missing value, which obeys none of the rules
        schema["anyOf"] = [rules, {"maxLength": 0}]
    if field.has_default:
        schema["default"] = field.default
    return schema


def _choice_schema(field: Field) -> Schema:
    values: list[str] = [choice.value for choice in field.choices]
    if not field.required:
        values.append("")
    schema: Schema = {"type": "string", "enum": values}
    if field.has_default:
        schema["default"] = field.default
    return schema


def _number_schema(field: Field) -> Schema:
    schema: Schema = {"type": "integer" if field.type == "integer" else "number"}
    if field.lowest is not None:
        schema["minimum"] = field.lowest
    if field.highest is not None:
        schema["maximum"] = field.highest
    if field.has_default:
        schema["default"] = field.default
    return schema


def _boolean_schema(field: Field) -> Schema:
    return {"type": "boolean", "default": bool(field.default)}


def _date_schema(field: Field) -> Schema:
    schema: Schema = {"type": "string", "format": "date"}
    if field.has_default:
        schema["default"] = str(field.default)
    return schema


def _time_schema(*, output: bool) -> Schema:
    """A time of day: ``"HH:MM:SS"`` out; in, what both libraries parse.

    An answer carries no offset, which JSON Schema's ``time`` format requires, so
    its shape is stated as a pattern instead.
    """
    if output:
        return {"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d{1,6})?$"}
    return {"type": "string", "format": "time"}


def _datetime_out() -> Schema:
    return {"type": "string", "format": "date-time", "pattern": "Z$"}


def _fk_schema(field: Field) -> Schema:
    return {"type": "integer", "description": f"The id of the {field.target} it points at."}


def _m2m_schema(field: Field) -> Schema:
    return {
        "type": "array",
        "items": {"type": "integer"},
        "description": f"Ids of {field.target} objects, sorted in answers.",
    }


def _decimal_schema(field: Field, *, output: bool) -> Schema:
    """A decimal travels as a string; answers carry exactly ``decimal_places`` digits."""
    schema: Schema = {
        "type": "string",
        "format": "decimal",
        "pattern": decimal_pattern(field, output=output),
    }
    bounds = _decimal_bounds(field)
    if bounds:
        schema["description"] = bounds
    if field.has_default and isinstance(field.default, Decimal | int | float | str):
        schema["default"] = format_decimal(Decimal(str(field.default)), field.decimal_places or 0)
    return schema


def decimal_pattern(field: Field, *, output: bool) -> str:
    """The regular expression a decimal string matches, in answers or in requests."""
    places = field.decimal_places or 0
    whole = (field.max_digits or 1) - places
    if output:
        fraction = rf"\.\d{{{places}}}" if places else ""
        return rf"^-?\d{{1,{max(whole, 1)}}}{fraction}$"
    fraction = rf"(\.\d{{1,{places}}})?" if places else ""
    if whole == 0:
        return rf"^-?0?\.\d{{1,{places}}}$"
    return rf"^-?\d{{1,{whole}}}{fraction}$"


def format_decimal(value: Decimal, places: int) -> str:
    """``value`` with exactly ``places`` digits after the point."""
    with localcontext() as context:
        context.prec = 1000  # bounds may have more digits than the default 28
        # fixed point: str() would write a zero with seven places as 0E-7
        return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _decimal_bounds(field: Field) -> str:
    places = field.decimal_places or 0
    low = "" if field.min is None else format_decimal(Decimal(str(field.min)), places)
    high = "" if field.max is None else format_decimal(Decimal(str(field.max)), places)
    if low and high:
        return f"Between {low} and {high}."
    if low:
        return f"At least {low}."
    return f"At most {high}." if high else ""


# --- paths ------------------------------------------------------------------------------


def collection_path(entity: Entity) -> dict[str, Any]:
    """``/api/P/``: list (paginated, searchable, orderable, filterable) and create."""
    return {
        "get": {
            "operationId": f"{entity.plural_snake}_list",
            "summary": f"List {entity.verbose_name_plural}",
            "tags": [entity.name],
            "parameters": list_parameters(entity),
            "security": _read_security(entity),
            "responses": {
                "200": _ok(
                    f"A page of {entity.verbose_name_plural}.", f"Paginated{entity.name}List"
                ),
                **_errors("400", "401", "404"),
            },
        },
        "post": {
            "operationId": f"{entity.plural_snake}_create",
            "summary": f"Create a {entity.verbose_name}",
            "tags": [entity.name],
            "security": AUTHENTICATED,
            "requestBody": _body(f"{entity.name}Request", required=bool(entity.required_fields)),
            "responses": {
                "201": _ok(f"The new {entity.verbose_name}.", entity.name),
                **_errors("400", "401", "403", "415"),
            },
        },
    }


def item_path(project: Project, entity: Entity) -> dict[str, Any]:
    """``/api/P/{id}/``: retrieve, replace, update part of, and delete one object."""
    name = entity.verbose_name
    write_errors = ("400", "401", "403", "404", "415")
    delete_errors = ("401", "403", "404", *(("409",) if is_protected(project, entity) else ()))
    return {
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ],
        "get": {
            **_operation(entity, "retrieve", f"Get a {name}"),
            "security": _read_security(entity),
            "responses": {"200": _ok(f"The {name}.", entity.name), **_errors("401", "404")},
        },
        "put": {
            **_operation(entity, "update", f"Replace a {name}"),
            "security": AUTHENTICATED,
            "requestBody": _body(f"{entity.name}Request", required=bool(entity.required_fields)),
            "responses": {"200": _ok(f"The {name}.", entity.name), **_errors(*write_errors)},
        },
        "patch": {
            **_operation(entity, "partial_update", f"Change part of a {name}"),
            "security": AUTHENTICATED,
            "requestBody": _body(f"Patched{entity.name}Request", required=False),
            "responses": {"200": _ok(f"The {name}.", entity.name), **_errors(*write_errors)},
        },
        "delete": {
            **_operation(entity, "destroy", f"Delete a {name}"),
            "security": AUTHENTICATED,
            "responses": {"204": {"description": "Deleted."}, **_errors(*delete_errors)},
        },
    }


def auth_paths() -> dict[str, Any]:
    """The token exchange and the current user."""
    return {
        "/api/token/": {
            "post": {
                "operationId": "auth_token_create",
                "summary": "Exchange a username and password for an API token",
                "tags": ["auth"],
                "security": [],
                "requestBody": _body("TokenRequest", required=True),
                "responses": {"200": _ok("The user's token.", "Token"), **_errors("400", "415")},
            }
        },
        "/api/me/": {
            "get": {
                "operationId": "auth_me_retrieve",
                "summary": "The authenticated user",
                "tags": ["auth"],
                "security": AUTHENTICATED,
                "responses": {"200": _ok("The current user.", "Me"), **_errors("401")},
            }
        },
    }


def list_parameters(entity: Entity) -> list[dict[str, Any]]:
    """page, search (when the entity has search fields), ordering, and exact filters."""
    parameters: list[dict[str, Any]] = [
        _query("page", {"type": "integer", "minimum": 1}, "A page number, from 1."),
    ]
    if entity.admin_search:
        parameters.append(
            _query(
                "search",
                {"type": "string"},
                "Case-insensitive containment in any of: " + ", ".join(entity.admin_search) + ".",
            )
        )
    parameters.append(
        _query(
            "ordering",
            {"type": "string"},
            "A field name, `-` first for descending; unknown names are ignored. One of: "
            + ", ".join(entity.ordering_fields)
            + ".",
        )
    )
    for name in entity.admin_filter:
        if name in RESERVED_QUERY:
            continue  # a field named like a list parameter cannot be filtered on
        parameters.append(_query(name, filter_schema(entity.field(name)), f"Exactly this {name}."))
    return parameters


def filter_schema(field: Field) -> Schema:
    """The query value of an exact filter on ``field``."""
    if field.type == "choice":
        return {"type": "string", "enum": [choice.value for choice in field.choices]}
    simple = {
        "boolean": {"type": "boolean"},
        "integer": {"type": "integer"},
        "float": {"type": "number"},
        "fk": {"type": "integer"},
        "m2m": {"type": "integer"},
        "date": {"type": "string", "format": "date"},
        "datetime": {"type": "string", "format": "date-time"},
    }
    return dict(simple.get(field.type, {"type": "string"}))


def is_protected(project: Project, entity: Entity) -> bool:
    """Some fk with ``on_delete: protect`` points at ``entity``: a DELETE may answer 409."""
    return any(
        field.target == entity.name and field.on_delete == "protect"
        for other in project.entities
        for field in other.fks
    )


# --- small builders ---------------------------------------------------------------------


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Schema) -> dict[str, Any]:
    return {JSON: {"schema": schema}}


def _ok(description: str, schema_name: str) -> dict[str, Any]:
    return {"description": description, "content": _json(_ref(schema_name))}


def _body(schema_name: str, *, required: bool) -> dict[str, Any]:
    """A JSON request body; required when its schema lists a required property."""
    return {"required": required, "content": _json(_ref(schema_name))}


def _errors(*statuses: str) -> dict[str, Any]:
    return {status: {"$ref": f"#/components/responses/Error{status}"} for status in statuses}


def _query(name: str, schema: Schema, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _operation(entity: Entity, action: str, summary: str) -> dict[str, Any]:
    return {
        "operationId": f"{entity.plural_snake}_{action}",
        "summary": summary,
        "tags": [entity.name],
    }


def _read_security(entity: Entity) -> list[dict[str, list[str]]]:
    return ANYONE if entity.api_read == "public" else AUTHENTICATED
