"""marshmallow fields for the formats of Django REST Framework, so both apps answer alike."""

from marshmallow import fields
from marshmallow import validate

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


class PageNumber(fields.Integer):
    """A page number from 1, or DRF's ``last``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "last":
            return value
        return super()._deserialize(value, attr, data, **kwargs)

    def _validate(self, value):
        if value != "last":
            super()._validate(value)
