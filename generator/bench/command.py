"""``diptych bench``: render a spec, load both apps with the same data, measure them under wrk."""

from __future__ import annotations

import json
import os
import pickle
import platform
import sqlite3
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click

from ..model import Project
from ..spec import bundled_spec
from ..spec import load_raw_spec
from ..spec import load_spec
from . import data
from .postgres import running_postgres
from .report import median_ratios
from .report import median_results
from .report import table
from .running import BenchError
from .running import Server
from .running import drain
from .running import gunicorn
from .running import run
from .running import stop
from .running import wrk
from .running import wrk_version
from .workload import Endpoint
from .workload import create_body
from .workload import endpoints
from .workload import lua_script
from .workload import schedule
from .workload import target_entity
from .workload import update_body

FRAMEWORKS = ("django", "flask")
NAMES = {"django": "Django", "flask": "Flask", "wsgi": "WSGI"}
FLOOR_MODULES = {"django": "diptych_bench_django", "flask": "diptych_bench_flask"}
PACKAGES = (
    *("django", "djangorestframework", "django-filter"),
    *("flask", "flask-sqlalchemy", "flask-smorest", "sqlalchemy", "marshmallow"),
    *("gunicorn", "psycopg"),
)
"""The versions a reader needs to compare with their own run."""
ROUND_COUNTER = 1_000_000
"""Where each round's write counters start: a round makes fewer requests than this."""


def cpu_model() -> str:
    """The processor's name as /proc/cpuinfo gives it (empty where there is none)."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor()
    names = (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    return next(names, platform.processor())


def app_env(app_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) on the bench's database, the same for both apps."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "FLASK_")) and k not in ("DATABASE_URL", "PYTHONPATH")
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="diptych-bench-secret-key-not-for-production",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(app_dir),
    )
    env.update(extra)
    return env


def http(base_url: str, method: str, path: str, body: Any = None, token: str = "") -> Any:
    """One JSON request; the decoded answer (or None for an empty one)."""
    request = urllib.request.Request(
        base_url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Token {token}"} if token else {}),
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
    except urllib.error.HTTPError as error:
        raise BenchError(f"{method} {path} answered {error.code}: {error.read()[:800]!r}") from None
    return json.loads(text) if text else None


def stop_all(servers: list[Server]) -> None:
    """Stop every server started so far, on the way out of the run."""
    for server in servers:
        stop(server.process)


def filled(body: dict[str, Any] | None, n: str) -> dict[str, Any] | None:
    """A body with its counter placeholders replaced, as wrk's script does."""
    if body is None:
        return None
    text = json.dumps(body).replace("@N@", n).replace('"@I@"', str(900000 + int(n[-3:])))
    replaced: dict[str, Any] = json.loads(text)
    return replaced


class App:
    """One generated app being benched: its folder, environment, server and ids."""

    def __init__(self, framework: str, app_dir: Path, url: str, project: Project) -> None:
        self.framework = framework
        self.dir = app_dir
        self.project = project
        self.env = app_env(app_dir, url, DIPTYCH_BENCH_APP=project.slug)
        self.server: Server | None = None
        self.ids: list[int] = []
        self.tokens: dict[str, str] = {}
        self.filled: dict[str, str] = {}

    def tool(self) -> list[str]:
        if self.framework == "django":
            return [sys.executable, "manage.py"]
        return [sys.executable, "-m", "flask", "--app", self.project.slug]

    def prepare(self, bulk: int, scratch: Path) -> None:
        """Migrate, seed the demo data, add the bulk rows, write the floors module."""
        steps = (
            [["migrate", "--noinput"], ["seed_demo"]]
            if self.framework == "django"
            else [["db", "upgrade"], ["seed-demo"]]
        )
        for step in steps:
            run([*self.tool(), *step], self.dir, self.env)
        plan = scratch / "plan.pickle"
        if not plan.exists():
            rows = [asdict(item) for item in data.bulk_plan(self.project, bulk)]
            plan.write_bytes(pickle.dumps(rows))
        env = self.env | {"DIPTYCH_BENCH_PLAN": str(plan)}
        if self.framework == "django":
            run([*self.tool(), "shell", "-c", data.DJANGO_LOAD], self.dir, env)
        else:
            code = data.FLASK_LOAD.replace("PACKAGE", self.project.slug)
            run([sys.executable, "-c", code], self.dir, env)
        # names and numbers of the spec only: repr is their literal
        target = repr(data.minimal_target(target_entity(self.project)))
        source = data.DJANGO_FLOORS if self.framework == "django" else data.FLASK_FLOORS
        source = (
            source.replace("SITE", self.project.site_package)
            .replace("PACKAGE", self.project.slug)
            .replace("TARGET_LITERAL", target)
        )
        (self.dir / f"{FLOOR_MODULES[self.framework]}.py").write_text(source)

    def start(self, workers: int, scratch: Path) -> None:
        module = FLOOR_MODULES[self.framework]
        entity = target_entity(self.project)
        self.server = gunicorn(
            self.dir,
            f"{module}:application",
            self.env,
            workers,
            f"/api/{entity.plural}/",
            scratch / f"{self.framework}.log",
        )

    def discover(self, rows: list[Endpoint]) -> None:
        """Tokens, ids to read, update and delete; check each write once before the run."""
        assert self.server is not None
        base = self.server.base_url
        entity = target_entity(self.project)
        plural = f"/api/{entity.plural}/"
        from ..demo import DEMO_PASSWORD

        for user in ("admin", "alice"):
            body = {"username": user, "password": DEMO_PASSWORD}
            self.tokens[user] = http(base, "POST", "/api/token/", body)["token"]
        admin = self.tokens["admin"]
        user_id = http(base, "GET", "/api/me/", token=admin)["id"]
        listed = http(base, "GET", plural)["results"]
        self.filled["detail"] = str(listed[0]["id"])
        body = create_body(entity, user_id)
        self.filled["create_body"] = json.dumps(body)
        made = [http(base, "POST", plural, filled(body, f"9{n:03d}"), admin) for n in range(2)]
        self.filled["update"] = str(made[0]["id"])
        self.filled["count_delete"] = str(made[1]["id"])
        http(base, "PATCH", f"{plural}{made[0]['id']}/", update_body(entity), admin)
        # delete walks through the bulk rows, newest last, never the rows read above
        pages = http(base, "GET", f"{plural}?ordering=id&page=last")
        last = pages["results"][-1]["id"] if pages["results"] else 0
        reserved = {int(self.filled["detail"]), made[0]["id"], made[1]["id"]}
        self.ids = [pk for pk in range(4, last + 1) if pk not in reserved]

    def path(self, endpoint: Endpoint, key: str | None = None) -> str:
        return endpoint.path.replace("{id}", self.filled.get(key or endpoint.key, "1"))

    def requests(self, rows: list[Endpoint]) -> list[dict[str, Any]]:
        """Each endpoint once, for the in-process query counter."""
        entity = target_entity(self.project)
        items = []
        for endpoint in rows:
            if self.framework not in endpoint.apps:
                continue
            body: Any = endpoint.body
            if endpoint.key == "create":
                body = filled(json.loads(self.filled["create_body"]), "8001")
            elif endpoint.key == "update":
                body = update_body(entity)
            key = "count_delete" if endpoint.key == "delete" else "detail"
            if endpoint.key == "update":
                key = "update"
            items.append(
                {
                    "key": endpoint.key,
                    "method": endpoint.method,
                    "path": self.path(endpoint, key),
                    "body": json.dumps(body) if body is not None else None,
                    "token": self.tokens["admin"] if endpoint.auth else "",
                    "expect": endpoint.expect,
                }
            )
        return items

    def count_queries(self, rows: list[Endpoint]) -> dict[str, int]:
        env = self.env | {"DIPTYCH_BENCH_REQUESTS": json.dumps(self.requests(rows))}
        if self.framework == "django":
            output = run([*self.tool(), "shell", "-c", data.DJANGO_COUNT], self.dir, env)
        else:
            output = run([sys.executable, "-c", data.FLASK_COUNT], self.dir, env)
        line = next(line for line in output.splitlines() if line.startswith("COUNTS "))
        counts: dict[str, int] = json.loads(line.removeprefix("COUNTS "))
        return counts

    def script(
        self, endpoint: Endpoint, scratch: Path, threads: int, round_number: int, rounds: int
    ) -> Path:
        headers = {"Content-Type": "application/json"}
        if endpoint.auth:
            headers["Authorization"] = f"Token {self.tokens['admin']}"
        body: Any = endpoint.body
        if endpoint.key == "create":
            body = json.loads(self.filled["create_body"])
        elif endpoint.key == "update":
            body = update_body(target_entity(self.project))
        key = "update" if endpoint.key == "update" else "detail"
        path = endpoint.path if endpoint.ids else self.path(endpoint, key)
        script = scratch / f"{self.framework}-{endpoint.key}.lua"
        # each round deletes its own rows and counts its unique values from its own start
        ids = self.ids[round_number::rounds] if endpoint.ids else None
        start = round_number * ROUND_COUNTER
        script.write_text(lua_script(endpoint.method, path, headers, body, ids, threads, start))
        return script


@click.command("bench")
@click.argument(
    "spec", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--db", type=click.Choice(["sqlite", "postgresql"]), default="sqlite", show_default=True
)
@click.option(
    "--workers", type=int, default=2, show_default=True, help="gunicorn sync workers per app."
)
@click.option(
    "--duration",
    type=float,
    default=10,
    show_default=True,
    help="Seconds of load per endpoint and app.",
)
@click.option(
    "--bulk",
    type=int,
    default=10_000,
    show_default=True,
    help="Rows added to every entity on top of the demo data.",
)
@click.option(
    "--rounds",
    type=click.IntRange(1, 9),
    default=3,
    show_default=True,
    help="Rounds of every endpoint; each ratio is the median of its rounds.",
)
@click.option("--connections", type=int, default=8, show_default=True)
@click.option("--threads", type=int, default=2, show_default=True, help="wrk threads.")
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every figure to this JSON file.",
)
def bench_command(
    spec: Path | None,
    db: str,
    workers: int,
    duration: float,
    bulk: int,
    rounds: int,
    connections: int,
    threads: int,
    json_path: Path | None,
) -> None:
    """Measure the generated apps of SPEC (default: blog) against each framework's floors.

    Every endpoint runs once per round, each generated read beside its hand-written
    twin; the figures and ratios printed are the medians of the rounds.
    """
    from ..rendering import render_apps

    given = spec
    spec = spec or bundled_spec("blog")
    project = load_spec(spec)
    load_at_start = os.getloadavg()
    rows = endpoints(project)
    with tempfile.TemporaryDirectory(prefix="diptych-bench-") as temporary, ExitStack() as stack:
        scratch = Path(temporary)
        click.echo(f"Rendering {spec} ...")
        render_apps(load_raw_spec(spec), scratch / "render", force=True)
        if db == "postgresql":
            server = stack.enter_context(running_postgres(durable=True))
            urls = {fw: server.create_database(f"bench_{fw}") for fw in FRAMEWORKS}
            database = {"engine": db, "version": server.version()}
        else:
            database = {"engine": db, "version": sqlite3.sqlite_version}
            urls = {fw: f"sqlite:///{scratch / fw}.sqlite3" for fw in FRAMEWORKS}
        apps = {
            fw: App(fw, scratch / "render" / f"{fw}_app", urls[fw], project) for fw in FRAMEWORKS
        }
        servers: list[Server] = []
        stack.callback(stop_all, servers)
        for app in apps.values():
            click.echo(f"{NAMES[app.framework]}: migrating, demo data, {bulk} rows per entity ...")
            started = time.perf_counter()
            app.prepare(bulk, scratch)
            click.echo(f"  ready in {time.perf_counter() - started:.1f} s")
            app.start(workers, scratch)
            assert app.server is not None
            servers.append(app.server)
            app.discover(rows)
        (scratch / "bare.py").write_text(data.BARE_WSGI)
        bare = gunicorn(
            scratch, "bare:application", apps["django"].env, workers, "/", scratch / "bare.log"
        )
        servers.append(bare)
        counts = {fw: app.count_queries(rows) for fw, app in apps.items()}
        per_round: list[dict[str, dict[str, dict[str, Any]]]] = []
        total = rounds * len(schedule(rows, 0))
        number = 0
        for round_number in range(rounds):
            results: dict[str, dict[str, dict[str, Any]]] = {fw: {} for fw in (*FRAMEWORKS, "wsgi")}
            per_round.append(results)
            for endpoint, fw in schedule(rows, round_number):
                number += 1
                click.echo(
                    f"[{number:>3}/{total}] round {round_number + 1} {NAMES[fw]:<6} "
                    f"{endpoint.label} ...",
                    nl=False,
                )
                if fw == "wsgi":
                    script = scratch / "bare.lua"
                    script.write_text(lua_script("GET", "/", {}, None, threads=threads))
                    figures = wrk(bare.base_url, script, duration, threads, connections)
                else:
                    app = apps[fw]
                    assert app.server is not None
                    script = app.script(endpoint, scratch, threads, round_number, rounds)
                    figures = wrk(app.server.base_url, script, duration, threads, connections)
                    figures["queries"] = counts[fw].get(endpoint.key)
                    drain(app.server.base_url, "/bench/hello/", workers)
                figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
                if not figures["requests"]:  # nothing answered in time: no latency to tell
                    figures.update(p50_us=None, p95_us=None, p99_us=None)
                figures["errors"] = figures["status_errors"] + figures["socket_errors"]
                results[fw][endpoint.key] = figures
                p50 = f"{figures['p50_us'] / 1000:.1f} ms" if figures["requests"] else "-"
                click.echo(f" {figures['rps']:8.0f} req/s  p50 {p50}  errors {figures['errors']}")
        memory = {fw: apps[fw].server.peak_rss_mib() for fw in FRAMEWORKS}  # type: ignore[union-attr]
        cold = {fw: apps[fw].server.cold_start for fw in FRAMEWORKS}  # type: ignore[union-attr]
    options = {"db": db, "workers": workers, "duration": duration, "bulk": bulk, "rounds": rounds}
    options |= {"connections": connections, "threads": threads}
    command = ["diptych", "bench", *([str(given)] if given else [])]
    command += [
        f"--{name} {value:g}" if isinstance(value, float) else f"--{name} {value}"
        for name, value in options.items()
    ]
    report = {
        "schema": 1,
        "command": " ".join(command),
        "spec": str(spec),
        "project": project.slug,
        "entity": target_entity(project).name,
        "db": db,
        "database": database,
        "workers": workers,
        "duration": duration,
        "bulk": bulk,
        "rounds": rounds,
        "connections": connections,
        "threads": threads,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "cpu": cpu_model(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_at_start": load_at_start,
            "load": os.getloadavg(),
        },
        "versions": {name: version(name) for name in PACKAGES} | {"wrk": wrk_version()},
        "endpoints": [asdict(e) for e in rows],
        "results": median_results(per_round),
        "per_round": per_round,
        "peak_rss_mib": memory,
        "cold_start_s": cold,
    }
    report["ratios"] = median_ratios(report)
    click.echo(table(report))
    if json_path is not None:
        json_path.write_text(json.dumps(report, indent=2) + "\n")
        click.echo(f"wrote {json_path}")
