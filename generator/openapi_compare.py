"""Reduce an OpenAPI 3 document to what a client depends on, and diff two of them.

Two documents that describe the same API rarely share their bytes: component
names, titles, descriptions, operation ids, the order of keys and the way a
nullable enum is spelled all differ between drf-spectacular, flask-smorest and
the reference that :mod:`generator.openapi` builds from the spec.
:func:`normalise` keeps only what a generated client relies on, with every
``$ref`` resolved, so equal APIs give equal values; :func:`diff` prints the
differences as ``path → value`` lines.

Kept: paths and methods; parameters (name, location, required, schema type,
format and enum); request bodies per media type; success (2xx) responses per
status code and media type; schema type, format, nullable, readOnly, enum,
maxLength, minimum, maximum, required, properties, items and
additionalProperties, and in request bodies minLength and pattern (but not a
decimal's pattern, which each library spells its own way); a format that only
hints at precision, such as ``int64`` or ``double``, is left out; ``url`` reads
as ``uri``; a schema's own keywords
are pushed into its ``oneOf``/``anyOf`` alternatives; and each operation's
security as the set of schemes it accepts, described by what they are
(``apiKey`` in a header called ``Authorization``), not by their names. Error
responses are documentation a client does not branch on, so they are left out.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

JSONValue = Any
Schema = dict[str, Any]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_KEYWORDS = ("maxLength", "minLength", "pattern", "minimum", "maximum")
REQUEST_KEYWORDS = frozenset({"minLength", "pattern"})
"""Rules on what a client sends; answers state them unevenly (DRF's blank check is
request-only, a decimal's answer pattern is the library's own), so they are kept in
request bodies only."""
# Precision hints that do not change the type a client reads or sends.
# And ``time``: drf-spectacular says it of a time of day without an offset, which
# JSON Schema's ``time`` (RFC 3339's full-time) refuses; the reference uses a pattern.
IGNORED_FORMATS = frozenset({"int32", "int64", "float", "double", "decimal", "time"})
FORMAT_ALIASES = {"url": "uri"}
PARAMETER_KEYWORDS = ("type", "format", "enum", "nullable", "items")
ANONYMOUS = "anonymous"


class OpenAPIError(ValueError):
    """The document cannot be normalised: a ``$ref`` points nowhere, or loops."""


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """The client-facing content of ``document``, as plain, sorted JSON data."""
    resolver = _Resolver(document)
    schemes = document.get("components", {}).get("securitySchemes", {})
    default_security = document.get("security")
    paths: dict[str, Any] = {}
    for path, item in sorted(document.get("paths", {}).items()):
        item = resolver.deref(item)
        shared = item.get("parameters", [])
        operations = {}
        for method in METHODS:
            if method in item:
                operations[method] = _operation(
                    resolver, item[method], shared, schemes, default_security
                )
        paths[path] = operations
    return {"paths": paths}


def diff(
    expected: dict[str, Any],
    actual: dict[str, Any],
    *,
    names: tuple[str, str] = ("expected", "actual"),
) -> str:
    """A unified diff of two normalised documents, one ``path → value`` line per leaf."""
    return "\n".join(
        difflib.unified_diff(
            list(flatten(expected)),
            list(flatten(actual)),
            fromfile=names[0],
            tofile=names[1],
            lineterm="",
            n=2,
        )
    )


def count_operations(normalised: dict[str, Any]) -> tuple[int, int]:
    """How many operations, on how many paths, a normalised document describes."""
    paths = normalised["paths"]
    return sum(len(operations) for operations in paths.values()), len(paths)


def flatten(value: JSONValue, prefix: str = "") -> Iterator[str]:
    """Every leaf of ``value`` as ``a / b / c → leaf``, in sorted order."""
    if isinstance(value, dict) and value:
        for key in sorted(value):
            yield from flatten(value[key], f"{prefix} / {key}" if prefix else str(key))
    elif isinstance(value, list) and value and not all(_is_scalar(item) for item in value):
        for index, item in enumerate(value):
            yield from flatten(item, f"{prefix} / [{index}]")
    else:
        yield f"{prefix} → {json.dumps(value, sort_keys=True)}"


# --- operations -------------------------------------------------------------------------


def _operation(
    resolver: _Resolver,
    operation: dict[str, Any],
    shared: list[Any],
    schemes: dict[str, Any],
    default_security: list[Any] | None,
) -> dict[str, Any]:
    parameters: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*shared, *operation.get("parameters", [])]:
        parameter = resolver.deref(raw)
        parameters[(parameter["in"], parameter["name"])] = _parameter(resolver, parameter)
    result: dict[str, Any] = {
        "parameters": [parameters[key] for key in sorted(parameters)],
        "responses": _responses(resolver, operation.get("responses", {})),
        "security": _security(resolver, operation.get("security", default_security), schemes),
    }
    if "requestBody" in operation:
        body = resolver.deref(operation["requestBody"])
        result["requestBody"] = {
            "required": bool(body.get("required", False)),
            "content": _content(resolver, body.get("content", {})),
        }
    return result


def _parameter(resolver: _Resolver, parameter: dict[str, Any]) -> dict[str, Any]:
    schema = normalise_schema(resolver, parameter.get("schema", {}))
    return {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": bool(parameter.get("required", parameter["in"] == "path")),
        "schema": {key: schema[key] for key in PARAMETER_KEYWORDS if key in schema},
    }


def _responses(resolver: _Resolver, responses: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for status, raw in sorted(responses.items()):
        if not str(status).startswith("2"):
            continue
        response = resolver.deref(raw)
        content = _content(resolver, response.get("content", {}))
        result[str(status)] = {media: _answer(schema) for media, schema in content.items()}
    return result


def _answer(schema: JSONValue) -> JSONValue:
    """A normalised schema without the request-only keywords, at every depth."""
    if isinstance(schema, list):
        return [_answer(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        key: value if key in ("enum", "required") else _answer(value)
        for key, value in schema.items()
        if key not in REQUEST_KEYWORDS
    }


def _content(resolver: _Resolver, content: dict[str, Any]) -> dict[str, Any]:
    return {
        media: normalise_schema(resolver, entry.get("schema", {}))
        for media, entry in sorted(content.items())
    }


def _security(
    resolver: _Resolver, security: list[Any] | None, schemes: dict[str, Any]
) -> list[list[str]]:
    """Each alternative as the sorted descriptions of its schemes, or ``anonymous``."""
    if not security:
        return [[ANONYMOUS]]
    alternatives: set[tuple[str, ...]] = set()
    for requirement in security:
        if not requirement:
            alternatives.add((ANONYMOUS,))
            continue
        described: list[str] = []
        for name in requirement:
            if name not in schemes:
                raise OpenAPIError(f"security names an unknown scheme {name!r}")
            described.append(_describe_scheme(resolver.deref(schemes[name])))
        alternatives.add(tuple(sorted(described)))
    return [list(alternative) for alternative in sorted(alternatives)]


def _describe_scheme(scheme: dict[str, Any]) -> str:
    kind = scheme.get("type", "")
    if kind == "apiKey":
        return f"apiKey in {scheme.get('in')} {scheme.get('name')}"
    if kind == "http":
        return f"http {str(scheme.get('scheme', '')).lower()}"
    return str(kind)


# --- schemas ----------------------------------------------------------------------------


def normalise_schema(resolver: _Resolver, schema: JSONValue) -> Schema:
    """One schema with refs resolved and wrappers folded, keeping the client's keywords."""
    return _Normaliser(resolver).schema(schema, ())


class _Resolver:
    """Follows local ``#/...`` references inside one document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise OpenAPIError(f"only local references are supported, not {ref!r}")
        node: Any = self.document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise OpenAPIError(f"{ref!r} points nowhere")
            node = node[part]
        return node

    def deref(self, node: Any) -> Any:
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise OpenAPIError(f"{ref!r} refers to itself")
            seen.add(ref)
            node = self.lookup(ref)
        return node


class _Normaliser:
    def __init__(self, resolver: _Resolver) -> None:
        self.resolver = resolver

    def schema(self, raw: JSONValue, stack: tuple[str, ...]) -> Schema:
        if raw is True or raw is None:
            return {}
        if not isinstance(raw, dict):
            raise OpenAPIError(f"a schema must be an object, not {raw!r}")
        if "$ref" in raw:
            ref = raw["$ref"]
            if ref in stack:
                return {"recursive": len(stack) - stack.index(ref)}
            target = self.schema(self.resolver.lookup(ref), (*stack, ref))
            siblings = {key: value for key, value in raw.items() if key != "$ref"}
            return _merge(target, self.schema(siblings, stack)) if siblings else target
        result = self._own(raw, stack)
        for member in raw.get("allOf", []):
            result = _merge(result, self.schema(member, stack))
        for keyword in ("oneOf", "anyOf"):
            if keyword in raw:
                result = _merge(result, self._alternatives(raw[keyword], stack))
        return _distribute(_tidy(result))

    def _own(self, raw: Schema, stack: tuple[str, ...]) -> Schema:
        result: Schema = {}
        kind = raw.get("type")
        if isinstance(kind, list):  # 3.1: ["string", "null"]
            kinds = [item for item in kind if item != "null"]
            if len(kinds) != len(kind):
                result["nullable"] = True
            if len(kinds) == 1:
                result["type"] = kinds[0]
            elif kinds:
                result["type"] = sorted(kinds)
        elif kind == "null":
            result["nullable"] = True
        elif kind is not None:
            result["type"] = kind
        if raw.get("nullable"):
            result["nullable"] = True
        if raw.get("readOnly"):
            result["readOnly"] = True
        kind_format = raw.get("format")
        if kind_format is not None and kind_format not in IGNORED_FORMATS:
            result["format"] = FORMAT_ALIASES.get(kind_format, kind_format)
        for keyword in SCHEMA_KEYWORDS:
            if keyword in raw:
                result[keyword] = _number(raw[keyword])
        if kind_format == "decimal":
            # each library spells max_digits and decimal_places as its own pattern
            result.pop("pattern", None)
        if "enum" in raw:
            values = list(raw["enum"])
            if None in values:
                result["nullable"] = True
            if any(value is not None for value in values):
                result["enum"] = _sorted_values(value for value in values if value is not None)
        if "const" in raw:
            if raw["const"] is None:
                result["nullable"] = True
            else:
                result["enum"] = [raw["const"]]
        if "properties" in raw:
            result["properties"] = {
                name: self.schema(value, stack) for name, value in sorted(raw["properties"].items())
            }
        if raw.get("required"):
            result["required"] = sorted(raw["required"])
        if "items" in raw:
            result["items"] = self.schema(raw["items"], stack)
        extra = raw.get("additionalProperties")
        if isinstance(extra, dict):
            result["additionalProperties"] = self.schema(extra, stack)
        elif extra is False:
            result["additionalProperties"] = False
        return result

    def _alternatives(self, members: list[Any], stack: tuple[str, ...]) -> Schema:
        """``oneOf``/``anyOf``: null members make it nullable; enum-only members merge."""
        options = [self.schema(member, stack) for member in members]
        nullable = any(option == {"nullable": True} for option in options)
        options = [option for option in options if option != {"nullable": True}]
        result: Schema = {"nullable": True} if nullable else {}
        if options and all("enum" in option for option in options):
            merged: Schema = {}
            for option in options:
                merged = _merge(merged, {k: v for k, v in option.items() if k != "enum"})
            merged["enum"] = _sorted_values(value for option in options for value in option["enum"])
            return _merge(result, merged)
        if len(options) == 1:
            return _merge(result, options[0])
        if options:
            result["oneOf"] = options
        return result


def _merge(left: Schema, right: Schema) -> Schema:
    """``allOf`` of two normalised schemas: each constraint as tight as either side's."""
    merged = dict(left)
    for key, value in right.items():
        if key not in merged:
            merged[key] = value
        elif key == "properties":
            merged[key] = dict(sorted({**merged[key], **value}.items()))
        elif key == "required":
            merged[key] = sorted(set(merged[key]) | set(value))
        elif key == "enum":
            merged[key] = [item for item in merged[key] if item in value]
        elif key in ("maxLength", "maximum"):
            merged[key] = min(merged[key], value)
        elif key in ("minLength", "minimum"):
            merged[key] = max(merged[key], value)
        elif key == "oneOf":
            merged[key] = [_merge(one, other) for one in merged[key] for other in value]
        else:
            merged[key] = value
    return merged


def _distribute(schema: Schema) -> Schema:
    """``{type, maxLength, oneOf: [A, B]}`` as ``{oneOf: [type+maxLength+A, ...]}``, sorted.

    A schema's own keywords apply to each alternative, so drf-spectacular's
    ``oneOf: [{string, email, max 254}, {string, max 0}]`` and the reference's
    ``{string, max 254, anyOf: [{email}, {max 0}]}`` come out the same.
    """
    if "oneOf" not in schema:
        return schema
    shared = {key: value for key, value in schema.items() if key not in ("oneOf", "nullable")}
    options = [_tidy(_merge(shared, option)) for option in schema["oneOf"]]
    unique = {json.dumps(option, sort_keys=True): option for option in options}
    result: Schema = {"nullable": True} if schema.get("nullable") else {}
    if len(unique) == 1:
        return _merge(result, options[0])
    result["oneOf"] = [unique[key] for key in sorted(unique)]
    return result


def _tidy(schema: Schema) -> Schema:
    if "enum" in schema and "type" not in schema:
        kinds = {_json_type(value) for value in schema["enum"]}
        if len(kinds) == 1:
            schema["type"] = kinds.pop()
    return schema


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sorted_values(values: Any) -> list[Any]:
    unique = {json.dumps(value, sort_keys=True): value for value in values}
    return [unique[key] for key in sorted(unique)]


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)
