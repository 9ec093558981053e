"""Naming rules shared by both frameworks: one place derives every name from the spec."""

from __future__ import annotations

import keyword
import re
import unicodedata

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


IRREGULAR_PLURALS = {
    "child": "children",
    "foot": "feet",
    "goose": "geese",
    "man": "men",
    "mouse": "mice",
    "person": "people",
    "quiz": "quizzes",
    "tooth": "teeth",
    "woman": "women",
}
UNCOUNTABLE = frozenset({"data", "equipment", "information", "media", "news", "series", "species"})
F_TO_VES = frozenset(
    {"half", "knife", "leaf", "life", "loaf", "self", "shelf", "thief", "wife", "wolf"}
)
O_TO_OES = frozenset({"echo", "hero", "potato", "tomato", "veto"})


def snake_case(camel: str) -> str:
    """``InvoiceLine`` -> ``invoice_line``."""
    return _WORD_BOUNDARY.sub("_", camel).lower()


def words(name: str) -> list[str]:
    """The lower-case words of a CamelCase or snake_case name."""
    return [word for word in snake_case(name).split("_") if word]


def pluralize(word: str) -> str:
    """The English plural of one lower-case word (``category`` -> ``categories``).

    A few rules and exceptions cover entity names; inflect would too, but
    importing it takes seconds, and copier imports the generator on every render.
    """
    if word in UNCOUNTABLE:
        return word
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in F_TO_VES:
        return word.removesuffix("fe").removesuffix("f") + "ves"
    if word in O_TO_OES or word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def plural_words(camel: str) -> list[str]:
    """Words of an entity name with the last one in the plural."""
    parts = words(camel)
    return [*parts[:-1], pluralize(parts[-1])]


def default_plural(camel: str) -> str:
    """The default URL segment of an entity: ``InvoiceLine`` -> ``invoice-lines``."""
    return "-".join(plural_words(camel))


def kebab_to_snake(segment: str) -> str:
    """``invoice-lines`` -> ``invoice_lines``."""
    return segment.replace("-", "_")


def humanize(name: str) -> str:
    """A label from a name: ``in_print`` -> ``In print``, ``InvoiceLine`` -> ``Invoice line``."""
    text = " ".join(words(name))
    return text[:1].upper() + text[1:]


def slugify(project_name: str) -> str:
    """A Python package name from free text: ``My Books!`` -> ``my_books``.

    Returns an empty string when nothing usable is left; the validator says so.
    """
    ascii_text = unicodedata.normalize("NFKD", project_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", snake_case(ascii_text.replace(" ", "_"))).strip("_")
    slug = re.sub(r"_+", "_", slug)
    if slug and slug[0].isdigit():
        slug = f"project_{slug}"
    if keyword.iskeyword(slug):
        slug = f"{slug}_project"
    return slug


AMBIGUOUS_NAMES = frozenset({"I", "O"})
"""Names pycodestyle (E741) refuses: they read as digits."""


def choice_member(value: str) -> str:
    """An UPPER_CASE identifier for a choice value: ``non-fiction`` -> ``NON_FICTION``."""
    member = re.sub(r"[^A-Za-z0-9]+", "_", value).strip("_").upper()
    if not member or member[0].isdigit() or member in AMBIGUOUS_NAMES:
        member = f"CHOICE_{member}".rstrip("_")
    return member


TREE_REVERSE_NAME = "children"
"""The reverse of an entity's only fk to itself: ``Category.parent`` -> ``Category.children``."""


def reverse_name(*, source_plural: str, field: str, ambiguous: bool, tree: bool = False) -> str:
    """The name a relation gets on its target (Django's ``related_name``).

    ``Book.author`` -> ``Author.books``; an entity's only fk to itself (``tree``)
    gives ``Category.parent`` -> ``Category.children``; when several relations
    join the same pair, or an m2m or a second fk points at the entity itself, the
    field name disambiguates: ``Book.translator`` -> ``Author.translator_books``.
    """
    if tree:
        return TREE_REVERSE_NAME
    plural = kebab_to_snake(source_plural)
    return f"{field}_{plural}" if ambiguous else plural
