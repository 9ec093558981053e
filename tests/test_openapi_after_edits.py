"""The served document stays true after a user edits the project they started.

A rendered blog gets one read-only field added by hand, as a user would: on
Django's ``PostSerializer``, and on its Flask twin ``PostSchema``. Without any
regeneration, the document the running app serves then lists that field in
what the API answers, read-only, and not in what a client sends; nothing else
changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.openapi_compare import diff
from generator.openapi_compare import normalise
from tests.apps import FRAMEWORKS
from tests.apps import render_example
from tests.test_openapi_equivalence import served_document

pytestmark = [pytest.mark.slow, pytest.mark.impure]

FIELD = "headline"


def add_django_field(app_dir: Path, package: str = "blog", entity: str = "Post") -> None:
    """``headline = serializers.CharField(source="title", read_only=True)`` on the serializer."""
    path = app_dir / package / "serializers.py"
    text, count = re.subn(
        rf"(class {entity}Serializer\(ModelSerializer\):\n)"
        r"(.*?)(        fields = \[\s*)",
        rf'\1    {FIELD} = serializers.CharField(source="title", read_only=True)\n'
        rf'\2\3"{FIELD}", ',
        path.read_text(),
        count=1,
        flags=re.DOTALL,
    )
    assert count == 1, f"{entity}Serializer and its Meta.fields list not found"
    path.write_text(text)


def add_flask_field(app_dir: Path, package: str = "blog", entity: str = "Post") -> None:
    """``headline = fields.String(attribute="title", dump_only=True)`` on the schema."""
    path = app_dir / package / "schemas.py"
    text, count = re.subn(
        rf"(class {entity}Schema\([^)]*\):\n)",
        rf'\1    {FIELD} = fields.String(attribute="title", dump_only=True)\n',
        path.read_text(),
        count=1,
    )
    assert count == 1, f"{entity}Schema not found"
    path.write_text(text)


EDITS = {"django": add_django_field, "flask": add_flask_field}


def post_schemas(normalised: dict) -> tuple[dict, dict]:
    """What ``POST /api/posts/`` takes, and what it answers."""
    create = normalised["paths"]["/api/posts/"]["post"]
    return (
        create["requestBody"]["content"]["application/json"],
        create["responses"]["201"]["application/json"],
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_a_field_added_by_hand_appears_in_the_served_document(
    framework: str, tmp_path: Path
) -> None:
    app_dir = render_example("blog", tmp_path / "out") / f"{framework}_app"
    before = normalise(served_document(app_dir, framework))
    assert FIELD not in post_schemas(before)[1]["properties"]

    EDITS[framework](app_dir)
    after = normalise(served_document(app_dir, framework))

    sent, answered = post_schemas(after)
    assert answered["properties"][FIELD] == {"type": "string", "readOnly": True}, diff(
        before, after
    )
    assert FIELD not in sent["properties"]
    changed = [line for line in diff(before, after).splitlines() if line[:1] in "+-"]
    changed = [line for line in changed if not line.startswith(("+++", "---"))]
    assert changed and all(FIELD in line or "required" in line for line in changed), "\n".join(
        changed
    )
