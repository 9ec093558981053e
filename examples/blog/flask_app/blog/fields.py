"""marshmallow fields for the formats of Django REST Framework, so both apps answer alike."""

from datetime import UTC

from marshmallow import ValidationError
from marshmallow import fields
from marshmallow import validate
from marshmallow_sqlalchemy.fields import Related
from marshmallow_sqlalchemy.fields import RelatedList

# Django's IntegerField range: both apps refuse, and document, anything wider
INTEGER = validate.Range(min=-(2**31), max=2**31 - 1)


class Text(fields.String):
    """A string as DRF's CharField reads it: a number as its digits, spaces around trimmed."""

    def __init__(self, *, trim_whitespace=True, **kwargs):
        super().__init__(**kwargs)
        self.trim_whitespace = trim_whitespace

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        text = super()._deserialize(value, attr, data, **kwargs)
        return text.strip() if self.trim_whitespace else text


class UTCDateTime(fields.AwareDateTime):
    """ISO 8601 in (no zone means UTC), ISO 8601 in UTC ending in "Z" out (DRF's format)."""

    default_error_messages = {"overflow": "Datetime value out of range."}

    def __init__(self, **kwargs):
        super().__init__(default_timezone=UTC, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            # stored in UTC: SQLite keeps no offset
            return moment.astimezone(UTC)
        except OverflowError:
            # 9999-12-31T23:59:59-01:00 is past the last datetime in UTC
            raise self.make_error("overflow") from None

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        # SQLite gives back naive datetimes: they were stored in UTC
        moment = value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
        return moment.isoformat().replace("+00:00", "Z")


class RelatedRow(Related):
    """marshmallow-sqlalchemy's Related field, but an id with no row is a 400, not a new row."""

    def get_value(self, obj, attr, **kwargs):
        # the key's own column: the row it points at is not loaded just to tell its id
        return getattr(obj, f"{attr}_id")

    def _serialize(self, value, attr, obj, **kwargs):
        return value

    def deserialize(self, value, *args, **kwargs):
        # DRF reads "" as no row: null where the field is optional, refused where required
        return super().deserialize(None if value == "" else value, *args, **kwargs)

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
        return sorted(row.id for row in value)

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


class PageNumber(fields.Integer):
    """A page number from 1, or DRF's ``last``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "last":
            return value
        return super()._deserialize(value, attr, data, **kwargs)

    def _validate(self, value):
        if value != "last":
            super()._validate(value)
