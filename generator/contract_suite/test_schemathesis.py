"""Schemathesis against both running apps: no 500s, and every answer true to the document.

A bounded, derandomised run (15 examples per operation, no shrinking) on the
blog spec and the suite's vocab spec (patterns, lengths), as the staff demo user
so every operation is allowed. Item operations address a fresh object (never the
demo rows), so they reach past the 404 branch.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from generator.contract_suite.client import Api
from generator.contract_suite.payloads import valid_body
from generator.model import Project
from generator.openapi import openapi_json

pytestmark = [pytest.mark.impure, pytest.mark.specs("blog", "vocab")]

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance]


@cache
def load_schema(text: str) -> OpenApiSchema:
    import json

    return schemathesis.openapi.from_dict(json.loads(text))


def schema_of(project: Project) -> OpenApiSchema:
    return load_schema(openapi_json(project))


def existing_id(api: Api, path: str) -> dict[str, Any]:
    """An object to read and change, created afresh for this operation."""
    entity = next(e for e in api.project.entities if path.startswith(f"/api/{e.plural}/"))
    return {"id": api.create(entity, valid_body(api, entity))["id"]}


def test_schemathesis(api: Api, operation: tuple[str, str]) -> None:
    method, path = operation
    schema_operation = schema_of(api.project)[path][method]
    fixed = existing_id(api, path) if "{id}" in path else None
    strategy = schema_operation.as_strategy(path_parameters=fixed)
    headers = {"Authorization": f"Token {api.token('admin')}"}

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(
            base_url=api.base_url, session=api.session, headers=headers, checks=CHECKS
        )

    call()
