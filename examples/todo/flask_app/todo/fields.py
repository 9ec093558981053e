"""marshmallow fields for the formats of Django REST Framework, so both apps answer alike."""

from marshmallow import fields
from marshmallow import validate

# Django's IntegerField range: both apps refuse, and document, anything wider
INTEGER = validate.Range(min=-(2**31), max=2**31 - 1)


class PageNumber(fields.Integer):
    """A page number from 1, or DRF's ``last``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "last":
            return value
        return super()._deserialize(value, attr, data, **kwargs)

    def _validate(self, value):
        if value != "last":
            super()._validate(value)
