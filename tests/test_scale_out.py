"""Scale-out: three gunicorn instances of each app over one PostgreSQL, driven at once.

For both frameworks, on the blog spec: three instances (two sync workers
each) share one database. Threads sign up users, log in and use tokens, and
create, update, read and delete posts with their tags, each step on another
instance than the one before; meanwhile other threads race to create the same
unique tag, and one thread fails to log in until the lockout. Then every
answer is checked (no 5xx, each step its expected status), every created row
is found exactly once with its tags whole, the counts add up in the API and in
the database, sessions and tokens made on one instance work on the others,
and the instances' stdout (``LOG_FORMAT=json``) is one JSON object per line
with one request line per request made. The figures are printed.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import pytest
import requests

from generator.contract_suite.servers import free_port
from generator.contract_suite.servers import prepare_database
from generator.contract_suite.servers import server_env
from generator.contract_suite.servers import stop
from generator.contract_suite.servers import wsgi_target
from generator.demo import DEMO_PASSWORD
from tests.apps import FRAMEWORKS
from tests.postgres import PostgresServer
from tests.postgres import running_postgres

pytestmark = [pytest.mark.impure, pytest.mark.slow]

SPEC = "blog"
INSTANCES = 3
WORKERS = 2
WRITERS = 9
POSTS_PER_WRITER = 6
RACERS = 9
RACE_ROUNDS = 3
DEMO_POSTS = 3
START_TIMEOUT = 60.0
TIMEOUT = 60
PASSWORD = "a-long-and-unusual-passphrase"
TABLES = {"django": ("blog_post", "blog_post_tags"), "flask": ("post", "post_tags")}
"""The post table and its tag links, as each framework names them."""
CSRF_INPUT = re.compile(r'name="(csrfmiddlewaretoken|csrf_token)"[^>]*value="([^"]+)"')
_databases = itertools.count(1)


@dataclass
class Instance:
    """One gunicorn master serving the app; its stdout and stderr in files."""

    process: subprocess.Popen[bytes]
    base_url: str
    stdout: Path
    stderr: Path


@dataclass
class Answers:
    """Every request the load client made: (instance, method, path, status)."""

    rows: list[tuple[int, str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, instance: int, method: str, path: str, status: int) -> None:
        with self.lock:
            self.rows.append((instance, method, path, status))


class Client:
    """A requests session that sends each call to the instance it names, and records it."""

    def __init__(self, instances: list[Instance], answers: Answers) -> None:
        self.instances = instances
        self.answers = answers
        self.http = requests.Session()

    def call(self, instance: int, method: str, path: str, **kwargs: object) -> requests.Response:
        index = instance % len(self.instances)
        url = self.instances[index].base_url + path
        response = self.http.request(method, url, timeout=TIMEOUT, allow_redirects=False, **kwargs)
        self.answers.add(index, method, path.split("?")[0], response.status_code)
        return response

    def csrf(self, instance: int, path: str) -> dict[str, str]:
        """The CSRF field of the form on ``path``, as that instance renders it."""
        page = self.call(instance, "GET", path)
        found = CSRF_INPUT.search(page.text)
        assert found, f"no CSRF input on {path} ({page.status_code}):\n{page.text[:500]}"
        return {found.group(1): found.group(2)}

    def form(self, instance: int, path: str, data: dict[str, str]) -> requests.Response:
        """GET the form on one instance, POST it to the next: the session travels."""
        token = self.csrf(instance, path)
        return self.call(instance + 1, "POST", path, data={**data, **token})


def start_instance(app_dir: Path, framework: str, env: dict[str, str], logs: Path) -> Instance:
    """gunicorn with the app's own gunicorn.conf.py; wait for /healthz to answer 200."""
    port = free_port()
    command = [
        sys.executable,
        *("-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)),
        *("--graceful-timeout", "5", wsgi_target(app_dir, framework)),
    ]
    stdout, stderr = logs.with_suffix(".out"), logs.with_suffix(".err")
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(command, cwd=app_dir, env=env, stdout=out, stderr=err)
    instance = Instance(process, f"http://127.0.0.1:{port}", stdout, stderr)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited {process.returncode}\n{stderr.read_text()}")
        try:
            with urllib.request.urlopen(instance.base_url + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return instance
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    stop(process)
    raise AssertionError(f"gunicorn did not answer within {START_TIMEOUT:.0f}s")


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the module; each framework gets a database of its own."""
    with running_postgres() as server:
        yield server


@dataclass
class Cluster:
    framework: str
    instances: list[Instance]
    database: str
    postgres: PostgresServer


@pytest.fixture(scope="module", params=FRAMEWORKS)
def cluster(
    request: pytest.FixtureRequest,
    rendered,
    postgres: PostgresServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cluster]:
    """Three instances of the blog app over one freshly migrated and seeded database."""
    framework: str = request.param
    tmp_path = tmp_path_factory.mktemp(f"scale-{framework}")
    app_dir = rendered(SPEC) / f"{framework}_app"
    database = f"scale_{framework}_{next(_databases)}"
    url = postgres.create_database(database)
    env = server_env(app_dir, tmp_path / "unused.sqlite3") | {
        "DATABASE_URL": url,
        "LOG_FORMAT": "json",
    }
    prepare_database(app_dir, framework, env)
    instances: list[Instance] = []
    try:
        for number in range(INSTANCES):
            instances.append(
                start_instance(app_dir, framework, env, tmp_path / f"gunicorn-{number}")
            )
        yield Cluster(framework, instances, database, postgres)
    finally:
        for instance in instances:
            stop(instance.process)


@dataclass
class Writer:
    """What one writer thread did: its user and token, and the posts it made and removed."""

    username: str
    created: dict[int, str] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def expect(self, response: requests.Response, status: int, what: str) -> bool:
        if response.status_code != status:
            self.problems.append(f"{what}: {response.status_code} {response.text[:200]}")
            return False
        return True


def write(cluster: Cluster, answers: Answers, number: int) -> Writer:
    """Sign up, log in, take a token, then create, update, read and delete posts.

    Each step goes to another instance than the one before it, so every
    session, CSRF token and API token is made on one instance and used on another.
    """
    writer = Writer(f"scaler{number}")
    browser = Client(cluster.instances, answers)
    at = number
    signup = {"username": writer.username, "password1": PASSWORD, "password2": PASSWORD}
    writer.expect(browser.form(at, "/accounts/signup/", signup), 302, "sign up")
    login = {"username": writer.username, "password": PASSWORD}
    writer.expect(browser.form(at + 1, "/accounts/login/", login), 302, "log in")
    me = browser.call(at + 3, "GET", "/api/me/")
    if writer.expect(me, 200, "session on another instance"):
        assert me.json()["username"] == writer.username
    api = Client(cluster.instances, answers)
    made = api.call(at + 4, "POST", "/api/token/", json=login)
    if not writer.expect(made, 200, "token"):
        return writer
    api.http.headers["Authorization"] = f"Token {made.json()['token']}"
    for n in range(POSTS_PER_WRITER):
        at += 1
        slug = f"scale-{number}-{n}"
        body = {
            "title": f"Scaled {number}.{n}",
            "slug": slug,
            "body": "Written on one instance, changed on another.",
            "status": "published",
            "category": 1,
            "tags": [1, 2],
        }
        created = api.call(at, "POST", "/api/posts/", json=body)
        if not writer.expect(created, 201, f"create {slug}"):
            continue
        pk = created.json()["id"]
        writer.created[pk] = slug
        changed = api.call(at + 1, "PATCH", f"/api/posts/{pk}/", json={"tags": [2, 3]})
        writer.expect(changed, 200, f"update {pk}")
        read = api.call(at + 2, "GET", f"/api/posts/{pk}/")
        if writer.expect(read, 200, f"read {pk}") and read.json()["tags"] != [2, 3]:
            writer.problems.append(f"post {pk} read back with tags {read.json()['tags']}")
        if n % 3 == 2:
            gone = api.call(at + 2, "DELETE", f"/api/posts/{pk}/")
            if writer.expect(gone, 204, f"delete {pk}"):
                writer.deleted.add(pk)
    # logging out on one instance ends the session on every instance
    logout = browser.call(at + 1, "POST", "/accounts/logout/", data=browser.csrf(at, "/"))
    writer.expect(logout, 302, "log out")
    for instance in range(INSTANCES):
        writer.expect(browser.call(instance, "GET", "/api/me/"), 401, "session after log out")
    return writer


def race_for_a_tag(cluster: Cluster, answers: Answers, name: str, token: str) -> list[int]:
    """RACERS threads create the same unique tag at once, spread over the instances."""
    barrier = threading.Barrier(RACERS)

    def racer(number: int) -> int:
        client = Client(cluster.instances, answers)
        client.http.headers["Authorization"] = f"Token {token}"
        barrier.wait(timeout=TIMEOUT)
        return client.call(number, "POST", "/api/tags/", json={"name": name}).status_code

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(racer, range(RACERS)))


def lock_out(cluster: Cluster, answers: Answers) -> list[int]:
    """Wrong passwords for bob, each on the next instance, then the right one: the statuses."""
    client = Client(cluster.instances, answers)
    statuses = []
    for attempt in range(6):
        data = {"username": "bob", "password": f"wrong-{attempt}"}
        statuses.append(client.form(attempt, "/accounts/login/", data).status_code)
    right = {"username": "bob", "password": DEMO_PASSWORD}
    statuses.append(client.form(6, "/accounts/login/", right).status_code)
    return statuses


def listed(client: Client, path: str) -> list[dict]:
    """Every row of a paginated API list, page by page over the instances."""
    rows: list[dict] = []
    for page in itertools.count(1):
        answer = client.call(page, "GET", f"{path}?page={page}")
        assert answer.status_code == 200, answer.text[:300]
        body = answer.json()
        rows.extend(body["results"])
        if not body["next"]:
            assert body["count"] == len(rows)
            return rows


def access_lines(instance: Instance) -> list[dict]:
    """The request lines of an instance's stdout; every line must be one JSON object."""
    events = []
    for line in instance.stdout.read_text().splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            raise AssertionError(f"not a JSON log line: {line!r}") from None
    return [event for event in events if event["logger"] == "gunicorn.access"]


def errors_logged(cluster: Cluster) -> str:
    """The app's error lines (tracebacks included) on every instance, for failure messages."""
    lines = []
    for instance in cluster.instances:
        for line in instance.stdout.read_text().splitlines():
            if '"level": "ERROR"' in line:
                lines.append(line)
        lines.append(instance.stderr.read_text()[-2000:])
    return "\n".join(lines)[-6000:]


def test_instances_over_one_database_lose_nothing(cluster: Cluster) -> None:
    answers = Answers()
    admin = Client(cluster.instances, answers)
    credentials = {"username": "admin", "password": DEMO_PASSWORD}
    token = admin.call(0, "POST", "/api/token/", json=credentials).json()["token"]
    admin.http.headers["Authorization"] = f"Token {token}"

    started = time.perf_counter()
    with ThreadPoolExecutor(WRITERS + 1) as pool:
        locking = pool.submit(lock_out, cluster, answers)
        writers = list(pool.map(lambda number: write(cluster, answers, number), range(WRITERS)))
        lockout = locking.result()
    seconds = time.perf_counter() - started

    server_errors = [row for row in answers.rows if row[3] >= 500]
    assert server_errors == [], f"{Counter(server_errors)}\n{errors_logged(cluster)}"
    problems = [problem for writer in writers for problem in writer.problems]
    assert problems == [], errors_logged(cluster)
    assert lockout == [200, 200, 200, 200, 429, 429, 429]

    created = {pk: slug for writer in writers for pk, slug in writer.created.items()}
    deleted = {pk for writer in writers for pk in writer.deleted}
    assert len(created) == WRITERS * POSTS_PER_WRITER
    kept = set(created) - deleted
    posts = listed(admin, "/api/posts/")
    listed_ids = Counter(post["id"] for post in posts)
    assert [pk for pk, times in listed_ids.items() if times > 1] == []
    assert kept <= set(listed_ids)
    assert not deleted & set(listed_ids)
    assert len(posts) == DEMO_POSTS + len(kept)
    for post in posts:
        if post["id"] in kept:
            assert (post["slug"], post["tags"]) == (created[post["id"]], [2, 3])
    tags = listed(admin, "/api/tags/")

    post_table, link_table = TABLES[cluster.framework]
    database = cluster.postgres.psql
    rows = database(
        f"SELECT count(*) FROM {post_table} WHERE slug LIKE 'scale-%'", cluster.database
    )
    links = database(f"SELECT count(*) FROM {link_table}", cluster.database)
    demo_links = database(
        f"SELECT count(*) FROM {link_table} WHERE post_id NOT IN "
        f"(SELECT id FROM {post_table} WHERE slug LIKE 'scale-%')",
        cluster.database,
    )
    assert int(rows) == len(kept)
    assert int(links) - int(demo_links) == 2 * len(kept)

    lines = [access_lines(instance) for instance in cluster.instances]
    logged = [line for per_instance in lines for line in per_instance if line["path"] != "/healthz"]
    assert len(logged) == len(answers.rows)
    assert all(per_instance for per_instance in lines), "an instance served no request"
    assert Counter(line["status"] for line in logged) == Counter(row[3] for row in answers.rows)

    per_instance = Counter(row[0] for row in answers.rows)
    rows_checked = len(posts) + len(kept) + len(tags) + WRITERS
    print(
        f"\nscale-out {cluster.framework}: {INSTANCES} instances x {WORKERS} workers on one"
        f" PostgreSQL, {len(answers.rows)} requests in {seconds:.1f}s"
        f" ({', '.join(f'#{i}: {n}' for i, n in sorted(per_instance.items()))}),"
        f" {len(server_errors)} errors (5xx), {len(created)} posts created,"
        f" {len(deleted)} deleted,"
        f" {rows_checked} rows checked, {len(logged)} JSON request lines"
    )


def test_concurrent_creates_of_one_unique_value_give_one_201_and_400s(cluster: Cluster) -> None:
    """RACERS clients create the same tag at the same moment, over the three instances."""
    answers = Answers()
    admin = Client(cluster.instances, answers)
    credentials = {"username": "admin", "password": DEMO_PASSWORD}
    token = admin.call(0, "POST", "/api/token/", json=credentials).json()["token"]
    races = [race_for_a_tag(cluster, answers, f"race-{n}", token) for n in range(RACE_ROUNDS)]
    admin.http.headers["Authorization"] = f"Token {token}"
    tags = Counter(tag["name"] for tag in listed(admin, "/api/tags/"))

    print(
        f"\nunique race {cluster.framework}: {RACE_ROUNDS} rounds of {RACERS} creates,"
        f" statuses {[dict(Counter(statuses)) for statuses in races]}"
    )
    assert all(tags[f"race-{n}"] == 1 for n in range(RACE_ROUNDS))
    for statuses in races:
        assert sorted(statuses) == [201] + [400] * (RACERS - 1)
