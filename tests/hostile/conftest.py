"""The hostile suite's fixtures: each app served by two gunicorn processes on one database.

Two processes, as a production server runs several workers: whatever one
worker decides about a session or a login throttle, the other must see.
The matrix is every framework for the specs in ``DIPTYCH_HOSTILE_SPECS``
(default: the bundled blog and this suite's ``specs/hostile.yml``, whose text
is markup an app must escape); ``DIPTYCH_FRAMEWORKS`` narrows the frameworks.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from generator.contract_suite.client import Api
from generator.contract_suite.client import csrf_fields
from generator.contract_suite.client import describe
from generator.contract_suite.servers import free_port
from generator.contract_suite.servers import gunicorn_command
from generator.contract_suite.servers import prepare_database
from generator.contract_suite.servers import server_env
from generator.contract_suite.servers import stop
from generator.contract_suite.servers import wait_until_answering
from generator.model import Project
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from generator.spec import load_spec
from tests.apps import FRAMEWORKS

OWN_SPECS = Path(__file__).parent / "specs"
DEFAULT_SPECS = ("blog", "hostile")
RESET_LINK = re.compile(r"http://127\.0\.0\.1:\d+/accounts/reset/[^\s/]+/[^\s/]+/")
MAIL_TIMEOUT = 15.0


@dataclass(frozen=True)
class Twins:
    """One app, served twice on one SQLite database."""

    framework: str
    project: Project
    first: Api
    second: Api
    database: Path

    @property
    def user_table(self) -> str:
        return f"{self.project.slug}_user" if self.framework == "django" else "user"

    def make_staff(self, username: str, superuser: bool = False) -> None:
        """Set a user's flags in the database, as a superuser would in the admin."""
        with sqlite3.connect(self.database) as db:
            db.execute(
                f'UPDATE "{self.user_table}" SET is_staff = 1, is_superuser = ? WHERE username = ?',
                (superuser, username),
            )

    def set_email(self, username: str, email: str) -> None:
        with sqlite3.connect(self.database) as db:
            db.execute(
                f'UPDATE "{self.user_table}" SET email = ? WHERE username = ?', (email, username)
            )

    def reset_links(self) -> list[str]:
        """The reset links in the emails both processes printed (the console mail backend)."""
        logs = sorted(self.database.parent.glob("gunicorn-*.log"))
        texts = [log.read_text("utf-8", "replace") for log in logs]
        return [link for text in texts for link in RESET_LINK.findall(text)]

    def reset_password(self, email: str, new_password: str) -> None:
        """Reset a password as its owner would: ask for a link, follow it, set the new one."""
        browser, seen = requests.Session(), set(self.reset_links())
        form = self.first.get("/accounts/password_reset/", session=browser)
        asked = self.first.request(
            "POST",
            "/accounts/password_reset/",
            data={"email": email, **csrf_fields(form.text)},
            headers={"Referer": self.first.url("/accounts/password_reset/")},
            session=browser,
        )
        assert asked.status_code == 302, describe(asked)
        deadline = time.monotonic() + MAIL_TIMEOUT
        while not (links := set(self.reset_links()) - seen):
            assert time.monotonic() < deadline, "no reset email on either process's output"
            time.sleep(0.1)
        [link] = links
        page = self.second.get(link, session=browser, allow_redirects=True)
        assert 'name="new_password1"' in page.text, describe(page)
        data = {"new_password1": new_password, "new_password2": new_password}
        done = self.second.request(
            "POST",
            page.url,
            data=data | csrf_fields(page.text),
            headers={"Referer": page.url},
            session=browser,
        )
        assert done.status_code == 302, describe(done)

    def admin_url(self, model: str, action: str = "") -> str:
        """The admin's list (or add page, ``action="add"``) of a model, by class name."""
        if self.framework == "django":
            return f"/admin/{self.project.slug}/{model.lower()}/" + (f"{action}/" if action else "")
        return f"/admin/{model.lower()}/" + ("new/" if action else "")


def spec_file(name: str) -> Path:
    own = OWN_SPECS / f"{name}.yml"
    return own if own.exists() else bundled_spec(name)


def _names(env: str, default: tuple[str, ...]) -> tuple[str, ...]:
    text = os.environ.get(env, "")
    return tuple(part.strip() for part in text.split(",") if part.strip()) or default


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "target" in metafunc.fixturenames:
        specs = _names("DIPTYCH_HOSTILE_SPECS", DEFAULT_SPECS)
        frameworks = _names("DIPTYCH_FRAMEWORKS", FRAMEWORKS)
        values = [(framework, spec) for spec in specs for framework in frameworks]
        metafunc.parametrize("target", values, ids=[f"{f}-{s}" for f, s in values])


@contextmanager
def serve_twice(app_dir: Path, framework: str, scratch: Path) -> Iterator[list[str]]:
    """Two gunicorn processes of ``app_dir`` on one fresh database; their base URLs."""
    env = server_env(app_dir, scratch / "db.sqlite3")
    prepare_database(app_dir, framework, env)
    with ExitStack() as stack:
        urls = []
        for number in (1, 2):
            port = free_port()
            log = scratch / f"gunicorn-{number}.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    gunicorn_command(app_dir, framework, port),
                    cwd=app_dir,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            stack.callback(stop, process)
            url = f"http://127.0.0.1:{port}"
            wait_until_answering(url, process, log)
            urls.append(url)
        yield urls


class TwinPool:
    """Renders each spec once and serves each app on first use; stops them at the end."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.stack = ExitStack()
        self.twins: dict[tuple[str, str], Twins] = {}

    def get(self, framework: str, spec: str) -> Twins:
        if (framework, spec) not in self.twins:
            out = self.scratch / spec
            if not out.exists():
                render_apps(load_raw_spec(spec_file(spec)), out, force=True)
            project = load_spec(spec_file(spec))
            work = Path(self.stack.enter_context(tempfile.TemporaryDirectory()))
            first, second = self.stack.enter_context(
                serve_twice(out / f"{framework}_app", framework, work)
            )
            self.twins[framework, spec] = Twins(
                framework,
                project,
                Api(first, framework, project, spec),
                Api(second, framework, project, spec),
                work / "db.sqlite3",
            )
        return self.twins[framework, spec]


@pytest.fixture(scope="session")
def twin_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwinPool]:
    pool = TwinPool(tmp_path_factory.mktemp("hostile-apps"))
    with pool.stack:
        yield pool


@pytest.fixture
def twins(target: tuple[str, str], twin_pool: TwinPool) -> Twins:
    """The app of this test's framework and spec, served by two processes."""
    return twin_pool.get(*target)
