"""Three documents, one API: Django's, Flask's and the generator's reference agree.

Each app derives its OpenAPI document from its own code and serves it at
``/api/openapi.json``. For every bundled spec and for random specs, this test
renders the apps, starts each under gunicorn, fetches the served document,
validates it, and requires its normal form (:mod:`generator.openapi_compare`)
to equal the reference's. A difference fails with a ``path → value`` diff.
"""

from __future__ import annotations

import json
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import note
from hypothesis import settings
from openapi_spec_validator import validate

from generator.contract_suite.servers import serve_app
from generator.model import Project
from generator.normalise import build_project
from generator.openapi import openapi_document
from generator.openapi_compare import diff
from generator.openapi_compare import normalise
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from tests.apps import EXAMPLE_SPECS
from tests.apps import FRAMEWORKS
from tests.strategies import valid_specs

pytestmark = [pytest.mark.slow, pytest.mark.impure]

RANDOM_EXAMPLES = 3
CONCURRENT = 4


def fetch(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.headers["Content-Type"].startswith("application/json")
        return json.load(response)


def served_document(app_dir: Path, framework: str) -> dict[str, Any]:
    """The document the running app serves, checked against the OpenAPI 3 schema.

    Asked for by several clients at once, as the server's threads may be.
    """
    with serve_app(app_dir, framework) as base_url:
        with ThreadPoolExecutor(CONCURRENT) as pool:
            documents = list(pool.map(fetch, [f"{base_url}/api/openapi.json"] * CONCURRENT))
    assert all(document == documents[0] for document in documents)
    validate(documents[0])
    return documents[0]


def assert_same_api(project: Project, app_dir: Path, framework: str) -> None:
    reference = openapi_document(project)
    validate(reference)
    expected = normalise(reference)
    served = normalise(served_document(app_dir, framework))
    assert served == expected, f"{framework} serves a different API than the reference:\n" + diff(
        expected, served, names=("reference", f"{framework} /api/openapi.json")
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("name", EXAMPLE_SPECS)
def test_bundled_spec_documents_agree(name: str, framework: str, tmp_path: Path) -> None:
    spec = load_raw_spec(bundled_spec(name))
    out = tmp_path / "out"
    render_apps(spec, out, frameworks=(framework,))
    assert_same_api(build_project(spec), out / f"{framework}_app", framework)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_random_spec_documents_agree(framework: str) -> None:
    @settings(
        max_examples=RANDOM_EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spec=valid_specs())
    def check(spec: dict[str, Any]) -> None:
        note(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
        with tempfile.TemporaryDirectory(prefix="diptych-openapi-") as scratch:
            out = Path(scratch) / "out"
            render_apps(spec, out, frameworks=(framework,))
            assert_same_api(build_project(spec), out / f"{framework}_app", framework)

    check()
