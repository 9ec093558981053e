"""An HTTP client for one running app: tokens for the demo users, and no 500s ever.

Every request goes through :meth:`Api.request`, which fails the test on any
5xx answer with the request that caused it, so "never a 500" is checked by
every test of the suite.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests

from generator.demo import DEMO_PASSWORD
from generator.model import Entity
from generator.model import Project

TIMEOUT = 30
MISSING: Any = object()
"""No JSON body at all (distinct from ``None``, which sends ``null``)."""

CSRF_INPUT = re.compile(
    r"<input[^>]*name=[\"'](?:csrfmiddlewaretoken|csrf_token)[\"'][^>]*>", re.IGNORECASE
)
VALUE_ATTRIBUTE = re.compile(r"value=[\"']([^\"']+)[\"']")


class ServerDefect(AssertionError):
    """The app answered 5xx: a defect, whatever the input."""


def describe(response: requests.Response) -> str:
    """One request and its answer, for failure messages."""
    request = response.request
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return (
        f"{request.method} {request.url} body={str(body)[:300]!r}\n"
        f"-> {response.status_code} {response.headers.get('Content-Type')} "
        f"{response.text[:500]!r}"
    )


def no_cookies() -> requests.Session:
    """A keep-alive session that never stores cookies: every request stands alone."""
    session = requests.Session()
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session


@dataclass
class Api:
    """The running app of one framework for one spec."""

    base_url: str
    framework: str
    project: Project
    spec_name: str
    session: requests.Session = field(default_factory=no_cookies)
    tokens: dict[str, str] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    """Facts that do not change during a session (demo ids, user ids)."""

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def request(
        self,
        method: str,
        path: str,
        *,
        user: str | None = None,
        json_body: Any = MISSING,
        data: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        session: requests.Session | None = None,
        allow_redirects: bool = False,
    ) -> requests.Response:
        """Send a request (as ``user`` with their token); fail on any 5xx answer."""
        sent = dict(headers or {})
        if user is not None:
            sent["Authorization"] = f"Token {self.token(user)}"
        if json_body is not MISSING:
            data = json.dumps(json_body)
            sent.setdefault("Content-Type", "application/json")
        response = (session or self.session).request(
            method,
            self.url(path),
            data=data,
            headers=sent,
            params=params,
            timeout=TIMEOUT,
            allow_redirects=allow_redirects,
        )
        if response.status_code >= 500:
            raise ServerDefect(f"[{self.framework}] server error\n{describe(response)}")
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = MISSING, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json_body=body, **kwargs)

    def put(self, path: str, body: Any = MISSING, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, json_body=body, **kwargs)

    def patch(self, path: str, body: Any = MISSING, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, json_body=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def token(self, username: str) -> str:
        """The API token of a demo user, fetched once."""
        if username not in self.tokens:
            response = self.post("/api/token/", {"username": username, "password": DEMO_PASSWORD})
            expect(response, 200)
            self.tokens[username] = response.json()["token"]
        return self.tokens[username]

    def list_path(self, entity: Entity) -> str:
        return f"/api/{entity.plural}/"

    def item_path(self, entity: Entity, pk: int | str) -> str:
        return f"/api/{entity.plural}/{pk}/"

    def reader(self, entity: Entity) -> str | None:
        """Who may read ``entity``: anyone (None) or a signed-in user."""
        return None if entity.api_read == "public" else "alice"

    def writer(self, entity: Entity) -> str:
        """A non-staff demo user who may create ``entity``, or admin where only staff may."""
        return "admin" if entity.api_write == "staff" else "alice"

    def create(self, entity: Entity, body: dict[str, Any], user: str = "admin") -> dict[str, Any]:
        """POST a valid object and return it; fails unless the answer is 201."""
        response = self.post(self.list_path(entity), body, user=user)
        expect(response, 201)
        return response.json()

    def login_session(self, username: str) -> tuple[requests.Session, str]:
        """A browser-like session signed in through the login form, and a fresh CSRF token."""
        browser = requests.Session()
        page = self.get("/accounts/login/", session=browser)
        expect(page, 200)
        response = self.request(
            "POST",
            "/accounts/login/",
            data={
                "username": username,
                "password": DEMO_PASSWORD,
                **csrf_fields(page.text),
            },
            headers={"Referer": self.url("/accounts/login/")},
            session=browser,
        )
        assert response.status_code in (302, 303), describe(response)
        return browser, self.fresh_csrf_token(browser)

    def fresh_csrf_token(self, browser: requests.Session) -> str:
        """A CSRF token valid for the signed-in session (login rotates it)."""
        for path in ("/", "/accounts/login/"):
            fields = csrf_fields(self.get(path, session=browser).text)
            if fields:
                return next(iter(fields.values()))
        raise AssertionError(f"[{self.framework}] no CSRF token on / or /accounts/login/")


def csrf_fields(html: str) -> dict[str, str]:
    """The hidden CSRF input of the first form on a page, as form data."""
    match = CSRF_INPUT.search(html)
    if not match:
        return {}
    tag = match.group(0)
    name = "csrfmiddlewaretoken" if "csrfmiddlewaretoken" in tag else "csrf_token"
    value = VALUE_ATTRIBUTE.search(tag)
    return {name: value.group(1)} if value else {}


def expect(response: requests.Response, status: int) -> requests.Response:
    """Assert the status code, showing the request and answer when it differs."""
    assert response.status_code == status, f"expected {status}\n{describe(response)}"
    return response


def expect_json_error(response: requests.Response, status: int, key: str = "detail") -> Any:
    """An error answer: the status, a JSON body, and ``key`` in it."""
    expect(response, status)
    assert response.headers.get("Content-Type", "").startswith("application/json"), describe(
        response
    )
    body = response.json()
    assert isinstance(body, dict) and key in body, describe(response)
    return body
