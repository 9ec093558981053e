"""Names derived from the spec, in one place for both frameworks."""

from __future__ import annotations

import pytest

from generator import naming


@pytest.mark.parametrize(
    ("entity", "plural"),
    [
        ("Book", "books"),
        ("InvoiceLine", "invoice-lines"),
        ("Category", "categories"),
        ("Person", "people"),
        ("Box", "boxes"),
        ("Todo", "todos"),
        ("Status", "statuses"),
        ("Shelf", "shelves"),
        ("Hero", "heroes"),
        ("Day", "days"),
        ("Quiz", "quizzes"),
        ("News", "news"),
        ("Child", "children"),
    ],
)
def test_default_plural_is_english_and_kebab_case(entity: str, plural: str) -> None:
    assert naming.default_plural(entity) == plural


@pytest.mark.parametrize(
    ("name", "label"),
    [("in_print", "In print"), ("InvoiceLine", "Invoice line"), ("isbn", "Isbn")],
)
def test_humanize_makes_a_label(name: str, label: str) -> None:
    assert naming.humanize(name) == label


@pytest.mark.parametrize(
    ("project_name", "slug"),
    [
        ("Bookshelf", "bookshelf"),
        ("My Books!", "my_books"),
        ("2048 Game", "project_2048_game"),
        ("Café Crème", "cafe_creme"),
        ("class", "class_project"),
        ("!!!", ""),
    ],
)
def test_slugify_gives_a_python_package_name(project_name: str, slug: str) -> None:
    assert naming.slugify(project_name) == slug


@pytest.mark.parametrize(
    ("value", "member"),
    [
        ("fiction", "FICTION"),
        ("non-fiction", "NON_FICTION"),
        ("5 stars", "CHOICE_5_STARS"),
        ("i", "CHOICE_I"),
        ("o", "CHOICE_O"),
    ],
)
def test_choice_members_are_identifiers(value: str, member: str) -> None:
    assert naming.choice_member(value) == member


def test_reverse_name_is_the_plural_unless_ambiguous() -> None:
    assert naming.reverse_name(source_plural="books", field="author", ambiguous=False) == "books"
    assert (
        naming.reverse_name(source_plural="invoice-lines", field="parent", ambiguous=True)
        == "parent_invoice_lines"
    )
