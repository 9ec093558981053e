"""marshmallow schemas: the JSON of every object, in and out (the twin of serializers.py).

Formats and rules follow Django REST Framework's defaults, so both apps answer
alike: decimals as strings with their places, datetimes in UTC ending in "Z",
relations as ids, and a 400 with messages per field for every broken rule.
"""

from datetime import UTC
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation

from marshmallow import EXCLUDE
from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import validate
from marshmallow import validates_schema
from marshmallow_sqlalchemy import SQLAlchemySchema

from .extensions import db
from .models import Author
from .models import Book
from .models import Tag
from .models import User

# the range of a PostgreSQL integer column, the smaller of the two databases
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1


class Text(fields.String):
    """A string as DRF's CharField reads it: numbers accepted, whitespace trimmed."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs).strip()


class Integer(fields.Integer):
    """A whole number (1.5 is refused, not cut to 1) that fits the database column."""

    def _validated(self, value):
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid", input=value)
        number = super()._validated(value)
        if not INTEGER_MIN <= number <= INTEGER_MAX:
            raise ValidationError("Ensure this value fits a 32-bit integer.")
        return number


class DecimalString(fields.Field):
    """A decimal as DRF's DecimalField: checked digit by digit, answered as a string."""

    def __init__(self, *, max_digits, places, **kwargs):
        super().__init__(**kwargs)
        self.max_digits = max_digits
        self.places = places

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else f"{Decimal(value):.{self.places}f}"

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError("A valid number is required.")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError("A valid number is required.") from None
        if not number.is_finite():
            raise ValidationError("A valid number is required.")
        _, digits, exponent = number.as_tuple()
        places = max(-exponent, 0)
        whole = max(len(digits) + exponent, 0)
        if whole + places > self.max_digits:
            raise ValidationError(
                f"Ensure that there are no more than {self.max_digits} digits in total."
            )
        if places > self.places:
            raise ValidationError(
                f"Ensure that there are no more than {self.places} decimal places."
            )
        if whole > self.max_digits - self.places:
            raise ValidationError(
                "Ensure that there are no more than"
                f" {self.max_digits - self.places} digits before the decimal point."
            )
        return number


class UTCDateTime(fields.Field):
    """ISO 8601 in, ISO 8601 in UTC ending in "Z" out (DRF's format)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        # SQLite gives back naive datetimes: they were stored in UTC
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("Datetime has wrong format. Use ISO 8601.")
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError("Datetime has wrong format. Use ISO 8601.") from None
        # a time without a zone is UTC, the zone of the whole app
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


class Related(fields.Field):
    """A foreign key as the target's id (DRF's PrimaryKeyRelatedField)."""

    def __init__(self, model, **kwargs):
        super().__init__(**kwargs)
        self.model = model

    def get_value(self, obj, attr, accessor=None, default=None):
        # the id column, so answering never loads the related row
        return getattr(obj, f"{attr}_id")

    def _serialize(self, value, attr, obj, **kwargs):
        return value

    def _deserialize(self, value, attr, data, **kwargs):
        return fetch(self.model, value)


class RelatedList(fields.Field):
    """A many-to-many relation as a sorted list of ids."""

    def __init__(self, model, *, allow_empty=True, **kwargs):
        super().__init__(**kwargs)
        self.model = model
        self.allow_empty = allow_empty

    def _serialize(self, value, attr, obj, **kwargs):
        return sorted(row.id for row in value)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list):
            raise ValidationError(
                f'Expected a list of items but got type "{type(value).__name__}".'
            )
        if not value and not self.allow_empty:
            raise ValidationError("This list may not be empty.")
        return [fetch(self.model, item) for item in value]


def fetch(model, pk):
    """The row of ``model`` with id ``pk``, or a validation error saying why not."""
    text = str(pk)
    if isinstance(pk, bool) or not isinstance(pk, int | str):
        text = ""
    if not text.removeprefix("-").isdecimal():
        kind = type(pk).__name__
        raise ValidationError(f"Incorrect type. Expected pk value, received {kind}.")
    number = int(text)
    row = None
    if INTEGER_MIN <= number <= INTEGER_MAX:
        row = db.session.get(model, number)
    if row is None:
        raise ValidationError(f'Invalid pk "{pk}" - object does not exist.')
    return row


def not_blank(value):
    if value == "":
        raise ValidationError("This field may not be blank.")


def max_length(limit):
    def check(value):
        if len(value) > limit:
            raise ValidationError(f"Ensure this has no more than {limit} characters.")

    return check


def at_least(limit):
    def check(value):
        if value is not None and value < limit:
            raise ValidationError(f"Ensure this value is at least {limit}.")

    return check


def at_most(limit):
    def check(value):
        if value is not None and value > limit:
            raise ValidationError(f"Ensure this value is at most {limit}.")

    return check


def unless_blank(validator):
    """Apply ``validator`` to a non-empty value: "" is an optional string left empty."""

    def check(value):
        if value != "":
            validator(value)

    return check


class ModelSchema(SQLAlchemySchema):
    """Loads into model instances; checks unique fields before the database does."""

    unique_fields = ()

    class Meta:
        load_instance = True
        sqla_session = db.session
        # read-only and unknown keys in a request are ignored, as DRF ignores them
        unknown = EXCLUDE

    @validates_schema(skip_on_field_errors=False)
    def check_unique(self, data, **kwargs):
        model = self.opts.model
        errors = {}
        for name in self.unique_fields:
            if name not in data:
                continue
            query = db.select(model.id).filter_by(**{name: data[name]})
            if self.instance is not None:
                query = query.where(model.id != self.instance.id)
            if db.session.execute(query.limit(1)).first() is not None:
                label = model.__name__.lower()
                errors[name] = [f"{label} with this {name} already exists."]
        if errors:
            raise ValidationError(errors)


class UserSchema(SQLAlchemySchema):
    class Meta:
        model = User

    id = fields.Integer(dump_only=True)
    username = fields.String(dump_only=True)
    is_staff = fields.Boolean(dump_only=True)


class AuthorSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Author

    id = fields.Integer(dump_only=True)
    name = Text(required=True, validate=[not_blank, max_length(120)])
    born = fields.Date(allow_none=True)


class TagSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Tag

    unique_fields = ("name",)
    id = fields.Integer(dump_only=True)
    name = Text(required=True, validate=[not_blank, max_length(40)])


class BookSchema(ModelSchema):
    class Meta(ModelSchema.Meta):
        model = Book

    unique_fields = ("isbn",)
    id = fields.Integer(dump_only=True)
    title = Text(required=True, validate=[not_blank, max_length(200)])
    isbn = Text(required=True, validate=[not_blank, max_length(13)])
    summary = Text()
    published = fields.Date(allow_none=True)
    pages = Integer(allow_none=True, validate=at_least(1))
    rating = fields.Float(allow_none=True, validate=[at_least(0.0), at_most(5.0)])
    price = DecimalString(max_digits=6, places=2)
    genre = fields.String(validate=validate.OneOf(["fiction", "nonfiction", "poetry"]))
    in_print = fields.Boolean()
    contact = Text(
        validate=[
            max_length(254),
            unless_blank(validate.Email(error="Enter a valid email address.")),
        ],
    )
    website = Text(
        validate=[
            max_length(200),
            unless_blank(validate.URL(error="Enter a valid URL.")),
        ],
    )
    released_at = UTCDateTime(allow_none=True)
    author = Related(Author, required=True)
    translator = Related(Author, allow_none=True)
    tags = RelatedList(Tag)
    owner = fields.String(attribute="owner.username", dump_only=True)
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)
