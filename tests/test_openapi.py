"""The OpenAPI document: valid for every spec, and true to the model's rules."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from openapi_spec_validator import validate

from generator.model import Project
from generator.normalise import build_project
from generator.openapi import openapi_document
from generator.openapi import openapi_json
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.apps import EXAMPLE_SPECS


def document(name: str) -> dict:
    return openapi_document(load_spec(bundled_spec(name)))


@pytest.mark.parametrize("name", EXAMPLE_SPECS)
def test_bundled_specs_give_valid_documents(name: str) -> None:
    validate(document(name))


@pytest.mark.parametrize("name", EXAMPLE_SPECS)
def test_every_entity_has_its_paths_and_operations(name: str) -> None:
    project = load_spec(bundled_spec(name))
    paths = openapi_document(project)["paths"]
    for entity in project.entities:
        assert set(paths[f"/api/{entity.plural}/"]) == {"get", "post"}
        assert {"get", "put", "patch", "delete"} <= set(paths[f"/api/{entity.plural}/{{id}}/"])
    assert "post" in paths["/api/token/"]
    assert "get" in paths["/api/me/"]
    assert "/api/openapi.json" not in paths  # neither library lists its own document


def test_json_text_is_stable_and_ends_with_a_newline() -> None:
    project = load_spec(bundled_spec("bookshelf"))
    text = openapi_json(project)
    assert text.endswith("}\n")
    assert json.loads(text) == openapi_document(project)
    assert text == openapi_json(load_spec(bundled_spec("bookshelf")))
    assert project.openapi_json == text


def test_info_comes_from_the_spec() -> None:
    info = document("bookshelf")["info"]
    assert info["title"] == "Bookshelf"
    assert info["description"] == "A tiny catalogue of books."


def test_decimal_is_a_string_with_its_places() -> None:
    schemas = document("bookshelf")["components"]["schemas"]
    price_out = schemas["Book"]["properties"]["price"]
    assert price_out["type"] == "string"
    out = re.compile(price_out["pattern"])
    assert out.search("12.50") and out.search("0.00")
    assert not out.search("12.5") and not out.search("12.500") and not out.search("12345.00")
    price_in = re.compile(schemas["BookRequest"]["properties"]["price"]["pattern"])
    assert price_in.search("12.5") and price_in.search("9999.99") and price_in.search("3")
    assert not price_in.search("1.234") and not price_in.search("10000") and not price_in.search("")
    assert schemas["BookRequest"]["properties"]["price"]["default"] == "0.00"


def test_required_lists_only_required_fields_without_default() -> None:
    schemas = document("bookshelf")["components"]["schemas"]
    assert schemas["BookRequest"]["required"] == ["title", "isbn", "author"]
    assert "required" not in schemas["PatchedBookRequest"]
    read = schemas["Book"]
    # what a request must carry, and every read-only field, as both libraries declare it
    assert read["required"] == [
        "id",
        "title",
        "isbn",
        "author",
        "owner",
        "created_at",
        "updated_at",
    ]
    for name in ("id", "owner", "created_at", "updated_at"):
        assert read["properties"][name]["readOnly"] is True
        assert name not in schemas["BookRequest"]["properties"]


def test_field_rules() -> None:
    schemas = document("bookshelf")["components"]["schemas"]
    book = schemas["BookRequest"]["properties"]
    assert book["genre"]["enum"] == ["fiction", "nonfiction", "poetry"]
    assert book["title"] == {
        "title": "Title",
        "type": "string",
        "maxLength": 200,
        "minLength": 1,
        "description": "As printed on the cover",
    }
    assert book["pages"]["minimum"] == 1 and book["pages"]["nullable"] is True
    assert (book["rating"]["minimum"], book["rating"]["maximum"]) == (0, 5)
    # an integer without a max is still a 32-bit integer, in both apps
    assert (book["pages"]["minimum"], book["pages"]["maximum"]) == (1, 2**31 - 1)
    assert book["published"]["format"] == "date"
    assert book["released_at"]["format"] == "date-time"
    assert book["author"]["type"] == "integer" and "nullable" not in book["author"]
    assert book["translator"]["nullable"] is True
    assert book["tags"] == {**book["tags"], "type": "array", "items": {"type": "integer"}}
    assert {"format": "email"} in book["contact"]["anyOf"]
    assert schemas["Book"]["properties"]["released_at"]["pattern"] == "Z$"


def test_security_follows_api_read_and_write() -> None:
    doc = document("bookshelf")
    schemes = doc["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {**schemes["tokenAuth"], "in": "header", "name": "Authorization"}
    assert schemes["cookieAuth"]["in"] == "cookie"
    books = doc["paths"]["/api/books/"]
    assert {} in books["get"]["security"]
    assert {} not in books["post"]["security"]
    assert "401" in books["post"]["responses"] and "415" in books["post"]["responses"]


def test_request_bodies_are_required_when_a_field_is() -> None:
    paths = document("bookshelf")["paths"]
    assert paths["/api/books/"]["post"]["requestBody"]["required"] is True
    assert paths["/api/books/{id}/"]["patch"]["requestBody"]["required"] is False
    assert paths["/api/token/"]["post"]["requestBody"]["required"] is True


def test_protected_targets_may_answer_409() -> None:
    paths = document("bookshelf")["paths"]
    assert "409" in paths["/api/authors/{id}/"]["delete"]["responses"]
    assert "409" not in paths["/api/tags/{id}/"]["delete"]["responses"]


def test_list_parameters() -> None:
    parameters = document("bookshelf")["paths"]["/api/books/"]["get"]["parameters"]
    by_name = {parameter["name"]: parameter["schema"] for parameter in parameters}
    assert set(by_name) == {"page", "search", "ordering", "genre", "in_print", "author"}
    assert by_name["in_print"] == {"type": "boolean"}
    assert by_name["author"] == {"type": "integer"}
    assert by_name["genre"]["enum"] == ["fiction", "nonfiction", "poetry"]


def test_authenticated_read_has_no_anonymous_option() -> None:
    project = build_project(
        {
            "project_name": "Secret",
            "entities": {
                "Note": {
                    "fields": {"text": {"type": "text"}},
                    "api": {"read": "authenticated", "write": "staff"},
                }
            },
        }
    )
    doc = openapi_document(project)
    validate(doc)
    assert {} not in doc["paths"]["/api/notes/"]["get"]["security"]


def _strategies():
    try:
        from tests import strategies
    except ImportError:  # pragma: no cover - written by another engineer
        pytest.fail("tests/strategies.py (valid_specs) is missing")
    return strategies


def test_documents_for_drawn_specs_are_valid() -> None:
    strategies = _strategies()

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategies.valid_specs())
    def check(raw: dict) -> None:
        project: Project = build_project(raw)
        validate(openapi_document(project))
        json.loads(openapi_json(project))

    check()


@pytest.mark.parametrize(
    ("value", "places", "written"),
    [("0", 7, "0.0000000"), ("-1.5", 2, "-1.50"), ("1E+3", 0, "1000"), ("0.00", 0, "0")],
)
def test_a_decimal_is_written_in_fixed_point(value: str, places: int, written: str) -> None:
    from decimal import Decimal

    from generator.openapi import format_decimal

    assert format_decimal(Decimal(value), places) == written
