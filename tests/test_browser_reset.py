"""A forgotten password, reset end to end in a real Chromium against gunicorn, in both apps.

For both frameworks, on the todo spec: from the login page follow "Forgotten
your password?", ask for a link for alice's address, read the link from the
console email that the gunicorn process prints on its stdout, set a new
password there, and log in with it. The old password and the used link are
refused afterwards, and an unknown address gets the same page and no email.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page

from generator.contract_suite.servers import free_port
from generator.contract_suite.servers import gunicorn_command
from generator.contract_suite.servers import prepare_database
from generator.contract_suite.servers import server_env
from generator.contract_suite.servers import stop
from generator.contract_suite.servers import wait_until_answering
from generator.demo import DEMO_PASSWORD
from tests.apps import FRAMEWORKS
from tests.browser import api_me
from tests.browser import chromium
from tests.browser import click_link
from tests.browser import form_with
from tests.browser import fresh_page
from tests.browser import submit
from tests.browser import visible_text

pytestmark = pytest.mark.impure

SPEC = "todo"
NEW_PASSWORD = "a-Fresh-and-unusual-passphrase-7"
RESET_LINK = re.compile(r"http://127\.0\.0\.1:\d+/accounts/reset/[^\s/]+/[^\s/]+/")
MAIL_TIMEOUT = 15.0


@dataclass(frozen=True)
class Served:
    """An app under gunicorn: its framework, base URL and the file its stdout goes to."""

    framework: str
    base_url: str
    output: Path

    def reset_links(self) -> list[str]:
        return RESET_LINK.findall(self.output.read_text(errors="replace"))

    def next_reset_link(self, seen: int) -> str:
        """The first link of an email printed after the first ``seen`` ones."""
        deadline = time.monotonic() + MAIL_TIMEOUT
        while time.monotonic() < deadline:
            links = self.reset_links()
            if len(links) > seen:
                return links[seen]
            time.sleep(0.1)
        raise AssertionError(f"no reset email on the server's stdout\n{self.output.read_text()}")


@contextmanager
def serve_with_output(app_dir: Path, framework: str) -> Iterator[Served]:
    """gunicorn on a fresh, seeded SQLite database; its stdout and stderr kept in a file."""
    with tempfile.TemporaryDirectory(prefix=f"diptych-reset-{framework}-") as scratch:
        work = Path(scratch)
        env = server_env(app_dir, work / "db.sqlite3")
        prepare_database(app_dir, framework, env)
        port = free_port()
        output = work / "gunicorn.log"
        with output.open("w") as log:
            process = subprocess.Popen(
                gunicorn_command(app_dir, framework, port),
                cwd=app_dir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_answering(base_url, process, output)
            yield Served(framework, base_url, output)
        finally:
            stop(process)


@pytest.fixture(scope="module", params=FRAMEWORKS)
def served(
    request: pytest.FixtureRequest,
    rendered: Callable[[str], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Served]:
    """The todo app of one framework under gunicorn with demo data, per module."""
    source = rendered(SPEC) / f"{request.param}_app"
    app_dir = tmp_path_factory.mktemp(f"reset-{request.param}") / source.name
    shutil.copytree(source, app_dir)
    with serve_with_output(app_dir, request.param) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser: Browser, served: Served) -> Iterator[Page]:
    """A page with no cookies against the served app."""
    with fresh_page(browser, served.base_url) as browser_page:
        yield browser_page


def ask_for_a_link(page: Page, email: str) -> None:
    """From the login page, follow the reset link and send the form for ``email``."""
    page.goto("/accounts/login/")
    click_link(page, r"forgot")
    form = form_with(page, "email")
    form.locator("[name='email']").fill(email)
    submit(form)
    assert "emailed you instructions" in visible_text(page), visible_text(page)


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    form = form_with(page, "username")
    form.locator("[name='username']").fill(username)
    form.locator("[name='password']").fill(password)
    submit(form)


def signed_in_as(page: Page) -> str | None:
    status, body = api_me(page)
    return body["username"] if status == 200 else None


def test_a_forgotten_password_is_reset_by_email(served: Served, page: Page) -> None:
    seen = len(served.reset_links())
    ask_for_a_link(page, "alice@example.com")
    link = served.next_reset_link(seen)
    assert link.startswith(served.base_url + "/accounts/reset/")
    printed = served.output.read_text()
    assert "To: alice@example.com" in printed
    assert f"Subject: Password reset on {served.base_url.removeprefix('http://')}" in printed

    page.goto(link)
    assert page.url.endswith("/set-password/"), "the token stays in the address bar"
    form = form_with(page, "new_password1")
    boxes = form.locator("input[type='password']")
    assert boxes.count() == 2
    for index in range(2):
        boxes.nth(index).fill(NEW_PASSWORD)
    submit(form)
    assert "Your password has been set" in visible_text(page), visible_text(page)

    log_in(page, "alice", NEW_PASSWORD)
    assert signed_in_as(page) == "alice", visible_text(page)
    page.context.clear_cookies()
    log_in(page, "alice", DEMO_PASSWORD)
    assert signed_in_as(page) is None, "the old password still works"
    page.goto(link)
    assert "invalid" in visible_text(page), "the used link still works"


def test_an_unknown_address_gets_the_same_page_and_no_email(served: Served, page: Page) -> None:
    seen = len(served.reset_links())
    ask_for_a_link(page, "nobody@example.com")
    time.sleep(1)
    assert len(served.reset_links()) == seen
