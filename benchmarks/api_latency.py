"""API cost of the blog spec in both apps: SQL queries per request, and median latency.

Renders generator/specs/blog.yml, then for each framework:

- counts the SQL queries of ``GET /api/posts/`` and ``POST /api/posts/`` by running a
  short script in the app's own context with its test client (Django:
  ``CaptureQueriesContext``; Flask: SQLAlchemy's ``before_cursor_execute`` event);
- serves the app with gunicorn (generator/contract_suite/servers.py) and times REQUESTS sequential
  requests of each kind over one keep-alive connection.

Run: ``python benchmarks/api_latency.py [--requests 200]`` from the repository root.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.contract_suite.servers import prepare_database  # noqa: E402
from generator.contract_suite.servers import serve_app  # noqa: E402
from generator.contract_suite.servers import server_env  # noqa: E402
from generator.demo import DEMO_PASSWORD  # noqa: E402
from tests.apps import FRAMEWORKS  # noqa: E402
from tests.apps import package_name  # noqa: E402
from tests.apps import render_example  # noqa: E402
from tests.apps import run  # noqa: E402

WARM_UP = 10
LIST_PATH = "/api/posts/"

# Both snippets print one JSON line: {"get": queries, "post": queries}.
DJANGO_SNIPPET = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
token = client.post("/api/token/", {"username": "alice", "password": PASSWORD},
                    content_type="application/json").json()["token"]
auth = {"HTTP_AUTHORIZATION": "Token " + token}
client.get(LIST)
with CaptureQueriesContext(connection) as listed:
    assert client.get(LIST).status_code == 200
with CaptureQueriesContext(connection) as created:
    answer = client.post(LIST, BODY, content_type="application/json", **auth)
    assert answer.status_code == 201, answer.content
print(json.dumps({"get": len(listed.captured_queries), "post": len(created.captured_queries)}))
"""

FLASK_SNIPPET = """
import json
from sqlalchemy import event
from sqlalchemy.engine import Engine
from PACKAGE import create_app
app = create_app()
client = app.test_client()
token = client.post("/api/token/", json={"username": "alice", "password": PASSWORD}).json["token"]
auth = {"Authorization": "Token " + token}
queries = []
event.listen(Engine, "before_cursor_execute", lambda *args: queries.append(1))
client.get(LIST)
queries.clear()
assert client.get(LIST).status_code == 200
listed = len(queries)
queries.clear()
answer = client.post(LIST, json=BODY, headers=auth)
assert answer.status_code == 201, answer.data
print(json.dumps({"get": listed, "post": len(queries)}))
"""


@dataclass
class Figures:
    framework: str
    get_queries: int
    post_queries: int
    get_median_ms: float
    post_median_ms: float
    get_p90_ms: float
    post_p90_ms: float


def post_body(n: int) -> dict[str, object]:
    """A valid blog post; ``n`` keeps the unique slug unique."""
    return {
        "title": f"Benchmark post {n}",
        "slug": f"benchmark-post-{n}",
        "body": "Measured, not guessed.",
        "status": "published",
        "category": 1,
        "tags": [1, 2],
    }


def count_queries(app_dir: Path, framework: str) -> dict[str, int]:
    """Run the counting snippet in the app's own context, on a fresh seeded database."""
    with tempfile.TemporaryDirectory(prefix="diptych-bench-") as scratch:
        env = server_env(app_dir, Path(scratch) / "db.sqlite3")
        env["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
        prepare_database(app_dir, framework, env)
        snippet = DJANGO_SNIPPET if framework == "django" else FLASK_SNIPPET
        code = (
            snippet.replace("PACKAGE", package_name(app_dir))
            .replace("PASSWORD", repr(DEMO_PASSWORD))
            .replace("LIST", repr(LIST_PATH))
            .replace("BODY", repr(post_body(0)))
        )
        if framework == "django":
            command = [sys.executable, "manage.py", "shell", "-c", code]
        else:
            command = [sys.executable, "-c", code]
        output = run(command, cwd=app_dir, env=env, timeout=300).stdout
    return json.loads(output.strip().splitlines()[-1])


def timings(call: Callable[[], None], requests_count: int) -> list[float]:
    """Milliseconds of ``requests_count`` calls, after a short warm-up."""
    for _ in range(WARM_UP):
        call()
    spent = []
    for _ in range(requests_count):
        start = time.perf_counter()
        call()
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def measure_latency(base_url: str, requests_count: int) -> tuple[list[float], list[float]]:
    """Sequential GET and POST timings against a running app."""
    session = requests.Session()
    token = session.post(
        f"{base_url}/api/token/", json={"username": "alice", "password": DEMO_PASSWORD}
    ).json()["token"]
    numbers = count(1)

    def get() -> None:
        response = session.get(f"{base_url}{LIST_PATH}")
        assert response.status_code == 200, response.text

    def post() -> None:
        response = session.post(
            f"{base_url}{LIST_PATH}",
            json=post_body(next(numbers)),
            headers={"Authorization": f"Token {token}"},
        )
        assert response.status_code == 201, response.text

    return timings(get, requests_count), timings(post, requests_count)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def benchmark(app_dir: Path, framework: str, requests_count: int) -> Figures:
    queries = count_queries(app_dir, framework)
    with serve_app(app_dir, framework) as base_url:
        gets, posts = measure_latency(base_url, requests_count)
    return Figures(
        framework,
        queries["get"],
        queries["post"],
        statistics.median(gets),
        statistics.median(posts),
        p90(gets),
        p90(posts),
    )


def print_table(figures: list[Figures], requests_count: int) -> None:
    print(f"\nblog spec, {requests_count} sequential requests each, gunicorn 1 worker x 4 threads")
    header = (
        f"{'app':<8} {'SQL GET':>8} {'SQL POST':>9} {'GET med ms':>11} {'GET p90':>8} "
        f"{'POST med ms':>12} {'POST p90':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in figures:
        print(
            f"{row.framework:<8} {row.get_queries:>8} {row.post_queries:>9} "
            f"{row.get_median_ms:>11.2f} {row.get_p90_ms:>8.2f} "
            f"{row.post_median_ms:>12.2f} {row.post_p90_ms:>9.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diptych-bench-render-") as scratch:
        out = render_example("blog", Path(scratch) / "blog")
        figures = [
            benchmark(out / f"{framework}_app", framework, args.requests)
            for framework in FRAMEWORKS
        ]
    print_table(figures, args.requests)


if __name__ == "__main__":
    main()
