"""Every rule of the spec: a broken spec names the place, says what is wrong and what is right."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from generator.errors import SpecError
from generator.loading import parse_spec
from generator.loading import read_spec
from generator.validation import check
from generator.validation import validate

ROOT = Path(__file__).resolve().parent.parent
SPEC_MD = ROOT / "docs" / "spec.md"
"""The reference of the spec format."""
DELETE = object()

BASE: dict[str, Any] = {
    "project_name": "Bookshelf",
    "description": "A tiny catalogue of books.",
    "entities": {
        "Author": {"fields": {"name": {"type": "string", "max_length": 120}}},
        "Tag": {"fields": {"name": {"type": "string", "max_length": 40, "unique": True}}},
        "Book": {
            "owner": True,
            "timestamps": True,
            "fields": {
                "title": {"type": "string", "max_length": 200, "help": "As printed"},
                "summary": {"type": "text", "required": False},
                "pages": {"type": "integer", "min": 1, "max": 5000, "required": False},
                "rating": {"type": "float", "min": 0, "max": 5, "required": False},
                "price": {"type": "decimal", "max_digits": 6, "decimal_places": 2, "default": "0"},
                "genre": {"type": "choice", "choices": ["fiction", "poetry"], "default": "fiction"},
                "in_print": {"type": "boolean", "default": True},
                "published": {"type": "date", "required": False},
                "released_at": {"type": "datetime", "required": False},
                "contact": {"type": "email", "required": False, "default": "a@example.com"},
                "website": {"type": "url", "required": False, "default": "https://example.com/"},
                "author": {"type": "fk", "to": "Author", "on_delete": "protect"},
                "tags": {"type": "m2m", "to": "Tag", "required": False},
            },
            "display": "title",
            "ordering": ["-published", "title"],
            "admin": {"list": ["title", "author"], "search": ["title"], "filter": ["genre"]},
            "api": {"read": "public", "write": "owner", "page_size": 20},
        },
    },
}

BOOK = "entities.Book"
BOOK_FIELDS = "entities.Book.fields"
AUTHOR = "entities.Author"


def changed(edits: dict[str, Any]) -> dict[str, Any]:
    """A copy of BASE with each dotted path set to a value (or removed with DELETE)."""
    spec = copy.deepcopy(BASE)
    for path, value in edits.items():
        *parents, last = path.split(".")
        target = spec
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return spec


def case(name: str, edits: dict[str, Any], *locations: str) -> Any:
    """One broken spec and the locations of the problems it must produce."""
    return pytest.param(edits, list(locations), id=name)


def field(path: str, **options: Any) -> dict[str, Any]:
    """An edit that (re)declares one field of Book."""
    return {f"{BOOK_FIELDS}.{path}": options}


def book(path: str, value: Any) -> dict[str, Any]:
    """An edit of one key under Book."""
    return {f"{BOOK}.{path}": value}


TOP_LEVEL_CASES = [
    case("project_name missing", {"project_name": DELETE}, "project_name"),
    case("project_name empty", {"project_name": "  "}, "project_name"),
    case("project_name not text", {"project_name": 42}, "project_name"),
    case("project_name slug empty", {"project_name": "!!!"}, "project_name"),
    case("project_name slug reserved", {"project_name": "Django"}, "project_name"),
    case("project_slug not identifier", {"project_slug": "book-shelf"}, "project_slug"),
    case("project_slug upper case", {"project_slug": "Bookshelf"}, "project_slug"),
    case("project_slug keyword", {"project_slug": "class"}, "project_slug"),
    case("project_slug reserved", {"project_slug": "rest_framework"}, "project_slug"),
    case("project_slug null", {"project_slug": None}, "project_slug"),
    case("description not text", {"description": ["a"]}, "description"),
    case("unknown top-level key", {"framework": "django"}, "framework"),
    case("entities missing", {"entities": DELETE}, "entities"),
    case("entities empty", {"entities": {}}, "entities"),
    case("entities a list", {"entities": ["Book"]}, "entities"),
]

ENTITY_CASES = [
    case(
        "entity name lower case",
        {"entities.bookNote": {"fields": {"x": {"type": "text"}}}},
        "entities.bookNote",
    ),
    case(
        "entity name underscore",
        {"entities.Book_Note": {"fields": {"x": {"type": "text"}}}},
        "entities.Book_Note",
    ),
    case(
        "entity name not text",
        {"entities": {True: {"fields": {"x": {"type": "text"}}}}},
        "entities.True",
    ),
    case(
        "entity name User", {"entities.User": {"fields": {"x": {"type": "text"}}}}, "entities.User"
    ),
    case(
        "entity name Token",
        {"entities.Token": {"fields": {"x": {"type": "text"}}}},
        "entities.Token",
    ),
    case(
        "entity name keyword None",
        {"entities.None": {"fields": {"x": {"type": "text"}}}},
        "entities.None",
    ),
    case(
        "entity name Meta", {"entities.Meta": {"fields": {"x": {"type": "text"}}}}, "entities.Meta"
    ),
    case(
        "entity names same snake case",
        {
            "entities.ABTest": {"fields": {"x": {"type": "text"}}},
            "entities.AbTest": {"fields": {"x": {"type": "text"}}},
        },
        "entities.AbTest",
    ),
    case("entity not a mapping", {AUTHOR: "name: string"}, AUTHOR),
    case("unknown entity key", book("verbose_name", "Book"), f"{BOOK}.verbose_name"),
    case("fields missing", {f"{AUTHOR}.fields": DELETE}, f"{AUTHOR}.fields"),
    case("fields empty", {f"{AUTHOR}.fields": {}}, f"{AUTHOR}.fields"),
    case("fields a list", {f"{AUTHOR}.fields": ["name"]}, f"{AUTHOR}.fields"),
    case("owner not boolean", book("owner", "yes"), f"{BOOK}.owner", f"{BOOK}.api.write"),
    case("timestamps not boolean", {f"{AUTHOR}.timestamps": 1}, f"{AUTHOR}.timestamps"),
]

PLURAL_CASES = [
    case("plural upper case", book("plural", "Books"), f"{BOOK}.plural"),
    case("plural underscore", book("plural", "my_books"), f"{BOOK}.plural"),
    case("plural trailing hyphen", book("plural", "books-"), f"{BOOK}.plural"),
    case("plural doubled hyphen", book("plural", "my--books"), f"{BOOK}.plural"),
    case("plural reserved token", book("plural", "token"), f"{BOOK}.plural"),
    case("plural reserved me", book("plural", "me"), f"{BOOK}.plural"),
    case("plural keyword", book("plural", "class"), f"{BOOK}.plural"),
    case("plural not text", book("plural", 3), f"{BOOK}.plural"),
    case(
        "plural repeats explicit",
        {f"{AUTHOR}.plural": "books", f"{BOOK}.plural": "books"},
        f"{BOOK}.plural",
    ),
    case("plural repeats a default", {f"{BOOK}.plural": "tags"}, f"{BOOK}.plural"),
]

FIELD_NAME_CASES = [
    case("field name camel case", field("pageCount", type="integer"), f"{BOOK_FIELDS}.pageCount"),
    case("field name starts with digit", field("2nd", type="text"), f"{BOOK_FIELDS}.2nd"),
    case(
        "field name double underscore",
        field("sub__title", type="text"),
        f"{BOOK_FIELDS}.sub__title",
    ),
    case("field name trailing underscore", field("note_", type="text"), f"{BOOK_FIELDS}.note_"),
    case("field name keyword", field("class", type="text"), f"{BOOK_FIELDS}.class"),
    case("field name id", field("id", type="integer"), f"{BOOK_FIELDS}.id"),
    case("field name pk", field("pk", type="integer"), f"{BOOK_FIELDS}.pk"),
    case("field name owner", field("owner", type="text"), f"{BOOK_FIELDS}.owner"),
    case("field name owner_id", field("owner_id", type="integer"), f"{BOOK_FIELDS}.owner_id"),
    case(
        "field name created_at", field("created_at", type="datetime"), f"{BOOK_FIELDS}.created_at"
    ),
    case(
        "field name updated_at",
        {f"{AUTHOR}.fields.updated_at": {"type": "date"}},
        f"{AUTHOR}.fields.updated_at",
    ),
    case("field name objects", field("objects", type="text"), f"{BOOK_FIELDS}.objects"),
    case("field name query", field("query", type="text"), f"{BOOK_FIELDS}.query"),
    case("field name metadata", field("metadata", type="text"), f"{BOOK_FIELDS}.metadata"),
    case("field name registry", field("registry", type="text"), f"{BOOK_FIELDS}.registry"),
    case("field name save", field("save", type="text"), f"{BOOK_FIELDS}.save"),
    case("field name delete", field("delete", type="text"), f"{BOOK_FIELDS}.delete"),
    case("field name clean", field("clean", type="text"), f"{BOOK_FIELDS}.clean"),
    case("fk column taken", field("author_id", type="integer"), f"{BOOK_FIELDS}.author_id"),
    case("field not a mapping", {f"{BOOK_FIELDS}.note": "text"}, f"{BOOK_FIELDS}.note"),
    case("field type missing", field("note", max_length=3), f"{BOOK_FIELDS}.note.type"),
    case("field type unknown", field("note", type="str"), f"{BOOK_FIELDS}.note.type"),
]

OPTION_CASES = [
    case(
        "unknown option",
        field("title", type="string", maxlength=20),
        f"{BOOK_FIELDS}.title.maxlength",
    ),
    case(
        "option of another type", field("title", type="string", min=1), f"{BOOK_FIELDS}.title.min"
    ),
    case(
        "max_length on text",
        field("summary", type="text", max_length=9),
        f"{BOOK_FIELDS}.summary.max_length",
    ),
    case(
        "max_length on choice",
        field("genre", type="choice", choices=["a"], max_length=9),
        f"{BOOK_FIELDS}.genre.max_length",
    ),
    case(
        "required on boolean",
        field("in_print", type="boolean", required=False),
        f"{BOOK_FIELDS}.in_print.required",
    ),
    case(
        "unique on boolean",
        field("in_print", type="boolean", unique=True),
        f"{BOOK_FIELDS}.in_print.unique",
    ),
    case(
        "unique on text",
        field("summary", type="text", unique=True),
        f"{BOOK_FIELDS}.summary.unique",
    ),
    case(
        "unique on m2m",
        field("tags", type="m2m", to="Tag", unique=True),
        f"{BOOK_FIELDS}.tags.unique",
    ),
    case(
        "unique on fk",
        field("author", type="fk", to="Author", unique=True),
        f"{BOOK_FIELDS}.author.unique",
    ),
    case(
        "unique on an optional string",
        field("isbn", type="string", max_length=13, unique=True, required=False),
        f"{BOOK_FIELDS}.isbn.unique",
    ),
    case(
        "empty label",
        field("title", type="string", label="  "),
        f"{BOOK_FIELDS}.title.label",
    ),
    case(
        "default on fk",
        field("author", type="fk", to="Author", default=1),
        f"{BOOK_FIELDS}.author.default",
    ),
    case(
        "default on m2m",
        field("tags", type="m2m", to="Tag", default=[]),
        f"{BOOK_FIELDS}.tags.default",
    ),
    case(
        "default on date",
        field("published", type="date", default="2020-01-01"),
        f"{BOOK_FIELDS}.published.default",
    ),
    case(
        "default on datetime",
        field("released_at", type="datetime", default="now"),
        f"{BOOK_FIELDS}.released_at.default",
    ),
    case(
        "required not boolean",
        field("summary", type="text", required="no"),
        f"{BOOK_FIELDS}.summary.required",
    ),
    case(
        "unique not boolean",
        field("title", type="string", unique="yes"),
        f"{BOOK_FIELDS}.title.unique",
    ),
    case("help not text", field("title", type="string", help=3), f"{BOOK_FIELDS}.title.help"),
    case(
        "label not text", field("title", type="string", label=["T"]), f"{BOOK_FIELDS}.title.label"
    ),
    case(
        "max_length zero",
        field("title", type="string", max_length=0),
        f"{BOOK_FIELDS}.title.max_length",
    ),
    case(
        "max_length too big",
        field("title", type="string", max_length=10_001),
        f"{BOOK_FIELDS}.title.max_length",
    ),
    case(
        "max_length text",
        field("title", type="string", max_length="200"),
        f"{BOOK_FIELDS}.title.max_length",
    ),
    case(
        "max_length boolean",
        field("contact", type="email", max_length=True),
        f"{BOOK_FIELDS}.contact.max_length",
    ),
    case("integer min text", field("pages", type="integer", min="1"), f"{BOOK_FIELDS}.pages.min"),
    case("integer min float", field("pages", type="integer", min=1.5), f"{BOOK_FIELDS}.pages.min"),
    case(
        "integer max beyond 32 bits",
        field("pages", type="integer", max=2**31),
        f"{BOOK_FIELDS}.pages.max",
    ),
    case(
        "integer min above max",
        field("pages", type="integer", min=10, max=1),
        f"{BOOK_FIELDS}.pages.max",
    ),
    case("float min boolean", field("rating", type="float", min=True), f"{BOOK_FIELDS}.rating.min"),
    case(
        "float max not finite",
        field("rating", type="float", max=float("inf")),
        f"{BOOK_FIELDS}.rating.max",
    ),
    case(
        "float min above max",
        field("rating", type="float", min=5.5, max=5),
        f"{BOOK_FIELDS}.rating.max",
    ),
    case(
        "decimal max_digits missing",
        field("price", type="decimal", decimal_places=2),
        f"{BOOK_FIELDS}.price.max_digits",
    ),
    case(
        "decimal decimal_places missing",
        field("price", type="decimal", max_digits=6),
        f"{BOOK_FIELDS}.price.decimal_places",
    ),
    case(
        "decimal max_digits zero",
        field("price", type="decimal", max_digits=0, decimal_places=0),
        f"{BOOK_FIELDS}.price.max_digits",
    ),
    case(
        "decimal max_digits too big",
        field("price", type="decimal", max_digits=39, decimal_places=2),
        f"{BOOK_FIELDS}.price.max_digits",
    ),
    case(
        "decimal places negative",
        field("price", type="decimal", max_digits=6, decimal_places=-1),
        f"{BOOK_FIELDS}.price.decimal_places",
    ),
    case(
        "decimal places above digits",
        field("price", type="decimal", max_digits=4, decimal_places=5),
        f"{BOOK_FIELDS}.price.decimal_places",
    ),
    case(
        "decimal min not a number",
        field("price", type="decimal", max_digits=6, decimal_places=2, min="cheap"),
        f"{BOOK_FIELDS}.price.min",
    ),
    case(
        "decimal min above max",
        field("price", type="decimal", max_digits=6, decimal_places=2, min="9.5", max=2),
        f"{BOOK_FIELDS}.price.max",
    ),
    case("choices missing", field("genre", type="choice"), f"{BOOK_FIELDS}.genre.choices"),
    case(
        "choices empty", field("genre", type="choice", choices=[]), f"{BOOK_FIELDS}.genre.choices"
    ),
    case(
        "choices not a list",
        field("genre", type="choice", choices="a, b"),
        f"{BOOK_FIELDS}.genre.choices",
    ),
    case(
        "choice not text",
        field("genre", type="choice", choices=["yes", False]),
        f"{BOOK_FIELDS}.genre.choices[1]",
    ),
    case(
        "choice empty",
        field("genre", type="choice", choices=["a", ""]),
        f"{BOOK_FIELDS}.genre.choices[1]",
    ),
    case(
        "choice repeated",
        field("genre", type="choice", choices=["a", "b", "a"]),
        f"{BOOK_FIELDS}.genre.choices[2]",
    ),
    case(
        "choices share identifier",
        field("genre", type="choice", choices=["non-fiction", "non fiction"]),
        f"{BOOK_FIELDS}.genre.choices[1]",
    ),
    case(
        "choice too long",
        field("genre", type="choice", choices=["a", "x" * 256]),
        f"{BOOK_FIELDS}.genre.choices[1]",
    ),
    case("to missing", field("author", type="fk"), f"{BOOK_FIELDS}.author.to"),
    case("to unknown entity", field("author", type="fk", to="Writer"), f"{BOOK_FIELDS}.author.to"),
    case("to lower case user", field("tags", type="m2m", to="user"), f"{BOOK_FIELDS}.tags.to"),
    case("to not text", field("tags", type="m2m", to=["Tag"]), f"{BOOK_FIELDS}.tags.to"),
    case(
        "on_delete unknown",
        field("author", type="fk", to="Author", on_delete="restrict"),
        f"{BOOK_FIELDS}.author.on_delete",
    ),
    case(
        "set_null on required fk",
        field("author", type="fk", to="Author", on_delete="set_null"),
        f"{BOOK_FIELDS}.author.on_delete",
    ),
]

DEFAULT_CASES = [
    case(
        "string default not text",
        field("title", type="string", default=3),
        f"{BOOK_FIELDS}.title.default",
    ),
    case(
        "string default too long",
        field("title", type="string", max_length=3, default="abcd"),
        f"{BOOK_FIELDS}.title.default",
    ),
    case(
        "string default beyond 255",
        field("title", type="string", default="x" * 256),
        f"{BOOK_FIELDS}.title.default",
    ),
    case(
        "text default not text",
        field("summary", type="text", default=None),
        f"{BOOK_FIELDS}.summary.default",
    ),
    case(
        "email default not an address",
        field("contact", type="email", default="nobody"),
        f"{BOOK_FIELDS}.contact.default",
    ),
    case(
        "url default without scheme",
        field("website", type="url", default="example.com"),
        f"{BOOK_FIELDS}.website.default",
    ),
    case(
        "choice default not a choice",
        field("genre", type="choice", choices=["a", "b"], default="c"),
        f"{BOOK_FIELDS}.genre.default",
    ),
    case(
        "choice default not text",
        field("genre", type="choice", choices=["1", "2"], default=1),
        f"{BOOK_FIELDS}.genre.default",
    ),
    case(
        "integer default text",
        field("pages", type="integer", default="5"),
        f"{BOOK_FIELDS}.pages.default",
    ),
    case(
        "integer default boolean",
        field("pages", type="integer", default=True),
        f"{BOOK_FIELDS}.pages.default",
    ),
    case(
        "integer default below min",
        field("pages", type="integer", min=1, default=0),
        f"{BOOK_FIELDS}.pages.default",
    ),
    case(
        "float default text",
        field("rating", type="float", default="high"),
        f"{BOOK_FIELDS}.rating.default",
    ),
    case(
        "float default above max",
        field("rating", type="float", max=5, default=5.5),
        f"{BOOK_FIELDS}.rating.default",
    ),
    case(
        "decimal default not a number",
        field("price", type="decimal", max_digits=6, decimal_places=2, default="free"),
        f"{BOOK_FIELDS}.price.default",
    ),
    case(
        "decimal default too many places",
        field("price", type="decimal", max_digits=6, decimal_places=2, default="1.234"),
        f"{BOOK_FIELDS}.price.default",
    ),
    case(
        "decimal default too many digits",
        field("price", type="decimal", max_digits=6, decimal_places=2, default=12345),
        f"{BOOK_FIELDS}.price.default",
    ),
    case(
        "decimal default below min",
        field("price", type="decimal", max_digits=6, decimal_places=2, min=1, default="0.5"),
        f"{BOOK_FIELDS}.price.default",
    ),
    case(
        "boolean default text",
        field("in_print", type="boolean", default="yes"),
        f"{BOOK_FIELDS}.in_print.default",
    ),
]

LIST_CASES = [
    case("display not a field", book("display", "name"), f"{BOOK}.display"),
    case("display many-to-many", book("display", "tags"), f"{BOOK}.display"),
    case("display not text", book("display", ["title"]), f"{BOOK}.display"),
    case("ordering not a list", book("ordering", "title"), f"{BOOK}.ordering"),
    case("ordering unknown field", book("ordering", ["title", "-nope"]), f"{BOOK}.ordering[1]"),
    case("ordering many-to-many", book("ordering", ["-tags"]), f"{BOOK}.ordering[0]"),
    case(
        "ordering timestamps not generated",
        {f"{AUTHOR}.ordering": ["-created_at"]},
        f"{AUTHOR}.ordering[0]",
    ),
    case("ordering repeated", book("ordering", ["title", "-title"]), f"{BOOK}.ordering[1]"),
    case("admin not a mapping", book("admin", ["title"]), f"{BOOK}.admin"),
    case("admin unknown key", book("admin", {"actions": []}), f"{BOOK}.admin.actions"),
    case("admin list not a list", book("admin", {"list": "title"}), f"{BOOK}.admin.list"),
    case(
        "admin list unknown field",
        book("admin", {"list": ["title", "author", "nope"]}),
        f"{BOOK}.admin.list[2]",
    ),
    case("admin list many-to-many", book("admin", {"list": ["tags"]}), f"{BOOK}.admin.list[0]"),
    case(
        "admin list repeated", book("admin", {"list": ["title", "title"]}), f"{BOOK}.admin.list[1]"
    ),
    case(
        "admin list owner not generated",
        {f"{AUTHOR}.admin": {"list": ["owner"]}},
        f"{AUTHOR}.admin.list[0]",
    ),
    case("admin search integer", book("admin", {"search": ["pages"]}), f"{BOOK}.admin.search[0]"),
    case(
        "admin search fk", book("admin", {"search": ["title", "author"]}), f"{BOOK}.admin.search[1]"
    ),
    case("admin filter text", book("admin", {"filter": ["summary"]}), f"{BOOK}.admin.filter[0]"),
    case("admin filter float", book("admin", {"filter": ["rating"]}), f"{BOOK}.admin.filter[0]"),
    case(
        "admin filter generated owner",
        book("admin", {"filter": ["owner"]}),
        f"{BOOK}.admin.filter[0]",
    ),
    case("api not a mapping", book("api", "public"), f"{BOOK}.api"),
    case("api unknown key", book("api", {"delete": "staff"}), f"{BOOK}.api.delete"),
    case("api read unknown", book("api", {"read": "private"}), f"{BOOK}.api.read"),
    case("api write unknown", book("api", {"write": "anyone"}), f"{BOOK}.api.write"),
    case(
        "api write owner without owner",
        {f"{AUTHOR}.api": {"write": "owner"}},
        f"{AUTHOR}.api.write",
    ),
    case("api page_size zero", book("api", {"page_size": 0}), f"{BOOK}.api.page_size"),
    case("api page_size too big", book("api", {"page_size": 1001}), f"{BOOK}.api.page_size"),
    case("api page_size text", book("api", {"page_size": "20"}), f"{BOOK}.api.page_size"),
]

RELATION_CASES = [
    case(
        "reverse name takes a target field",
        {f"{AUTHOR}.fields.books": {"type": "integer"}},
        f"{BOOK_FIELDS}.author",
    ),
    case(
        "reverse name takes a target fk column",
        {
            f"{AUTHOR}.fields.book": {
                "type": "fk",
                "to": "Tag",
                "required": False,
                "on_delete": "set_null",
            },
            f"{BOOK}.plural": "book-id",
        },
        f"{BOOK_FIELDS}.author",
    ),
    case(
        "reverse name takes an ORM attribute",
        {"entities.Object": {"fields": {"author": {"type": "fk", "to": "Author"}}}},
        "entities.Object.fields.author",
    ),
    case(
        "reverse name takes a user attribute",
        {
            "entities.Team": {
                "owner": True,
                "plural": "groups",
                "fields": {"name": {"type": "text"}},
            }
        },
        "entities.Team.owner",
    ),
    case(
        "reverse names meet on one target",
        field("x", type="fk", to="Author")
        | {
            "entities.Shelf": {
                "plural": "x-books",
                "fields": {"writer": {"type": "fk", "to": "Author"}},
            }
        },
        "entities.Shelf.fields.writer",
    ),
    case(
        "required fk to its own entity",
        {f"{AUTHOR}.fields.mentor": {"type": "fk", "to": "Author"}},
        f"{AUTHOR}.fields.mentor",
    ),
    case(
        "required relations in a cycle",
        {f"{AUTHOR}.fields.favourite": {"type": "fk", "to": "Book"}},
        f"{BOOK_FIELDS}.author",
    ),
    case(
        "association table takes a table name",
        {"entities.BookTags": {"fields": {"name": {"type": "text"}}}},
        f"{BOOK_FIELDS}.tags",
    ),
]

STRING_RULE_CASES = [
    *(
        case(
            f"pattern {pattern!r}",
            field("code", type="string", pattern=pattern),
            f"{BOOK_FIELDS}.code.pattern",
        )
        for pattern in (
            "(?P<prefix>[A-Z]+)",  # Python-only named group
            "(?<prefix>[A-Z]+)",  # JavaScript-only named group
            "(?i)abc",  # inline flag
            r"\Aabc\Z",  # Python-only anchors
            "a(?=b)b",  # lookahead
            "(?<=a)b",  # lookbehind
            r"(a)\1",  # backreference
            "a{,3}",  # Python-only {,n}
            "a*+",  # possessive
            r"\p{L}+",  # JavaScript-only property escape
            "[[a]",  # [ inside a set
            "[]a]",  # ] first in a set
            "(",  # does not compile
            "a\U0001f600",  # escape Python only
            "\U0001f600",  # beyond U+FFFF as a character
            "",  # empty
            "[0-9]{300}",  # nothing fits max_length 255
        )
    ),
    case(
        "pattern not text", field("code", type="string", pattern=5), f"{BOOK_FIELDS}.code.pattern"
    ),
    case("pattern on text", field("code", type="text", pattern="a"), f"{BOOK_FIELDS}.code.pattern"),
    case(
        "min_length zero",
        field("code", type="string", min_length=0),
        f"{BOOK_FIELDS}.code.min_length",
    ),
    case(
        "min_length above max_length",
        field("code", type="string", max_length=4, min_length=5),
        f"{BOOK_FIELDS}.code.min_length",
    ),
    case(
        "min_length on email",
        field("code", type="email", min_length=5),
        f"{BOOK_FIELDS}.code.min_length",
    ),
    case(
        "no value of min_length matches",
        field("code", type="string", min_length=5, pattern="[0-9]{1,4}"),
        f"{BOOK_FIELDS}.code.pattern",
    ),
    case("index on text", field("code", type="text", index=True), f"{BOOK_FIELDS}.code.index"),
    case(
        "index on fk",
        field("code", type="fk", to="Author", index=True),
        f"{BOOK_FIELDS}.code.index",
    ),
    case(
        "index not a boolean",
        field("code", type="string", index="yes"),
        f"{BOOK_FIELDS}.code.index",
    ),
    case(
        "index beside unique",
        field("code", type="string", index=True, unique=True),
        f"{BOOK_FIELDS}.code.index",
    ),
    case(
        "default shorter than min_length",
        field("code", type="string", min_length=5, default="abc"),
        f"{BOOK_FIELDS}.code.default",
    ),
    case(
        "default off the pattern",
        field("code", type="string", pattern="[A-Z]{3}", default="abc"),
        f"{BOOK_FIELDS}.code.default",
    ),
]

ALL_CASES = (
    STRING_RULE_CASES
    + TOP_LEVEL_CASES
    + ENTITY_CASES
    + PLURAL_CASES
    + FIELD_NAME_CASES
    + OPTION_CASES
    + DEFAULT_CASES
    + LIST_CASES
    + RELATION_CASES
)


@pytest.mark.parametrize(("edits", "locations"), ALL_CASES)
def test_a_broken_rule_is_reported_at_its_place_with_a_hint(
    edits: dict[str, Any], locations: list[str]
) -> None:
    problems = validate(changed(edits))

    assert [problem.location for problem in problems] == locations, problems
    for problem in problems:
        assert problem.problem
        assert problem.hint, problem


@pytest.mark.parametrize(
    "options",
    [
        {"pattern": "[A-Z]{3}-[0-9]{4}", "max_length": 8},
        {"pattern": r"^[a-z]+(?: [a-z]+)*$", "min_length": 2},
        {"pattern": r"\d+\.\d{2}|n/a", "default": "n/a"},
        {"pattern": r"[\w.-]+@example\.com", "default": "a.b@example.com"},
        {"pattern": r"caf\u00e9|th\xe9|é+", "default": "é"},
        {"min_length": 3, "default": ""},
        {"min_length": 3, "pattern": "[a-z]+", "required": False, "default": ""},
    ],
)
def test_patterns_both_languages_read_alike_are_accepted(options: dict[str, Any]) -> None:
    assert validate(changed(field("code", type="string", **options))) == []


def test_the_base_spec_of_these_tests_is_valid() -> None:
    assert validate(copy.deepcopy(BASE)) == []


def test_the_full_example_in_spec_md_is_valid() -> None:
    text = re.search(r"```yaml\n(.*?)```", SPEC_MD.read_text(encoding="utf-8"), re.S)
    assert text is not None

    assert validate(*parse_spec(text.group(1))) == []


SMALL_BLOG = """\
project_name: "Ünïcode \\"blog\\" {{ braces }}"
entities:
  Category:
    plural: categories
    fields:
      name: {type: string, max_length: 80, unique: true}
      parent: {type: fk, to: Category, required: false, on_delete: set_null}
  Post:
    owner: true
    timestamps: true
    fields:
      title: {type: string, help: "It's \\\\ \\"quoted\\""}
      body: {type: text, default: ""}
      category: {type: fk, to: Category, required: false, on_delete: set_null}
      editor: {type: fk, to: User, required: false, on_delete: set_null}
      related: {type: m2m, to: Post}
    ordering: [-created_at]
    api: {write: owner}
"""


def test_a_small_blog_spec_is_valid() -> None:
    assert validate(*parse_spec(SMALL_BLOG)) == []


@pytest.mark.parametrize("name", ["todo", "blog", "bookshelf"])
def test_the_bundled_specs_are_valid(name: str) -> None:
    assert validate(*read_spec(ROOT / "generator" / "specs" / f"{name}.yml")) == []


def test_every_problem_in_a_spec_is_reported_at_once() -> None:
    spec = changed(
        {
            "project_name": "",
            "colour": "blue",
            f"{AUTHOR}.fields.Name": {"type": "string"},
            f"{BOOK_FIELDS}.pages": {"type": "integer", "min": 5, "max": 1},
            f"{BOOK}.api": {"page_size": 0},
        }
    )

    locations = {problem.location for problem in validate(spec)}

    assert locations == {
        "project_name",
        "colour",
        f"{AUTHOR}.fields.Name",
        f"{BOOK_FIELDS}.pages.max",
        f"{BOOK}.api.page_size",
    }


def test_check_raises_one_error_carrying_every_problem() -> None:
    spec = changed({"project_name": DELETE, f"{BOOK}.plural": "Books"})

    with pytest.raises(SpecError) as raised:
        check(spec)

    assert [problem.location for problem in raised.value.problems] == [
        "project_name",
        f"{BOOK}.plural",
    ]
    assert "2 problems" in str(raised.value)


def test_check_accepts_a_valid_spec() -> None:
    check(copy.deepcopy(BASE))


def test_a_spec_that_is_not_a_mapping_is_one_problem() -> None:
    assert [problem.location for problem in validate(["project_name"])] == [""]


BROKEN_YAML = """\
project_name: Shelf
entities:
  Book:
    fields:
      title: {type: string, max_length: 0}
      pages: {type: integer}
    ordering: [title, nope]
"""


@pytest.mark.parametrize(
    ("location", "line"),
    [
        pytest.param("entities.Book.fields.title.max_length", 5, id="option"),
        pytest.param("entities.Book.ordering[1]", 7, id="list item"),
        pytest.param("entities.Book.fields.pages.type", 6, id="key of a flow mapping"),
    ],
)
def test_problems_carry_the_yaml_line_of_their_place(location: str, line: int) -> None:
    spec, lines = parse_spec(BROKEN_YAML)
    spec["entities"]["Book"]["fields"]["pages"]["type"] = "int"

    found = {problem.location: problem.line for problem in validate(spec, lines)}

    assert found[location] == line


def test_a_missing_key_gets_the_line_of_its_parent() -> None:
    spec, lines = parse_spec("project_name: Shelf\nentities:\n  Book:\n    plural: books\n")

    [problem] = validate(spec, lines)

    assert (problem.location, problem.line) == ("entities.Book.fields", 3)


def test_invalid_yaml_is_one_problem_with_its_line() -> None:
    text = "project_name: Shelf\nentities:\n  Book: {fields: [title\n  Tag: {}\n"

    with pytest.raises(SpecError) as raised:
        parse_spec(text)

    [problem] = raised.value.problems
    assert problem.problem.startswith("invalid YAML: ")
    assert problem.location == ""
    assert problem.line == 4


def test_a_duplicate_key_is_reported_with_both_lines() -> None:
    text = "project_name: Shelf\nentities:\n  Book:\n    fields: {}\n  Book:\n    fields: {}\n"

    with pytest.raises(SpecError) as raised:
        parse_spec(text)

    [problem] = raised.value.problems
    assert (problem.location, problem.line) == ("entities.Book", 5)
    assert "line 3" in problem.problem
    assert problem.hint


def test_every_duplicate_key_is_reported() -> None:
    text = "a: 1\na: 2\nb:\n  c: [1]\n  c: [2]\n"

    with pytest.raises(SpecError) as raised:
        parse_spec(text)

    assert [p.location for p in raised.value.problems] == ["a", "b.c"]


def test_keys_yaml_reads_as_the_same_value_are_duplicates() -> None:
    with pytest.raises(SpecError) as raised:
        parse_spec("on: 1\nyes: 2\n")

    [problem] = raised.value.problems
    assert "'yes'" in problem.problem and "True" in problem.problem


def test_a_merge_key_overridden_locally_is_not_a_duplicate() -> None:
    text = "base: &base {type: string, max_length: 9}\nother:\n  <<: *base\n  max_length: 5\n"

    spec, _ = parse_spec(text)

    assert spec["other"] == {"type": "string", "max_length": 5}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("- project_name\n", "a list, not a mapping", id="list"),
        pytest.param("just text\n", "a str, not a mapping", id="scalar"),
    ],
)
def test_a_top_level_that_is_not_a_mapping_is_refused(text: str, problem: str) -> None:
    with pytest.raises(SpecError) as raised:
        parse_spec(text)

    assert problem in raised.value.problems[0].problem


def test_parse_spec_keeps_key_order_and_maps_every_key_to_its_line() -> None:
    spec, lines = parse_spec("project_name: Shelf\nentities:\n  Zed: {}\n  Abe: {}\n")

    assert list(spec["entities"]) == ["Zed", "Abe"]
    assert lines == {"project_name": 1, "entities": 2, "entities.Zed": 3, "entities.Abe": 4}


def test_read_spec_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yml"

    with pytest.raises(SpecError) as raised:
        read_spec(missing)

    assert str(missing) in raised.value.problems[0].problem


def test_read_spec_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "spec.yml"
    path.write_text(SMALL_BLOG, encoding="utf-8")

    spec, lines = read_spec(path)

    assert spec["project_name"].startswith("Ünïcode")
    assert lines["entities.Post.fields.related"] == 16


@pytest.mark.parametrize(
    ("value", "problems"),
    [
        ([["title", "author"]], 0),
        ([["title"]], 1),  # one field
        ("title", 1),  # not a list
        ([["title", "nope"]], 1),  # no such field
        ([["title", "title"]], 1),  # twice in a set
        ([["title", "author"], ["author", "title"]], 1),  # the same set twice
        ([["title", "tags"]], 1),  # m2m
    ],
)
def test_unique_together_sets(value: Any, problems: int) -> None:
    found = validate(changed(book("unique_together", value)))
    assert len(found) == problems, found
    assert all(problem.location.startswith(f"{BOOK}.unique_together") for problem in found)


@pytest.mark.parametrize(
    ("edits", "location"),
    [
        (field("data", type="json", unique=True), f"{BOOK_FIELDS}.data.unique"),
        (field("data", type="json", index=True), f"{BOOK_FIELDS}.data.index"),
        (field("data", type="json", default={"a": 1}), f"{BOOK_FIELDS}.data.default"),
        (field("data", type="json", max_length=20), f"{BOOK_FIELDS}.data.max_length"),
        ({**field("data", type="json"), **book("display", "data")}, f"{BOOK}.display"),
        ({**field("data", type="json"), **book("ordering", ["data"])}, f"{BOOK}.ordering[0]"),
        (
            {**field("data", type="json"), **book("admin", {"search": ["data"]})},
            f"{BOOK}.admin.search[0]",
        ),
        (
            {**field("data", type="json"), **book("admin", {"filter": ["data"]})},
            f"{BOOK}.admin.filter[0]",
        ),
        (
            {**field("data", type="json"), **book("unique_together", [["title", "data"]])},
            f"{BOOK}.unique_together[0]",
        ),
    ],
)
def test_a_json_field_is_a_value_the_database_does_not_compare(
    edits: dict[str, Any], location: str
) -> None:
    assert [problem.location for problem in validate(changed(edits))] == [location]


def test_a_json_field_may_be_required_or_optional_and_listed_in_the_admin() -> None:
    spec = changed(
        {
            **field("data", type="json", help="Any JSON value", label="Data"),
            **field("extra", type="json", required=False),
            **book("admin", {"list": ["title", "data"]}),
        }
    )
    assert validate(spec) == []


@pytest.mark.parametrize(
    ("related_name", "problems"),
    [
        ("written_books", 0),
        ("Books", 1),  # not snake_case
        ("class", 1),  # a keyword
        ("name", 1),  # Author.name exists
        ("id", 1),  # generated
        ("objects", 1),  # reserved by the ORMs
        (3, 1),  # not a string
    ],
)
def test_related_name_names_the_reverse_on_the_target(related_name: Any, problems: int) -> None:
    spec = changed(field("author", type="fk", to="Author", related_name=related_name))
    found = validate(spec)
    assert len(found) == problems, found
    assert all(problem.location.startswith(f"{BOOK_FIELDS}.author") for problem in found)


def test_two_related_names_may_not_give_one_target_the_same_reverse() -> None:
    spec = changed(
        {
            **field("author", type="fk", to="Author", related_name="works"),
            **field("editor", type="fk", to="Author", required=False, related_name="works"),
        }
    )
    found = validate(spec)
    assert [problem.location for problem in found] == [f"{BOOK_FIELDS}.editor"], found
    assert "already taken" in found[0].problem
