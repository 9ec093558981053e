"""The OpenAPI normaliser: equal APIs normalise equal, different ones show in the diff."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from generator.openapi import openapi_document
from generator.openapi_compare import OpenAPIError
from generator.openapi_compare import diff
from generator.openapi_compare import flatten
from generator.openapi_compare import normalise
from generator.spec import bundled_spec
from generator.spec import load_spec

TOKEN = {"type": "apiKey", "in": "header", "name": "Authorization"}
SESSION = {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def doc(schemas: dict, body: dict, *, security: list | None = None, **extra) -> dict:
    """A one-operation document answering ``body`` to ``GET /api/things/``."""
    operation = {
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": body}}},
            "404": {"description": "missing"},
        },
        **extra,
    }
    if security is not None:
        operation["security"] = security
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/api/things/": {"get": operation}},
        "components": {
            "schemas": schemas,
            "securitySchemes": {"tokenAuth": TOKEN, "cookieAuth": SESSION},
        },
    }


def body_of(normalised: dict) -> dict:
    return normalised["paths"]["/api/things/"]["get"]["responses"]["200"]["application/json"]


THING = {
    "type": "object",
    "title": "Thing",
    "description": "words a client ignores",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "maxLength": 20, "title": "Name", "pattern": "x"},
    },
    "required": ["name", "id"],
}


def test_component_names_do_not_matter() -> None:
    one = doc({"Thing": THING}, {"$ref": "#/components/schemas/Thing"})
    two = doc({"Other": THING}, {"$ref": "#/components/schemas/Other"})
    inline = doc({}, THING)
    assert normalise(one) == normalise(two) == normalise(inline)


def test_keeps_what_a_client_uses_and_drops_the_rest() -> None:
    body = body_of(normalise(doc({}, THING)))
    assert body == {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string", "maxLength": 20},
        },
        "required": ["id", "name"],
    }


def test_error_responses_are_left_out() -> None:
    responses = normalise(doc({}, THING))["paths"]["/api/things/"]["get"]["responses"]
    assert set(responses) == {"200"}


def test_a_changed_constraint_shows_in_the_diff() -> None:
    changed = copy.deepcopy(THING)
    changed["properties"]["name"]["maxLength"] = 30
    text = diff(normalise(doc({}, THING)), normalise(doc({}, changed)))
    assert "-paths / /api/things/ / get / responses / 200 / application/json" in text
    assert "name / maxLength → 20" in text and "name / maxLength → 30" in text
    assert diff(normalise(doc({}, THING)), normalise(doc({}, THING))) == ""


@pytest.mark.parametrize(
    "spelling",
    [
        {"type": "integer", "nullable": True},  # 3.0
        {"type": ["integer", "null"]},  # 3.1
        {"oneOf": [{"type": "integer"}, {"type": "null"}]},
        {"allOf": [{"type": "integer"}], "nullable": True},
    ],
)
def test_nullable_spellings_agree(spelling: dict) -> None:
    assert body_of(normalise(doc({}, spelling))) == {"type": "integer", "nullable": True}


def test_drf_spectacular_choice_spelling_is_one_enum() -> None:
    schemas = {
        "StatusEnum": {"enum": ["draft", "published"], "type": "string"},
        "BlankEnum": {"enum": [""]},
        "NullEnum": {"enum": [None]},
    }
    spectacular = {
        "nullable": True,
        "oneOf": [
            {"$ref": "#/components/schemas/StatusEnum"},
            {"$ref": "#/components/schemas/BlankEnum"},
            {"$ref": "#/components/schemas/NullEnum"},
        ],
    }
    plain = {"type": "string", "enum": ["published", "draft", "", None]}
    expected = {"type": "string", "nullable": True, "enum": ["", "draft", "published"]}
    assert body_of(normalise(doc(schemas, spectacular))) == expected
    assert body_of(normalise(doc({}, plain))) == expected


def test_a_schemas_own_keywords_apply_to_each_alternative() -> None:
    # the reference's spelling of "an email, or blank", and drf-spectacular's
    reference = {
        "type": "string",
        "maxLength": 254,
        "anyOf": [{"format": "email"}, {"maxLength": 0}],
    }
    spectacular = {
        "oneOf": [
            {"type": "string", "format": "email", "maxLength": 254},
            {"type": "string", "maxLength": 0},
        ]
    }
    assert normalise(doc({}, reference)) == normalise(doc({}, spectacular))
    assert body_of(normalise(doc({}, spectacular)))["oneOf"][1] == {
        "type": "string",
        "maxLength": 0,
    }


def test_precision_formats_are_left_out_and_url_is_uri() -> None:
    assert body_of(normalise(doc({}, {"type": "integer", "format": "int64"}))) == {
        "type": "integer"
    }
    assert body_of(normalise(doc({}, {"type": "number", "format": "double"}))) == {"type": "number"}
    assert body_of(normalise(doc({}, {"type": "string", "format": "url"}))) == {
        "type": "string",
        "format": "uri",
    }


def test_read_only_ref_wrapped_in_all_of() -> None:
    schemas = {"Owner": {"type": "string"}}
    wrapped = {"allOf": [{"$ref": "#/components/schemas/Owner"}], "readOnly": True}
    assert body_of(normalise(doc(schemas, wrapped))) == {"type": "string", "readOnly": True}


def test_all_of_merges_properties_and_required() -> None:
    schemas = {"Base": {"type": "object", "properties": {"a": {}}, "required": ["a"]}}
    merged = {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {"properties": {"b": {"type": "string"}}, "required": ["b"]},
        ]
    }
    assert body_of(normalise(doc(schemas, merged))) == {
        "type": "object",
        "properties": {"a": {}, "b": {"type": "string"}},
        "required": ["a", "b"],
    }


def test_security_is_described_by_scheme_not_name() -> None:
    one = doc({}, THING, security=[{"tokenAuth": []}, {"cookieAuth": []}, {}])
    renamed = doc({}, THING, security=[{}, {"session": []}, {"key": []}])
    renamed["components"]["securitySchemes"] = {"key": TOKEN, "session": SESSION}
    security = normalise(one)["paths"]["/api/things/"]["get"]["security"]
    assert security == [
        ["anonymous"],
        ["apiKey in cookie sessionid"],
        ["apiKey in header Authorization"],
    ]
    assert normalise(renamed) == normalise(one)
    assert normalise(doc({}, THING, security=[]))["paths"]["/api/things/"]["get"]["security"] == [
        ["anonymous"]
    ]


def test_document_level_security_applies_when_operation_has_none() -> None:
    document = doc({}, THING)
    document["security"] = [{"tokenAuth": []}]
    security = normalise(document)["paths"]["/api/things/"]["get"]["security"]
    assert security == [["apiKey in header Authorization"]]


def test_parameters_merge_path_level_and_sort() -> None:
    document = doc(
        {},
        THING,
        parameters=[
            {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        ],
    )
    document["paths"]["/api/things/"]["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
        {"$ref": "#/components/parameters/Search"},
    ]
    document["components"]["parameters"] = {
        "Search": {"name": "search", "in": "query", "schema": {"type": "string"}}
    }
    parameters = normalise(document)["paths"]["/api/things/"]["get"]["parameters"]
    assert parameters == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}},
        {"name": "search", "in": "query", "required": False, "schema": {"type": "string"}},
    ]


def test_request_body_per_media_type() -> None:
    document = doc(
        {},
        THING,
        requestBody={"required": True, "content": {"application/json": {"schema": THING}}},
    )
    body = normalise(document)["paths"]["/api/things/"]["get"]["requestBody"]
    assert body["required"] is True and set(body["content"]) == {"application/json"}


def test_broken_and_recursive_references() -> None:
    with pytest.raises(OpenAPIError, match="points nowhere"):
        normalise(doc({}, {"$ref": "#/components/schemas/Missing"}))
    tree = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/T"}}},
    }
    body = body_of(normalise(doc({"T": tree}, {"$ref": "#/components/schemas/T"})))
    assert body["properties"]["children"]["items"] == {"recursive": 1}


def test_flatten_lines_are_sorted_paths() -> None:
    lines = list(flatten({"b": {"c": 1}, "a": [1, 2], "d": [{"e": None}]}))
    assert lines == ["a → [1, 2]", "b / c → 1", "d / [0] / e → null"]


def test_reference_documents_normalise_as_json() -> None:
    normalised = normalise(openapi_document(load_spec(bundled_spec("bookshelf"))))
    assert json.loads(json.dumps(normalised)) == normalised
    assert "/api/books/{id}/" in normalised["paths"]


# --- properties -------------------------------------------------------------------------

leaf = st.sampled_from(
    [
        {"type": "string"},
        {"type": "string", "maxLength": 10},
        {"type": "integer", "minimum": 0, "maximum": 5},
        {"type": "string", "format": "date"},
        {"type": "boolean", "readOnly": True},
        {"type": "string", "enum": ["a", "b"]},
    ]
)
schemas_drawn = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.builds(lambda items: {"type": "array", "items": items}, inner),
        st.dictionaries(st.sampled_from("abcdef"), inner, min_size=1, max_size=4).map(
            lambda properties: {
                "type": "object",
                "properties": properties,
                "required": sorted(properties)[:1],
            }
        ),
    ),
    max_leaves=8,
)


def _extract(schema: dict, components: dict, names: Iterator[str]) -> dict:
    """``schema`` with every object moved into ``components`` under a fresh name."""
    schema = copy.deepcopy(schema)
    if "items" in schema:
        schema["items"] = _extract(schema["items"], components, names)
    if "properties" in schema:
        schema["properties"] = {
            key: _extract(value, components, names) for key, value in schema["properties"].items()
        }
        name = next(names)
        components[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}
    return schema


def _to_31(schema: dict) -> dict:
    """``schema`` with every object nullable, spelled the 3.1 way."""
    schema = copy.deepcopy(schema)
    if "items" in schema:
        schema["items"] = _to_31(schema["items"])
    if "properties" in schema:
        schema["properties"] = {key: _to_31(value) for key, value in schema["properties"].items()}
    schema["type"] = [schema["type"], "null"]
    return schema


def _to_30(schema: dict) -> dict:
    schema = copy.deepcopy(schema)
    if "items" in schema:
        schema["items"] = _to_30(schema["items"])
    if "properties" in schema:
        schema["properties"] = {key: _to_30(value) for key, value in schema["properties"].items()}
    schema["nullable"] = True
    return schema


@settings(max_examples=60, deadline=None)
@given(schemas_drawn, st.text("xyz", min_size=1, max_size=3))
def test_inlining_or_naming_components_changes_nothing(schema: dict, prefix: str) -> None:
    components: dict = {}
    names = iter(f"{prefix}{index}" for index in range(1000))
    referenced = _extract(schema, components, names)
    assert normalise(doc(components, referenced)) == normalise(doc({}, schema))


@settings(max_examples=60, deadline=None)
@given(schemas_drawn)
def test_30_and_31_nullable_agree(schema: dict) -> None:
    assert normalise(doc({}, _to_30(schema))) == normalise(doc({}, _to_31(schema)))


@settings(max_examples=60, deadline=None)
@given(schemas_drawn, schemas_drawn)
def test_different_schemas_give_a_diff(one: dict, two: dict) -> None:
    left, right = normalise(doc({}, one)), normalise(doc({}, two))
    assert (left == right) == (diff(left, right) == "")
