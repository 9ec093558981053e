"""The normalised model: every name and default the templates read, computed once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator import Project
from generator import load_spec
from generator.normalise import build_project
from generator.spec import bundled_spec


@pytest.fixture(scope="module")
def bookshelf() -> Project:
    return load_spec(bundled_spec("bookshelf"))


@pytest.fixture(scope="module")
def blog() -> Project:
    return load_spec(bundled_spec("blog"))


def test_entities_keep_the_spec_order(bookshelf: Project) -> None:
    assert [entity.name for entity in bookshelf.entities] == ["Author", "Tag", "Book"]


def test_names_plurals_and_labels_are_derived(bookshelf: Project) -> None:
    book = bookshelf.entity("Book")
    assert (book.snake, book.plural, book.plural_snake) == ("book", "books", "books")
    assert (book.label, book.label_plural) == ("Book", "Books")
    assert bookshelf.slug == "bookshelf"
    assert bookshelf.site_package == "bookshelf_site"


def test_field_defaults_follow_spec_md(bookshelf: Project) -> None:
    book = bookshelf.entity("Book")
    assert book.field("title").max_length == 200
    assert book.field("contact").max_length == 254
    assert book.field("website").max_length == 200
    assert book.field("price").default == Decimal("0.00")
    assert book.field("in_print").default is True
    assert book.field("in_print").required is False
    assert book.field("genre").max_length == len("nonfiction")
    assert [choice.member for choice in book.field("genre").choices] == [
        "FICTION",
        "NONFICTION",
        "POETRY",
    ]


def test_optional_strings_are_blank_not_null(bookshelf: Project) -> None:
    book = bookshelf.entity("Book")
    assert book.field("summary").nullable is False
    assert book.field("published").nullable is True
    assert book.field("translator").nullable is True
    assert book.field("tags").nullable is False


def test_two_relations_to_one_target_get_distinct_reverse_names(bookshelf: Project) -> None:
    book = bookshelf.entity("Book")
    assert book.field("author").related_name == "author_books"
    assert book.field("translator").related_name == "translator_books"
    assert book.field("tags").related_name == "books"
    assert book.owner_related_name == "books"


def test_self_reference_is_disambiguated(blog: Project) -> None:
    parent = blog.entity("Category").field("parent")
    assert parent.self_reference is True
    assert parent.related_name == "children"
    assert parent.column == "parent_id"


def test_ordering_ends_with_id_and_defaults_apply(bookshelf: Project, blog: Project) -> None:
    book = bookshelf.entity("Book")
    assert book.ordering == ("-published", "title", "id")
    assert bookshelf.entity("Author").ordering == ("id",)
    comment = blog.entity("Comment")
    assert comment.display is None
    assert comment.admin_search == ("body",)
    assert comment.admin_filter == ("post", "approved")
    assert comment.api_write == "owner"
    assert blog.entity("Tag").api_write == "authenticated"


def test_default_admin_list_is_display_plus_three(bookshelf: Project) -> None:
    assert bookshelf.entity("Author").admin_list == ("name", "born")
    assert bookshelf.entity("Book").admin_list == ("title", "author", "genre")


def test_m2m_tables_are_named_as_django_names_them(bookshelf: Project) -> None:
    book = bookshelf.entity("Book")
    table = book.m2m_table(book.field("tags"))
    assert (table.name, table.source_column, table.target_column) == (
        "book_tags",
        "book_id",
        "tag_id",
    )


def test_m2m_columns_use_the_lower_cased_model_names_as_django_does() -> None:
    spec = {
        "project_name": "X",
        "entities": {
            "BookTag": {"fields": {"name": {"type": "string"}}},
            "InvoiceLine": {
                "fields": {
                    "tags": {"type": "m2m", "to": "BookTag", "required": False},
                    "links": {"type": "m2m", "to": "InvoiceLine", "required": False},
                }
            },
        },
    }
    line = build_project(spec).entity("InvoiceLine")
    tags, links = line.m2m_table(line.field("tags")), line.m2m_table(line.field("links"))
    assert (tags.name, tags.source_column, tags.target_column) == (
        "invoice_line_tags",
        "invoiceline_id",
        "booktag_id",
    )
    assert (links.source_column, links.target_column) == (
        "from_invoiceline_id",
        "to_invoiceline_id",
    )


def test_database_defaults_cover_defaults_and_optional_strings(bookshelf: Project) -> None:
    book = bookshelf.entity("Book")
    assert book.field("price").db_default == Decimal("0.00")
    assert book.field("genre").db_default == "fiction"
    assert book.field("in_print").db_default is True
    assert (book.field("summary").has_db_default, book.field("summary").db_default) == (True, "")
    assert (book.field("pages").has_db_default, book.field("pages").db_default) == (False, None)
    assert book.field("title").has_db_default is False


def test_ordering_fields_include_id_timestamps_and_stored_fields(blog: Project) -> None:
    post = blog.entity("Post")
    assert post.ordering_fields[0] == "id"
    assert "category" in post.ordering_fields
    assert "tags" not in post.ordering_fields
    assert post.ordering_fields[-2:] == ("created_at", "updated_at")


def test_names_the_templates_share_are_computed_once(bookshelf: Project, blog: Project) -> None:
    assert bookshelf.entity("Book").field("genre").choices_class == "Genre"
    assert bookshelf.app_config_class == "BookshelfConfig"
    assert bookshelf.has_protect is True
    assert blog.has_protect is False
    assert bookshelf.needs_permissions is True
    assert load_spec(bundled_spec("todo")).needs_permissions is True


def test_db_ordering_orders_an_fk_by_its_column(blog: Project) -> None:
    post = blog.entity("Post")
    assert post.db_ordering == ("-created_at", "id")
    spec = {
        "project_name": "X",
        "entities": {
            "Node": {
                "fields": {"parent": {"type": "fk", "to": "Node", "required": False}},
                "ordering": ["-parent"],
            }
        },
    }
    assert build_project(spec).entity("Node").db_ordering == ("-parent_id", "id")


@pytest.mark.parametrize(
    ("read", "write", "classes"),
    [
        ("public", "authenticated", ("IsAuthenticatedOrReadOnly",)),
        ("authenticated", "authenticated", ("IsAuthenticated",)),
        ("public", "owner", ("IsAuthenticatedOrReadOnly", "IsOwnerOrStaffOrReadOnly")),
        ("public", "staff", ("IsAuthenticatedOrReadOnly", "IsStaffOrReadOnly")),
        ("authenticated", "staff", ("IsAuthenticated", "IsStaffOrReadOnly")),
    ],
)
def test_permission_classes_follow_api_read_and_write(
    read: str, write: str, classes: tuple[str, ...]
) -> None:
    spec = {
        "project_name": "X",
        "entities": {
            "Note": {
                "owner": True,
                "fields": {"title": {"type": "string"}},
                "api": {"read": read, "write": write},
            }
        },
    }
    assert build_project(spec).entity("Note").permission_classes == classes
