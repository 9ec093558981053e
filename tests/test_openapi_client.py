"""A real client generator accepts each app's document, and its client drives the app.

``openapi-python-client`` (from PyPI) generates a Python client from the
document each running blog app serves: with no warning, and with a function
for every operation of that document, which are every operation of the
reference the generator builds from the spec. The test then uses only that
client to get a token, list posts, create tags and a post that points at them
(an m2m), change part of the post, read it back and delete it. Model classes
are found through the generated functions' signatures, so component names
don't matter. With ``--full``, clients are generated for the other bundled
specs too.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.contract_suite.servers import serve_app
from generator.demo import DEMO_PASSWORD
from generator.openapi import openapi_document
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.apps import EXAMPLE_SPECS
from tests.apps import FRAMEWORKS
from tests.apps import render_example
from tests.test_openapi_equivalence import fetch

pytestmark = [pytest.mark.slow, pytest.mark.impure]

METHOD = re.compile(r'"method": "(\w+)"')
URL = re.compile(r'"url": "([^"]+)"')


def generate_client(document: dict[str, Any], where: Path, package: str) -> Path:
    """Run openapi-python-client on ``document``; fail on any warning."""
    source = where / "openapi.json"
    source.write_text(json.dumps(document))
    tools = Path(sys.executable).parent  # its post-hooks run ruff, from this environment
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(source)]
        + ["--output-path", str(where / package), "--meta", "none"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    return where / package


def generated_operations(package_dir: Path) -> dict[tuple[str, str], Path]:
    """Each generated endpoint module's file, by the (method, path template) it calls."""
    found = {}
    for module_file in sorted((package_dir / "api").glob("*/*.py")):
        if module_file.name == "__init__.py":
            continue
        text = module_file.read_text()
        method, url = METHOD.search(text), URL.search(text)
        assert method and url, f"{module_file} names no method or url"
        found[(method.group(1), url.group(1))] = module_file
    return found


def endpoints(package_dir: Path, package: str) -> dict[tuple[str, str], ModuleType]:
    """Each generated endpoint module, imported, by the (method, path template) it calls."""
    return {
        operation: importlib.import_module(f"{package}.api.{path.parent.name}.{path.stem}")
        for operation, path in generated_operations(package_dir).items()
    }


def operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    methods = {"get", "put", "post", "patch", "delete"}
    return {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in methods
    }


def reference_operations(spec: str) -> set[tuple[str, str]]:
    return operations(openapi_document(load_spec(bundled_spec(spec))))


@pytest.mark.full
@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("spec", [name for name in EXAMPLE_SPECS if name != "blog"])
def test_a_client_for_every_operation_of_each_bundled_spec(
    spec: str, framework: str, tmp_path: Path
) -> None:
    app_dir = render_example(spec, tmp_path / "out") / f"{framework}_app"
    package = f"{spec}_{framework}_client"
    with serve_app(app_dir, framework) as base_url:
        document = fetch(f"{base_url}/api/openapi.json")
    package_dir = generate_client(document, tmp_path, package)
    found = set(generated_operations(package_dir))
    assert found == operations(document) == reference_operations(spec)


def body_class(module: ModuleType) -> Any:
    """The model class the endpoint takes as ``body``."""
    hint = typing.get_type_hints(module.sync_detailed)["body"]
    return next(arg for arg in typing.get_args(hint) or (hint,) if hasattr(arg, "from_dict"))


class Driver:
    """Calls the app through the generated client only."""

    def __init__(self, package: str, ops: dict[tuple[str, str], ModuleType], base_url: str):
        self.client_module = importlib.import_module(f"{package}.client")
        self.ops = ops
        self.client: Any = self.client_module.Client(base_url=base_url)
        self.base_url = base_url

    def log_in(self, username: str) -> None:
        answer = self.call(
            "post", "/api/token/", 200, body={"username": username, "password": DEMO_PASSWORD}
        )
        self.close()
        self.client = self.client_module.AuthenticatedClient(
            base_url=self.base_url, token=answer["token"], prefix="Token"
        )

    def close(self) -> None:
        self.client.get_httpx_client().close()

    def call(
        self, method: str, path: str, status: int, body: dict | None = None, **params: Any
    ) -> dict[str, Any]:
        module = self.ops[(method, path)]
        if body is not None:
            params["body"] = body_class(module).from_dict(body)
        response = module.sync_detailed(client=self.client, **params)
        assert response.status_code == status, response.content
        return response.parsed.to_dict() if response.parsed is not None else {}


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generated_client_drives_the_blog(
    framework: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_dir = render_example("blog", tmp_path / "out") / f"{framework}_app"
    package = f"blog_{framework}_client"
    with serve_app(app_dir, framework) as base_url:
        document = fetch(f"{base_url}/api/openapi.json")
        package_dir = generate_client(document, tmp_path, package)
        monkeypatch.syspath_prepend(str(tmp_path))
        ops = endpoints(package_dir, package)
        assert set(ops) == operations(document) == reference_operations("blog")

        api = Driver(package, ops, base_url)
        try:
            drive(api, framework)
        finally:
            api.close()


def drive(api: Driver, framework: str) -> None:
    """Token, list, create with an m2m, patch, read, delete: the client's whole round."""
    api.log_in("alice")
    first = api.call("get", "/api/posts/", 200)
    assert first["count"] >= 1 and len(first["results"]) >= 1
    tags = [
        api.call("post", "/api/tags/", 201, body={"name": f"client-{framework}-{n}"})["id"]
        for n in range(2)
    ]
    body = {"title": "Generated", "slug": f"generated-{framework}", "body": "Hi", "tags": tags}
    post = api.call("post", "/api/posts/", 201, body=body)
    assert post["tags"] == sorted(tags) and post["owner"] == "alice"
    path = "/api/posts/{id}/"
    changed = api.call("patch", path, 200, body={"title": "Changed"}, id=post["id"])
    assert changed["title"] == "Changed" and changed["slug"] == body["slug"]
    assert api.call("get", path, 200, id=post["id"])["title"] == "Changed"
    api.call("delete", path, 204, id=post["id"])
    api.call("get", path, 404, id=post["id"])
    assert api.call("get", "/api/posts/", 200)["count"] == first["count"]
