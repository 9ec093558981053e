"""The render's layout pass: ruff sorts imports and formats each generated Python file."""

from __future__ import annotations

import pytest

from generator.layout import LayoutError
from generator.layout import format_python
from generator.layout import python_file


@pytest.mark.parametrize(
    ("template", "python"),
    [
        ("templates/flask_app/{{ model.slug }}/models.py.jinja", "templates/flask_app/models.py"),
        (
            "templates/django_app/{{ model.slug }}/"
            "{% if model.needs_permissions %}permissions.py{% endif %}.jinja",
            "templates/django_app/permissions.py",
        ),
        ("templates/flask_app/pyproject.toml.jinja", None),
        ("templates/flask_app/auth.py", None),
    ],
)
def test_only_python_templates_are_laid_out(template: str, python: str | None) -> None:
    assert python_file(template) == python


def test_imports_are_sorted_single_line_with_the_project_first_party() -> None:
    source = (
        "from shelf.models import Book\nimport os\nfrom django.db import models, connection\n"
        "from tests.entities import ENTITIES\nx = f(a,\n  b)\n"
    )
    laid_out = format_python(source, name="shelf/x.py", first_party=["shelf", "tests"])
    assert laid_out == (
        "import os\n\n"
        "from django.db import connection\nfrom django.db import models\n\n"
        "from shelf.models import Book\nfrom tests.entities import ENTITIES\n\n"
        "x = f(a, b)\n"
    )


def test_a_long_call_is_exploded_with_a_trailing_comma() -> None:
    args = ", ".join(f"argument_{number}=True" for number in range(6))
    laid_out = format_python(f"value = call({args})\n", name="x.py", first_party=[])
    assert laid_out.splitlines()[1] == "    argument_0=True,"
    assert laid_out.endswith(")\n")


def test_invalid_python_names_its_file() -> None:
    with pytest.raises(LayoutError, match="shelf/broken.py"):
        format_python("x = (\n", name="shelf/broken.py", first_party=[])
