"""marshmallow schemas: the JSON of every object, in and out (the twin of serializers.py).

marshmallow-sqlalchemy derives each schema from its model; the fields of
fields.py follow Django REST Framework's formats, so both apps answer alike:
datetimes in UTC ending in "Z", decimals as strings, relations as ids.
"""

import re

from flask import request
from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import pre_load
from marshmallow import validate
from marshmallow import validates_schema
from marshmallow_sqlalchemy import SQLAlchemySchema
from marshmallow_sqlalchemy import auto_field

from .extensions import db
from .fields import RelatedIds
from .fields import RelatedRow
from .fields import Text
from .fields import UTCDateTime
from .models import Category
from .models import Comment
from .models import Post
from .models import Tag

# what DRF refuses in any text: a NUL byte, or half of a UTF-16 surrogate pair
BAD_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")


class Body(Schema):
    """A JSON object: unknown keys are ignored, and its texts checked, as DRF does."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def refuse_bad_characters(self, data, **kwargs):
        texts = data.items() if isinstance(data, dict) else ()
        problem = ["Null characters and lone surrogates are not allowed."]
        bad = {key: problem for key, text in texts if BAD_CHARACTERS.search(str(text))}
        if bad:
            raise ValidationError(bad)
        return data


class ModelSchema(SQLAlchemySchema, Body):
    """An object of the API; read-only and unknown keys in a request are ignored, as in DRF."""

    class Meta:
        sqla_session = db.session
        unknown = EXCLUDE

    # "required" in the document: every answer carries its read-only fields
    id = fields.Integer(dump_only=True, required=True, metadata={"label": "ID"})

    @classmethod
    def request(cls, *, partial=False):
        """The request body: only the fields a client may write (its own OpenAPI component)."""
        read_only = [name for name, field in cls().fields.items() if field.dump_only]
        return cls(exclude=read_only, partial=partial)

    @validates_schema(skip_on_field_errors=False)
    def refuse_taken_values(self, data, **kwargs):
        # DRF checks a unique value beside every other field's rules: a body with
        # several problems is answered with all of them at once
        if taken := values_taken(self.opts.model, changed_row_id(), data):
            raise ValidationError(taken)


def changed_row_id():
    """The id in the URL of a PUT or PATCH, None on a POST (or an id that is none)."""
    try:
        return int((request.view_args or {}).get("id", ""))
    except ValueError:
        return None


def values_taken(model, row_id, data):
    """DRF's unique errors for the values of ``data`` that another row already holds."""
    errors = {}
    for name, value in data.items():
        column = model.__table__.columns.get(name)
        # NULL is no value: any number of rows may leave a unique column empty
        if column is not None and column.unique and value is not None:
            taken = db.select(model.id).where(column == value, model.id != row_id)
            if db.session.scalar(taken.limit(1)) is not None:
                label = model.__name__.lower()
                errors[name] = [f"{label} with this {name} already exists."]
    return errors


class UserSchema(Body):
    id = fields.Integer(dump_only=True, required=True)
    username = fields.String(dump_only=True, required=True)
    is_staff = fields.Boolean(dump_only=True, required=True)


class CategorySchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Category

    name = auto_field(field_class=Text, validate=validate.Length(min=1, max=80))
    parent = RelatedRow(allow_none=True)


class TagSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Tag

    name = auto_field(field_class=Text, validate=validate.Length(min=1, max=40))


class PostSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Post

    title = auto_field(field_class=Text, validate=validate.Length(min=1, max=200))
    slug = auto_field(
        field_class=Text,
        validate=validate.Length(min=1, max=200),
        metadata={"help_text": "Used in the post's URL"},
    )
    body = auto_field(field_class=Text, validate=validate.Length(min=1))
    status = auto_field(
        field_class=Text,
        trim_whitespace=False,
        validate=validate.OneOf(["draft", "published"], labels=["Draft", "Published"]),
    )
    category = RelatedRow(allow_none=True)
    tags = RelatedIds()
    published_at = auto_field(field_class=UTCDateTime)
    owner = fields.String(attribute="owner.username", dump_only=True, required=True)
    created_at = UTCDateTime(dump_only=True, required=True)
    updated_at = UTCDateTime(dump_only=True, required=True)


class CommentSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Comment

    post = RelatedRow(required=True)
    body = auto_field(field_class=Text, validate=validate.Length(min=1))
    approved = auto_field()
    owner = fields.String(attribute="owner.username", dump_only=True, required=True)
    created_at = UTCDateTime(dump_only=True, required=True)
    updated_at = UTCDateTime(dump_only=True, required=True)


class TokenRequestSchema(Body):
    username = Text(required=True, validate=validate.Length(min=1))
    password = Text(
        required=True, trim_whitespace=False, validate=validate.Length(min=1)
    )


class TokenSchema(Body):
    token = Text(attribute="key", dump_only=True, required=True)
