"""comparison.html in headless Chromium: two columns or one, switchers, links, screenshots."""

from __future__ import annotations

import struct
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


def _open(
    browser: Browser, url: str, width: int, *, javascript: bool = True
) -> tuple[Page, list[str], list[str]]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    return page, errors, requests


def _boxes(page: Page, section: str) -> tuple[dict, dict]:
    django = page.locator(f"#{section} .side.django").first.bounding_box()
    flask = page.locator(f"#{section} .side.flask").first.bounding_box()
    assert django and flask
    return django, flask


@pytest.mark.parametrize("section", ["layout", "settings", "model-category"])
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


@pytest.mark.parametrize("javascript", [True, False])
def test_the_model_switcher_shows_one_entity_at_a_time(
    browser: Browser, page_url: str, javascript: bool
) -> None:
    """CSS radio tabs: they work with JavaScript off, as the page has no script at all."""
    page, errors, _ = _open(browser, page_url, 1280, javascript=javascript)
    assert page.locator("#model-category").is_visible()
    assert page.locator("#model-post").is_hidden()
    page.locator("label[for='tab-model-post']").click()
    assert page.locator("#model-post").is_visible()
    assert page.locator("#model-category").is_hidden()
    assert page.locator("#model-post .side.flask figure").count() >= 1
    assert errors == []
    page.close()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("width", [1280, 400])
def test_screenshots_contents_and_sections(
    browser: Browser, page_url: str, width: int, tmp_path: Path
) -> None:
    """A reader's view at each width: every contents link lands, no section is empty."""
    page, errors, _ = _open(browser, page_url, width)
    links = page.locator("nav.toc a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(links) >= 12
    for href in links:
        assert href.startswith("#")
        assert page.locator(f"[id='{href[1:]}']").count() == 1, href
    empty = page.evaluate(
        """() => [...document.querySelectorAll('main section')]
            .filter(s => s.textContent.trim().length < 40
                      || s.querySelectorAll('p, pre, table, figure').length === 0)
            .map(s => s.id)"""
    )
    assert empty == []
    for href in ("#performance", "#figures", "#api"):
        page.locator(f"nav.toc a[href='{href}']").first.click()
        top = page.evaluate(f"document.querySelector('{href}').getBoundingClientRect().top")
        assert abs(top) < 5, (href, top)
    for name, full in (("top", False), ("page", True)):
        path = tmp_path / f"comparison-{width}-{name}.png"
        page.goto(page_url, wait_until="load")
        page.screenshot(path=str(path), full_page=full)
        data = path.read_bytes()
        shot_width, shot_height = _png_size(data)
        assert shot_width == width
        assert shot_height >= 900 if full else shot_height == 900
        # a blank page compresses to almost nothing; this one holds text and code
        assert len(data) > 20_000, f"{path} looks blank ({len(data)} bytes)"
    page.screenshot(
        path=str(tmp_path / "clip.png"), clip={"x": 0, "y": 0, "width": 200, "height": 200}
    )
    assert (tmp_path / f"comparison-{width}-page.png").stat().st_size > (
        tmp_path / "clip.png"
    ).stat().st_size
    assert errors == []
    page.close()


def test_printable(browser: Browser, page_url: str) -> None:
    page, errors, _ = _open(browser, page_url, 1280)
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    assert page.locator("#model-post").is_visible(), "print shows every entity"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert errors == []
    page.close()
