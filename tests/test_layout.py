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


def test_a_long_call_is_split_as_ruff_splits_it() -> None:
    short = ", ".join(f"argument_{number}=True" for number in range(4))
    laid_out = format_python(
        f"a_long_name_for_a_value = call({short})\n", name="x.py", first_party=[]
    )
    assert laid_out.splitlines() == ["a_long_name_for_a_value = call(", f"    {short}", ")"]
    long = ", ".join(f"argument_{number}=True" for number in range(6))
    laid_out = format_python(f"value = call({long})\n", name="x.py", first_party=[])
    assert laid_out.splitlines()[1:3] == ["    argument_0=True,", "    argument_1=True,"]


def test_a_call_that_fits_stays_on_one_line() -> None:
    laid_out = format_python("value = call(\n  a,\n  b\n)\n", name="x.py", first_party=[])
    assert laid_out == "value = call(a, b)\n"


def test_invalid_python_names_its_file() -> None:
    with pytest.raises(LayoutError, match="shelf/broken.py"):
        format_python("x = (\n", name="shelf/broken.py", first_party=[])
