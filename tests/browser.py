"""A real headless Chromium (Debian's package) driven by Playwright, for tests that click.

Playwright's own browser downloads are never used: ``launch`` points at
``/usr/bin/chromium`` (``bash .ci/setup`` installs it). The helpers below find
form controls by what a person sees (field names, button labels), so one test
drives both the Django and the Flask app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import Request
from playwright.sync_api import Response
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
TIMEOUT_MS = 15_000


class BrowserUnavailable(AssertionError):
    """Chromium is not installed where the tests expect it."""


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the length of the ``with`` block."""
    if not CHROMIUM.exists():
        raise BrowserUnavailable(f"{CHROMIUM} is missing; run `bash .ci/setup`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def fresh_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page in a new context (no cookies), relative URLs resolving against ``base_url``."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def form_with(page: Page, field: str) -> Locator:
    """The one form on the page that has an input called ``field``."""
    form = page.locator("form").filter(has=page.locator(f"[name='{field}']"))
    count = form.count()
    if count != 1:
        raise AssertionError(
            f"{page.url}: expected one form with a {field!r} input, found {count}\n"
            f"{visible_text(page)}"
        )
    return form


def fill_credentials(form: Locator, username: str, password: str) -> None:
    """Type a username and the same password into every password box (confirmations too)."""
    form.locator("[name='username']").fill(username)
    boxes = form.locator("input[type='password']")
    if boxes.count() == 0:
        raise AssertionError("the form has no password input")
    for index in range(boxes.count()):
        boxes.nth(index).fill(password)


def submit(form: Locator) -> None:
    """Press the form's submit button and wait for the page it leads to."""
    button = form.locator("button[type='submit'], input[type='submit'], button:not([type])")
    if button.count() == 0:
        raise AssertionError("the form has no submit button")
    with form.page.expect_navigation():
        button.first.click()


def api_me(page: Page) -> tuple[int, Any]:
    """``GET /api/me/`` with the page's cookies: (status, JSON body or text)."""
    response = page.request.get("/api/me/")
    try:
        return response.status, response.json()
    except ValueError:
        return response.status, response.text()


def click_link(page: Page, pattern: str) -> None:
    """Follow the first visible link whose text matches ``pattern`` (case-insensitive)."""
    link = page.get_by_role("link", name=re.compile(pattern, re.IGNORECASE)).first
    if link.count() == 0:
        raise AssertionError(f"{page.url}: no link matching {pattern!r}\n{visible_text(page)}")
    with page.expect_navigation():
        link.click()


def visible_text(page: Page, limit: int = 2_000) -> str:
    """The page's visible text, trimmed, for failure messages."""
    try:
        text = page.locator("body").inner_text(timeout=2_000)
    except Exception as exc:  # noqa: BLE001 - only for a message
        return f"(no text: {exc})"
    return text[:limit]


class AssetWatch:
    """Records every stylesheet, script, image or font a page fails to load."""

    KINDS = frozenset({"stylesheet", "script", "image", "font"})

    def __init__(self, page: Page) -> None:
        self.failures: list[str] = []
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _response(self, response: Response) -> None:
        if response.request.resource_type in self.KINDS and response.status >= 400:
            self.failures.append(f"{response.status} {response.url}")

    def _failed(self, request: Request) -> None:
        if request.resource_type in self.KINDS:
            self.failures.append(f"failed ({request.failure}) {request.url}")
