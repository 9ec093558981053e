"""webargs' parser, reading a request as DRF's parsers do."""

import json

from webargs.flaskparser import FlaskParser


class Parser(FlaskParser):
    """A failed check is a 400, a repeated key its last value, deep nesting a parse error."""

    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        return {key: values[-1] for key, values in req.args.lists()}

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("Nested too deeply.", "[", 0) from None
