"""Query arguments of the lists: page, ordering, search and each model's filters.

webargs reads them through these schemas, flask-smorest documents them; what
django-filter and DRF's SearchFilter and OrderingFilter do in the Django app.
"""

import re

from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import pre_load
from marshmallow import validate
from marshmallow_sqlalchemy import SQLAlchemySchema

from .extensions import db
from .fields import INTEGER
from .fields import PageNumber
from .fields import RelatedRow
from .models import Book

# Django's smart_split: words, or phrases in quotes
WORDS = re.compile(
    r"""(?:[^\s'"]*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+|\S+"""
)


def search_terms(text):
    """DRF's SearchFilter terms: words split at spaces and commas, a quoted phrase kept whole."""
    terms = []
    for word in WORDS.findall(text):
        word = word.strip(",")
        if word[:1] in ("'", '"') and word[0] == word[-1]:
            phrase = word[1:-1].replace("\\" + word[0], word[0])
            terms.append(phrase.replace("\\\\", "\\"))
        else:
            terms.extend(term.strip() for term in word.split(",") if term)
    return terms


def order_by(text, sortable):
    """``?ordering=a,-b`` as SQL over ``sortable``; unknown names are ignored, as in DRF."""
    terms = [term.strip() for term in text.split(",")]
    return [
        column.desc() if term.startswith("-") else column
        for term in terms
        if (column := sortable.get(term.removeprefix("-"))) is not None
    ]


class ListArgs(SQLAlchemySchema):
    """``?page=`` and ``?ordering=`` of every list; its subclasses add the filters."""

    class Meta:
        sqla_session = db.session

    page = PageNumber(load_default=1, validate=validate.Range(1, INTEGER.max))
    ordering = fields.String(load_default="")

    @pre_load
    def drop_blank(self, data, **kwargs):
        # ?field= with nothing after it filters nothing, as in django-filter
        return {key: value for key, value in data.items() if value != ""}

    def load(self, data, **kwargs):
        # marshmallow's own load: marshmallow-sqlalchemy's reads marshmallow's version
        # from disk on every call, a millisecond a list, and arguments are no instance
        return Schema.load(self, data, **kwargs)


def no_null_characters(text):
    # a function, not validate.Regexp: the OpenAPI document declares no pattern
    if "\x00" in text:
        raise ValidationError("Null characters are not allowed.")


class SearchArgs(ListArgs):
    search = fields.String(load_default="", validate=no_null_characters)


class BookArgs(SearchArgs):
    class Meta(ListArgs.Meta):
        model = Book

    genre = fields.String(validate=validate.OneOf(["fiction", "nonfiction", "poetry"]))
    in_print = fields.Boolean(truthy={"true"}, falsy={"false"})
    author = RelatedRow()
