"""A differential fuzz: the same seeded random requests to both apps, compared answer by answer.

Both apps of one spec (the bundled blog, and one spec drawn from
``tests.strategies``) run under gunicorn on their own fresh PostgreSQL
databases, migrated and seeded with the same demo data, so ids come from
sequences that never reuse a value and agree between the apps. A seeded
``random.Random`` builds ``REQUESTS`` requests, valid and invalid (odd query
strings, bodies, methods, ids, headers and users); each is sent to Django,
then to Flask. The answers must agree on the status code, on being JSON, and
on the JSON itself: every value of a success (timestamps, tokens and the host
of URLs left out), the keys of an error (its message texts may differ, as the
contract says). No answer may be a 5xx. ``DIPTYCH_FUZZ_SEED`` and
``DIPTYCH_FUZZ_REQUESTS`` change the seed and the count; the figures are printed.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import urlsplit

import pytest
import requests

from generator.contract_suite.client import Api
from generator.contract_suite.payloads import valid_body
from generator.contract_suite.servers import free_port
from generator.contract_suite.servers import gunicorn_command
from generator.contract_suite.servers import prepare_database
from generator.contract_suite.servers import server_env
from generator.contract_suite.servers import stop
from generator.contract_suite.servers import wait_until_answering
from generator.demo import DEMO_PASSWORD
from generator.model import Entity
from generator.model import Field
from generator.model import Project
from generator.normalise import build_project
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from tests.postgres import PostgresServer
from tests.postgres import running_postgres

pytestmark = [pytest.mark.impure, pytest.mark.slow]

SEED = int(os.environ.get("DIPTYCH_FUZZ_SEED", "20261202"))
REQUESTS = int(os.environ.get("DIPTYCH_FUZZ_REQUESTS", "300"))
USERS = (None, "alice", "bob", "admin")
JSON = {"Content-Type": "application/json"}
TIMEOUT = 60
ODD_VALUES: tuple[Any, ...] = (
    None, "", " ", "x", "\u00e9t\u00e9", "\U0001f600", 0, -1, 1.5, 10**20, True, False,
    [], {}, [1, 1], "1", " 1", "1.9", "2024-1-5", "9999-12-31T23:59:59-01:00", "a" * 300,
)  # fmt: skip
ODD_QUERY_VALUES = (
    "", "0", "1", "2", "-1", "last", " 1", "1.0", "\u00b2", "abc", "'", '"a b"', "%", "true",
    "false", "2024-01-05", "a,b", "-id", "id", "\u00e9", "\x00",
)  # fmt: skip
ODD_HEADERS = (
    {},
    {"Accept": "text/html"},
    {"Accept": "application/xml"},
    {"X-Forwarded-Proto": "javascript"},
    {"X-Forwarded-For": "1.2.3.4"},
    {"Authorization": "Token not-a-token"},
    {"Authorization": "Bearer x"},
)


@dataclass
class Sent:
    """One request, as the fuzz describes it and both apps receive it."""

    method: str
    path: str
    user: str | None = None
    params: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.params)
        shown = self.raw if self.raw is not None else json.dumps(self.body)[:200]
        return (
            f"{self.method} {self.path}{'?' + query if query else ''} as {self.user or 'anonymous'}"
            f" headers={self.headers} body={shown!r}"
        )


class Fuzzer:
    """Builds requests from a seeded random source, for one spec, from what exists."""

    def __init__(self, project: Project, api: Api, rng: random.Random) -> None:
        self.project = project
        self.api = api
        self.rng = rng
        self.created: dict[str, list[int]] = {entity.name: [] for entity in project.entities}
        self.flask_ids: dict[str, dict[int, int]] = {e.name: {} for e in project.entities}

    def entity(self) -> Entity:
        return self.rng.choice(self.project.entities)

    def entity_of(self, request: Sent) -> Entity | None:
        segment = request.path.removeprefix("/api/").split("/")[0]
        return next((e for e in self.project.entities if e.plural == segment), None)

    def for_flask(self, request: Sent) -> Sent:
        """The request with the ids of created objects as the Flask app numbered them."""
        entity = self.entity_of(request)
        parts = request.path.split("/")
        if entity is None or len(parts) < 5 or not parts[3].isdigit():
            return request
        flask_id = self.flask_ids[entity.name].get(int(parts[3]), int(parts[3]))
        return replace(request, path="/".join([*parts[:3], str(flask_id), *parts[4:]]))

    def django_ids(self, request: Sent) -> dict[int, int]:
        """Flask's ids of created objects of the request's entity, mapped to Django's."""
        entity = self.entity_of(request)
        if entity is None:
            return {}
        return {flask: django for django, flask in self.flask_ids[entity.name].items()}

    def some_id(self, entity: Entity) -> Any:
        known = [1, 2, 3, *self.created[entity.name]]
        odd = [0, -1, 10**9, 10**30, "abc", "1.5", "%20", "1e3"]
        return self.rng.choice(known * 3 + odd)

    def body(self, entity: Entity) -> dict[str, Any]:
        body = valid_body(self.api, entity)
        for _ in range(self.rng.choice([0, 0, 1, 1, 2])):
            target: Field = self.rng.choice(entity.fields)
            action = self.rng.random()
            if action < 0.2:
                body.pop(target.name, None)
            else:
                body[target.name] = self.rng.choice(ODD_VALUES)
        if self.rng.random() < 0.1:
            body["unknown_key"] = "x"
        return body

    def next(self) -> Sent:
        entity = self.entity()
        kind = self.rng.choices(
            ["list", "item", "create", "change", "delete", "odd", "token", "me"],
            weights=[25, 15, 20, 15, 8, 10, 4, 3],
        )[0]
        user = self.rng.choice(USERS)
        headers = dict(self.rng.choice(ODD_HEADERS)) if self.rng.random() < 0.2 else {}
        plural = f"/api/{entity.plural}/"
        if kind == "list":
            return Sent("GET", plural, user, self.query(entity), headers=headers)
        if kind == "item":
            return Sent("GET", f"{plural}{self.some_id(entity)}/", user, headers=headers)
        if kind == "create":
            return Sent("POST", plural, user or "alice", body=self.body(entity), headers=headers)
        if kind == "change":
            method = self.rng.choice(["PUT", "PATCH"])
            path = f"{plural}{self.some_id(entity)}/"
            return Sent(method, path, user or "alice", body=self.body(entity), headers=headers)
        if kind == "delete":
            # only rows the fuzz made: a demo row's cascade (a tree's root) could
            # empty a table that later bodies need to point at
            ids = self.created[entity.name] or [self.rng.choice([0, -1, 10**9, "abc"])]
            return Sent("DELETE", f"{plural}{self.rng.choice(ids)}/", user, headers=headers)
        if kind == "token":
            password = self.rng.choice([DEMO_PASSWORD, "wrong", "", None])
            username = self.rng.choice(["mallory", "bob", "", None, 7])
            return Sent("POST", "/api/token/", body={"username": username, "password": password})
        if kind == "me":
            return Sent("GET", "/api/me/", user, headers=headers)
        return self.odd(entity, plural, user)

    def query(self, entity: Entity) -> list[tuple[str, str]]:
        names = ["page", "ordering", *entity.admin_filter]
        if entity.admin_search:
            names.append("search")
        params = []
        for _ in range(self.rng.choice([0, 1, 1, 2, 3])):
            name = self.rng.choice(names)
            if name == "ordering" and self.rng.random() < 0.6:
                value = self.rng.choice(entity.ordering_fields)
                value = self.rng.choice(["", "-"]) + value
            elif name == "search" and self.rng.random() < 0.5:
                value = self.rng.choice(["a", "the", "e", "demo", "post 1"])
            else:
                value = self.rng.choice(ODD_QUERY_VALUES)
            params.append((name, value))
        return params

    def odd(self, entity: Entity, plural: str, user: str | None) -> Sent:
        """Methods, bodies and content types a client should not send."""
        choice = self.rng.randrange(12)
        user = user or "alice"
        if choice == 0:
            return Sent(self.rng.choice(["PUT", "PATCH", "DELETE"]), plural, user, body={})
        if choice == 1:
            raw = self.rng.choice([b"", b"{", b"[]", b"null", b"1", b'"x"', b"\xff\xfe"])
            return Sent("POST", plural, user, raw=raw, headers=JSON)
        if choice == 2:
            mime = self.rng.choice(["text/plain", "application/x-www-form-urlencoded"])
            return Sent("POST", plural, user, raw=b"a=1", headers={"Content-Type": mime})
        if choice == 3:
            return Sent("POST", plural, user, raw=b"[" * 1000 + b"]" * 1000, headers=JSON)
        if choice == 4:
            return Sent("GET", f"/api/{entity.plural}", user)
        if choice == 5:
            return Sent("GET", f"/api/no-such-{entity.plural}/", user)
        if choice == 6:
            return Sent("POST", f"{plural}{self.some_id(entity)}/", user, body={})
        if choice == 7:
            return Sent(self.rng.choice(["HEAD", "OPTIONS"]), plural, user)
        if choice == 8:
            return Sent("GET", plural, user, [("page", "1"), ("page", "2")])
        if choice == 9:
            body = b"\xef\xbb\xbf" + json.dumps(self.body(entity)).encode()
            return Sent("POST", plural, user, raw=body, headers=JSON)
        if choice == 10:
            mime = "application/merge-patch+json"
            body = json.dumps(self.body(entity)).encode()
            return Sent("POST", plural, user, raw=body, headers={"Content-Type": mime})
        form = b"username=bob&password=demo-password"
        mime = "application/x-www-form-urlencoded"
        return Sent("POST", "/api/token/", raw=form, headers={"Content-Type": mime})


@dataclass
class Figures:
    sent: int = 0
    server_errors: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


def send(api: Api, request: Sent) -> requests.Response:
    headers = dict(request.headers)
    data = request.raw
    if request.raw is None and request.method in ("POST", "PUT", "PATCH"):
        data = json.dumps(request.body).encode()
        headers.setdefault("Content-Type", "application/json")
    if request.user is not None and "Authorization" not in headers:
        headers["Authorization"] = f"Token {api.token(request.user)}"
    return api.session.request(
        request.method,
        api.url(request.path),
        params=request.params,
        data=data,
        headers=headers,
        timeout=TIMEOUT,
        allow_redirects=False,
    )


def normalised(value: Any, ids: dict[int, int]) -> Any:
    """A success body without what may differ: timestamps, tokens, hosts and ports of URLs, ids."""
    if isinstance(value, dict):
        return {
            key: f"<{key}>"
            if key in ("created_at", "updated_at", "token")
            else ids.get(item, item)
            if key == "id" and isinstance(item, int)
            else normalised(item, ids)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [normalised(item, ids) for item in value]
    if isinstance(value, str) and value.startswith("http://127.0.0.1:"):
        url = urlsplit(value)
        return (url.path, sorted(parse_qsl(url.query, keep_blank_values=True)))
    return value


def shape(value: Any) -> Any:
    """The keys of an error body, nested, without its message texts."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def json_of(response: requests.Response) -> Any:
    if not response.content:
        return None
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        return "<not JSON>"
    return response.json()


def difference(
    django: requests.Response, flask: requests.Response, ids: dict[int, int]
) -> str | None:
    """How the two answers differ, or None when a client could not tell them apart."""
    if django.status_code != flask.status_code:
        return f"status {django.status_code} vs {flask.status_code}"
    left, right = json_of(django), json_of(flask)
    if django.status_code < 300:
        left, right = normalised(left, {}), normalised(right, ids)
    else:
        left, right = shape(left), shape(right)
    if left != right:
        return f"body {json.dumps(left)[:300]} vs {json.dumps(right)[:300]}"
    return None


def created_in(project: Project, request: Sent, answer: requests.Response) -> Entity | None:
    """The entity of the object this answer created, if it created one."""
    if request.method != "POST" or answer.status_code != 201:
        return None
    return next(e for e in project.entities if request.path == f"/api/{e.plural}/")


def reconcile(fuzzer: Fuzzer, apis: dict[str, Api], request: Sent, answers: dict) -> None:
    """Keep both databases alike: pair the ids of objects both created, undo a lone create.

    A disagreement is counted once; without this, every later list would
    differ too (a lone delete is done in the other app as well). Ids of
    paired objects may differ (a refused insert can use up a sequence value
    in one app only), so Flask's are translated to Django's.
    """
    made = {name: created_in(fuzzer.project, request, answer) for name, answer in answers.items()}
    if made["django"] and made["flask"]:
        django_id, flask_id = (answers[name].json()["id"] for name in ("django", "flask"))
        fuzzer.created[made["django"].name].append(django_id)
        fuzzer.flask_ids[made["django"].name][django_id] = flask_id
        return
    for name, entity in made.items():
        if entity is not None:
            pk = answers[name].json()["id"]
            undo = apis[name].delete(apis[name].item_path(entity, pk), user="admin")
            assert undo.status_code == 204, undo.text
    deleted = {name: answer.status_code == 204 for name, answer in answers.items()}
    if request.method == "DELETE" and deleted["django"] != deleted["flask"]:
        late = "flask" if deleted["django"] else "django"
        path = fuzzer.for_flask(request).path if late == "flask" else request.path
        apis[late].delete(path, user="admin")


def fuzz(project: Project, apis: dict[str, Api], rng: random.Random, count: int) -> Figures:
    figures = Figures()
    for api in apis.values():
        for user in USERS[1:]:
            api.token(user)
    fuzzer = Fuzzer(project, apis["django"], rng)
    for _ in range(count):
        request = fuzzer.next()
        django = send(apis["django"], request)
        flask = send(apis["flask"], fuzzer.for_flask(request))
        figures.sent += 2
        for name, answer in (("django", django), ("flask", flask)):
            if answer.status_code >= 500:
                figures.server_errors.append(f"[{name}] {answer.status_code} {request.describe()}")
        reconcile(fuzzer, apis, request, {"django": django, "flask": flask})
        problem = difference(django, flask, fuzzer.django_ids(request))
        if problem:
            figures.disagreements.append(f"{problem}\n    {request.describe()}")
    return figures


@contextmanager
def serve(app_dir: Path, framework: str, database_url: str, scratch: Path) -> Iterator[str]:
    """gunicorn on ``app_dir`` over a freshly migrated and seeded database; its base URL."""
    env = server_env(app_dir, scratch / "unused.sqlite3") | {"DATABASE_URL": database_url}
    prepare_database(app_dir, framework, env)
    port = free_port()
    log = scratch / f"{framework}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            gunicorn_command(app_dir, framework, port),
            cwd=app_dir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_answering(url, process, log)
        yield url
    finally:
        stop(process)


def drawn_spec(number: int) -> dict[str, Any]:
    """The last of a few specs that ``valid_specs`` draws for a fixed seed: always the same.

    Drawn in a fresh interpreter that imports only the strategies: Hypothesis
    also draws from the constants of the modules a process has loaded, so a draw
    inside the test run would depend on which other tests ran there first.
    """
    drawn = subprocess.run(
        [sys.executable, "-c", DRAW, str(number)],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        check=True,
    )
    spec: dict[str, Any] = pickle.loads(drawn.stdout)
    return spec


DRAW = """
import pickle, sys
from hypothesis import Phase, given, seed, settings
from tests.strategies import valid_specs

drawn = []

@seed(int(sys.argv[1]))
@settings(max_examples=5, database=None, deadline=None, phases=[Phase.generate])
@given(valid_specs())
def draw(spec):
    drawn.append(spec)

draw()
sys.stdout.buffer.write(pickle.dumps(drawn[-1]))
"""


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.mark.parametrize("spec", ["blog", "random"])
def test_both_apps_answer_the_same_random_requests_alike(
    spec: str, postgres: PostgresServer, tmp_path: Path
) -> None:
    raw = load_raw_spec(bundled_spec(spec)) if spec != "random" else drawn_spec(SEED)
    project = build_project(raw)
    render_apps(raw, tmp_path / "out", force=True)
    with ExitStack() as stack:
        apis = {}
        for framework in ("django", "flask"):
            database = postgres.create_database(f"fuzz_{spec}_{framework}")
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            app_dir = tmp_path / "out" / f"{framework}_app"
            url = stack.enter_context(serve(app_dir, framework, database, scratch))
            apis[framework] = Api(url, framework, project, spec)

        figures = fuzz(project, apis, random.Random(SEED), REQUESTS)

    print(
        f"\ndifferential fuzz, {spec}, seed {SEED}: {figures.sent} requests sent,"
        f" {len(figures.server_errors)} x 5xx, {len(figures.disagreements)} disagreements"
    )
    for line in figures.server_errors + figures.disagreements:
        print(" ", line)
    assert figures.server_errors == []
    assert figures.disagreements == []
