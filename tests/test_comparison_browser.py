"""comparison.html in headless Chromium: no console errors, two columns or one, printable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page

from generator.comparison import write_comparison
from tests.browser import chromium

pytestmark = pytest.mark.impure


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright."""
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def page_url(rendered) -> str:
    """The comparison page of the rendered blog spec, as a file URL."""
    html_path, _ = write_comparison(rendered("blog"))
    return Path(html_path).resolve().as_uri()


def _open(browser: Browser, url: str, width: int) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    return page, errors, requests


def _boxes(page: Page, section: str) -> tuple[dict, dict]:
    django = page.locator(f"#{section} .side.django").bounding_box()
    flask = page.locator(f"#{section} .side.flask").bounding_box()
    assert django and flask
    return django, flask


@pytest.mark.parametrize("section", ["layout", "settings", "model-post"])
def test_side_by_side_at_1280(browser: Browser, page_url: str, section: str) -> None:
    page, errors, requests = _open(browser, page_url, 1280)
    django, flask = _boxes(page, section)
    assert abs(django["y"] - flask["y"]) < 2
    assert django["x"] + django["width"] <= flask["x"]
    assert django["width"] > 400 and flask["width"] > 400
    assert flask["x"] + flask["width"] <= 1280
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests
    page.close()


def test_stacked_at_400(browser: Browser, page_url: str) -> None:
    page, errors, _ = _open(browser, page_url, 400)
    django, flask = _boxes(page, "settings")
    assert django["y"] + django["height"] <= flask["y"]
    assert abs(django["x"] - flask["x"]) < 2
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "the page itself must not scroll sideways; code blocks scroll"
    assert errors == []
    page.close()


def test_printable(browser: Browser, page_url: str) -> None:
    page, errors, _ = _open(browser, page_url, 1280)
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert errors == []
    page.close()
