"""marshmallow schemas: the JSON of every object, in and out (the twin of serializers.py).

marshmallow-sqlalchemy derives each schema from its model; the fields declared
here follow Django REST Framework's formats, so both apps answer alike:
datetimes in UTC ending in "Z", decimals as strings, relations as ids.
"""

import re
from datetime import UTC

from marshmallow import EXCLUDE
from marshmallow import Schema
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import pre_load
from marshmallow import validate
from marshmallow_sqlalchemy import SQLAlchemySchema
from marshmallow_sqlalchemy import auto_field
from marshmallow_sqlalchemy.fields import Related
from marshmallow_sqlalchemy.fields import RelatedList

from .extensions import db
from .models import Category
from .models import Comment
from .models import Post
from .models import Tag

# Django's IntegerField range: both apps refuse, and document, anything wider
INTEGER = validate.Range(min=-(2**31), max=2**31 - 1)
# what DRF refuses in any text: a NUL byte, or half of a UTF-16 surrogate pair
BAD_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")


class UTCDateTime(fields.AwareDateTime):
    """ISO 8601 in (no zone means UTC), ISO 8601 in UTC ending in "Z" out (DRF's format)."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        # stored in UTC: SQLite keeps no offset
        return super()._deserialize(value, attr, data, **kwargs).astimezone(UTC)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        # SQLite gives back naive datetimes: they were stored in UTC
        moment = value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
        return moment.isoformat().replace("+00:00", "Z")


class RelatedRow(Related):
    """marshmallow-sqlalchemy's Related field, but an id with no row is a 400, not a new row."""

    def _deserialize(self, value, *args, **kwargs):
        pk = fields.Integer(validate=INTEGER).deserialize(value)
        row = self.session.get(self.related_model, pk)
        if row is None:
            raise ValidationError(f'Invalid pk "{pk}" - object does not exist.')
        return row


class RelatedIds(RelatedList):
    """A many-to-many relation as the sorted list of its ids."""

    def __init__(self, **kwargs):
        super().__init__(RelatedRow(), **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return sorted(super()._serialize(value, attr, obj, **kwargs))

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            rows = super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            if not isinstance(error.messages, dict):
                raise
            # DRF lists the problems, not the positions they were found at
            problems = [text for texts in error.messages.values() for text in texts]
            raise ValidationError(problems) from None
        # an id listed twice is one link, as Django's related manager sets it
        return list(dict.fromkeys(rows))


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
    id = fields.Integer(dump_only=True, required=True)

    @classmethod
    def request(cls, *, partial=False):
        """The request body: only the fields a client may write (its own OpenAPI component)."""
        read_only = [name for name, field in cls().fields.items() if field.dump_only]
        return cls(exclude=read_only, partial=partial)


def component_name(schema):
    """Post, PostRequest, PatchedPostRequest: drf-spectacular's names, one per shape."""
    name = type(schema).__name__ if isinstance(schema, Schema) else schema.__name__
    name = name.removesuffix("Schema")
    if not isinstance(schema, Schema) or not schema.exclude:
        return name
    return f"Patched{name}Request" if schema.partial else f"{name}Request"


class PageNumber(fields.Integer):
    """A page number from 1, or DRF's ``last``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "last":
            return value
        return super()._deserialize(value, attr, data, **kwargs)

    def _validate(self, value):
        if value != "last":
            super()._validate(value)


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


def no_null_characters(text):
    # a function, not validate.Regexp: the OpenAPI document declares no pattern
    if "\x00" in text:
        raise ValidationError("Null characters are not allowed.")


class SearchArgs(ListArgs):
    search = fields.String(load_default="", validate=no_null_characters)


class UserSchema(Body):
    id = fields.Integer(dump_only=True, required=True)
    username = fields.String(dump_only=True, required=True)
    is_staff = fields.Boolean(dump_only=True, required=True)


class CategorySchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Category

    name = auto_field(validate=validate.Length(min=1, max=80))
    parent = RelatedRow(allow_none=True)


class CategoryArgs(SearchArgs):
    class Meta(ListArgs.Meta):
        model = Category

    parent = RelatedRow()


class TagSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Tag

    name = auto_field(validate=validate.Length(min=1, max=40))


class PostSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Post

    title = auto_field(validate=validate.Length(min=1, max=200))
    slug = auto_field(validate=validate.Length(min=1, max=200))
    body = auto_field(validate=validate.Length(min=1))
    status = auto_field(validate=validate.OneOf(["draft", "published"]))
    category = RelatedRow(allow_none=True)
    tags = RelatedIds()
    published_at = auto_field(field_class=UTCDateTime)
    owner = fields.String(attribute="owner.username", dump_only=True, required=True)
    created_at = UTCDateTime(dump_only=True, required=True)
    updated_at = UTCDateTime(dump_only=True, required=True)


class PostArgs(SearchArgs):
    class Meta(ListArgs.Meta):
        model = Post

    status = fields.String(validate=validate.OneOf(["draft", "published"]))
    category = RelatedRow()


class CommentSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Comment

    post = RelatedRow(required=True)
    body = auto_field(validate=validate.Length(min=1))
    approved = auto_field()
    owner = fields.String(attribute="owner.username", dump_only=True, required=True)
    created_at = UTCDateTime(dump_only=True, required=True)
    updated_at = UTCDateTime(dump_only=True, required=True)


class CommentArgs(SearchArgs):
    class Meta(ListArgs.Meta):
        model = Comment

    post = RelatedRow()
    approved = fields.Boolean(truthy={"true"}, falsy={"false"})


class Paginated(Body):
    """DRF's page envelope: the count, links to the pages around, and the results."""

    count = fields.Integer(required=True)
    next = fields.Url(allow_none=True)
    previous = fields.Url(allow_none=True)


def page_of(schema):
    """A page of ``schema`` objects, named as drf-spectacular names it."""
    results = {"results": fields.List(fields.Nested(schema), required=True)}
    return Paginated.from_dict(results, name=f"Paginated{component_name(schema)}List")


class TokenRequestSchema(Body):
    username = fields.String(required=True, validate=validate.Length(min=1))
    password = fields.String(required=True, validate=validate.Length(min=1))


class TokenSchema(Body):
    token = fields.String(attribute="key", dump_only=True, required=True)
