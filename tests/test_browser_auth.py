"""A person's first visit, in a real Chromium against gunicorn: sign up, log out, admin.

For both frameworks, on the todo spec (its Task needs only a title): sign up a
new user, log out, log in as the demo staff user, open the admin, create a
Task and find it in the admin list. One screenshot per framework is kept in
the test's tmp dir (``admin-list-<framework>.png``).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page

from generator.contract_suite.servers import serve_app
from generator.demo import DEMO_PASSWORD
from tests.apps import FRAMEWORKS
from tests.browser import AssetWatch
from tests.browser import api_me
from tests.browser import chromium
from tests.browser import click_link
from tests.browser import fill_credentials
from tests.browser import form_with
from tests.browser import fresh_page
from tests.browser import submit
from tests.browser import visible_text

pytestmark = pytest.mark.impure

SPEC = "todo"
NEW_USER = "carol"
"""Signs up in the first test; the server is shared, so each test uses its own name."""
NEW_PASSWORD = "a-Long-and-unusual-passphrase-42"
TASK_TITLE = "Water the browser-tested plants"


@pytest.fixture(scope="module", params=FRAMEWORKS)
def served(
    request: pytest.FixtureRequest,
    rendered: Callable[[str], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str]]:
    """(framework, base URL) of the todo app under gunicorn with demo data, per module."""
    framework: str = request.param
    source = rendered(SPEC) / f"{framework}_app"
    app_dir = tmp_path_factory.mktemp(f"browser-{framework}") / source.name
    shutil.copytree(source, app_dir)
    with serve_app(app_dir, framework) as base_url:
        yield framework, base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Browser, served: tuple[str, str]) -> Iterator[Page]:
    """A page with no cookies against the served app."""
    with fresh_page(browser, served[1]) as browser_page:
        yield browser_page


def signed_in_as(page: Page) -> str | None:
    """The username ``/api/me/`` reports for the page's session, or None when anonymous."""
    status, body = api_me(page)
    if status == 401:
        return None
    assert status == 200, f"/api/me/ answered {status}: {body}"
    return body["username"]


def sign_up(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/signup/")
    form = form_with(page, "username")
    fill_credentials(form, username, password)
    submit(form)


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    form = form_with(page, "username")
    fill_credentials(form, username, password)
    submit(form)


def log_out(page: Page) -> None:
    """Press the page's "Log out" button (a POST form with CSRF)."""
    button = page.get_by_role("button", name=re.compile(r"log ?out", re.IGNORECASE))
    assert button.count() == 1, f"{page.url}: no single log-out button\n{visible_text(page)}"
    with page.expect_navigation():
        button.click()


def add_task_in_admin(page: Page, title: str) -> None:
    """From the admin index: the Task list, its add form, save."""
    click_link(page, r"^tasks$")
    click_link(page, r"^(add task|create)")
    page.locator("[name='title']").fill(title)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^save$", re.IGNORECASE)).first.click()


def test_sign_up_log_out_and_use_the_admin(
    served: tuple[str, str], page: Page, tmp_path: Path
) -> None:
    """The whole first visit, step by step, checked through the session's /api/me/."""
    framework, _ = served
    sign_up(page, NEW_USER, NEW_PASSWORD)
    assert signed_in_as(page) == NEW_USER, f"sign-up did not sign in\n{visible_text(page)}"
    assert NEW_USER in visible_text(page), "the page does not show who is signed in"

    page.goto("/")
    log_out(page)
    assert signed_in_as(page) is None, "still signed in after logging out"

    log_in(page, "admin", DEMO_PASSWORD)
    assert signed_in_as(page) == "admin", f"demo staff login failed\n{visible_text(page)}"

    response = page.goto("/admin/")
    assert response is not None and response.status == 200, f"/admin/ for staff: {response}"
    add_task_in_admin(page, TASK_TITLE)
    page.reload()  # the list itself, without the "was added" message that also names the task
    shot = tmp_path / f"admin-list-{framework}.png"
    page.screenshot(path=str(shot), full_page=True)
    cells = page.locator("table td, table th").filter(has_text=TASK_TITLE)
    assert cells.count() >= 1, (
        f"the new task is not in the admin list ({page.url}); screenshot {shot}\n"
        f"{visible_text(page)}"
    )


def test_admin_is_closed_to_a_new_user(served: tuple[str, str], page: Page) -> None:
    """A freshly signed-up (non-staff) user never sees the admin: a login redirect or 403."""
    sign_up(page, "dave", NEW_PASSWORD)
    assert signed_in_as(page) == "dave", f"sign-up did not sign in\n{visible_text(page)}"
    response = page.goto("/admin/")
    assert response is not None
    shows_admin = response.status == 200 and "/accounts/login" not in page.url
    shows_admin = shows_admin and "/admin/login" not in page.url
    assert not shows_admin, f"a non-staff user sees the admin at {page.url}\n{visible_text(page)}"


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/admin/"], ids=["home", "login", "admin"]
)
def test_pages_load_their_assets(served: tuple[str, str], page: Page, path: str) -> None:
    """Under gunicorn (DEBUG off) every stylesheet, script and image a page uses is served.

    The admin is visited as the demo staff user; unstyled admin pages mean the
    production server does not serve static files.
    """
    watch = AssetWatch(page)
    if path == "/admin/":
        log_in(page, "admin", DEMO_PASSWORD)
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 200, f"{path}: {response}"
    assert not watch.failures, f"{path} could not load: {watch.failures}"
