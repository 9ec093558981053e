from rest_framework import exceptions
from rest_framework import parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a 400 for JSON nested deeper than Python can parse."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - nested too deeply."
            ) from None
