"""``/api/docs/`` in a real headless Chromium: the interactive docs of each app.

Under gunicorn (DEBUG off), the page must draw every operation of the app's
own document, log no console error, and ask no host but the app's for
anything: its Swagger UI files come from a registry package the app serves.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage
from playwright.sync_api import Request

from generator.contract_suite.servers import serve_app
from tests.apps import FRAMEWORKS
from tests.browser import AssetWatch
from tests.browser import chromium
from tests.browser import fresh_page
from tests.browser import visible_text
from tests.test_openapi_equivalence import fetch

pytestmark = [pytest.mark.slow, pytest.mark.impure]

SPEC = "todo"


@pytest.fixture(params=FRAMEWORKS)
def served(
    request: pytest.FixtureRequest,
    rendered: Callable[[str], Path],
    tmp_path: Path,
) -> Iterator[str]:
    """The base URL of the todo app of one framework under gunicorn."""
    framework: str = request.param
    source = rendered(SPEC) / f"{framework}_app"
    app_dir = tmp_path / source.name
    shutil.copytree(source, app_dir)
    with serve_app(app_dir, framework) as base_url:
        yield base_url


def test_api_docs_render_from_the_apps_own_files(served: str) -> None:
    document = fetch(f"{served}/api/openapi.json")
    operations = sum(
        1
        for item in document["paths"].values()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    )
    errors: list[str] = []
    elsewhere: list[str] = []
    own_host = urlsplit(served).netloc

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    def request(sent: Request) -> None:
        parts = urlsplit(sent.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own_host:
            elsewhere.append(sent.url)

    with chromium() as browser, fresh_page(browser, served) as page:
        watch = AssetWatch(page)
        page.on("console", console)
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        page.on("request", request)
        response = page.goto("/api/docs/")
        assert response is not None and response.status == 200, response
        page.wait_for_load_state("networkidle")
        drawn = page.locator(".opblock")
        drawn.nth(operations - 1).wait_for()
        assert drawn.count() == operations, visible_text(page)
        assert "/api/token/" in visible_text(page, limit=100_000)

    assert not watch.failures, watch.failures
    assert not errors, errors
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
