"""``diptych bench`` end to end on a tiny load, and its workload on random specs.

No test here asserts a time: the figures are printed, and only their presence
and shape are checked (every endpoint row, both apps, the floors, the ratios).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings

from generator.bench.data import bulk_plan
from generator.bench.report import median_ratios
from generator.bench.report import median_results
from generator.bench.workload import TWINS
from generator.bench.workload import create_body
from generator.bench.workload import endpoints
from generator.bench.workload import lua_script
from generator.bench.workload import schedule
from generator.bench.workload import target_entity
from generator.cli import main
from generator.normalise import build_project
from generator.spec import bundled_spec
from generator.spec import load_spec
from tests.strategies import valid_specs


@pytest.mark.slow
@pytest.mark.impure
@pytest.mark.parametrize("spec", ["blog", "bookshelf"])
def test_bench_prints_every_endpoint_for_both_apps_and_the_floors(
    runner: CliRunner, tmp_path: Path, spec: str
) -> None:
    assert shutil.which("wrk"), "wrk is missing: run bash .ci/setup (apt-get install wrk)"
    out = tmp_path / "bench.json"
    result = runner.invoke(
        main,
        [
            "bench",
            str(bundled_spec(spec)),
            *("--duration", "2", "--bulk", "50", "--workers", "1", "--rounds", "2"),
            *("--json", str(out)),
        ],
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    report = json.loads(out.read_text())
    rows = endpoints(load_spec(bundled_spec(spec)))
    table = result.output.split("diptych bench:", 1)[1]
    for endpoint in rows:
        label = endpoint.label if not endpoint.floor else f"[floor] {endpoint.label}"
        line = next(line for line in table.splitlines() if line.startswith(label[:44]))
        cells = [cell.split() for cell in line[44:].split("|")[1:]]
        for app, cell in zip(endpoint.apps, cells, strict=False):
            # req/s, p50, p95, p99, errors, SQL: six figures per app
            assert len(cell) == 6, (app, line)
        for app in endpoint.apps:
            figures = report["results"][app][endpoint.key]
            if endpoint.method == "GET":
                # writes and token logins (slow password hashes) may finish none in 2 s
                assert figures["requests"] > 0, (app, endpoint.key, figures)
                assert figures["errors"] == 0, (app, endpoint.key, figures)
            if app != "wsgi":
                assert isinstance(figures["queries"], int)
    assert "ratios, the median of 2 rounds" in result.output
    assert len(report["per_round"]) == report["rounds"] == 2
    for key, twin in TWINS.items():
        # the twin floors answer the same reads as the generated views
        for app in ("django", "flask"):
            for results in report["per_round"]:
                assert results[app][twin]["errors"] == 0, (app, twin, results[app][twin])
            line = f"  {key:<12} {app.capitalize():<7} "
            assert any(row.startswith(line) for row in table.splitlines()), (key, app)
    for key in ("list", "detail", "hello"):
        for app in ("django", "flask"):
            assert report["ratios"][key][app]["rps_over_minimal"] > 0
        assert report["ratios"][key]["flask_over_django"]["rps"] > 0
    for app in ("django", "flask"):
        keys = ("hello", "minimal", "detail", "minimal_detail")
        queries = {key: report["results"][app][key]["queries"] for key in keys}
        # no query, not even a BEGIN: only writes open a transaction
        assert queries["hello"] == 0, (app, queries)
        assert queries["minimal"] > 0, (app, queries)
        # the twin does the generated item view's queries (no transaction around reads)
        assert queries["minimal_detail"] == queries["detail"], (app, queries)
    # what the comparison's Performance section quotes besides the figures
    assert report["schema"] == 1
    assert report["command"].startswith(f"diptych bench {bundled_spec(spec)} --db sqlite ")
    assert report["database"]["engine"] == "sqlite" and report["database"]["version"]
    assert report["machine"]["cpus"] > 0 and len(report["machine"]["load_at_start"]) == 3
    assert {"django", "flask", "gunicorn", "wrk"} <= set(report["versions"])
    assert f"reproduce: {report['command']}" in result.output
    assert report["peak_rss_mib"]["django"] > 0 and report["peak_rss_mib"]["flask"] > 0
    assert report["cold_start_s"]["django"] > 0 and report["cold_start_s"]["flask"] > 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=valid_specs())
def test_workload_and_bulk_plan_fit_any_spec(raw: dict) -> None:
    project = build_project(raw)
    entity = target_entity(project)
    rows = endpoints(project)
    assert [row.key for row in rows][:2] == ["home", "list"]
    assert {"bare", "hello", "minimal"} <= {row.key for row in rows}
    body = create_body(entity, user_id=2)
    required = {field.name for field in entity.required_fields}
    assert required <= set(body)
    script = lua_script("POST", f"/api/{entity.plural}/", {}, body, ids=[4, 5])
    assert "WRK_JSON" in script and "wrk.format" in script
    plan = bulk_plan(project, 5)
    assert {item.model for item in plan} == {e.name for e in project.entities}
    for item in plan:
        for row in item.rows:
            assert set(item.fks) <= set(row) and set(item.m2ms) <= set(row)


def test_rounds_alternate_each_twin_beside_its_reads() -> None:
    rows = endpoints(load_spec(bundled_spec("blog")))
    first, second = ([(row.key, app) for row, app in schedule(rows, n)] for n in (0, 1))
    everything = sorted((row.key, app) for row in rows for app in row.apps)
    assert sorted(first) == sorted(second) == everything
    for runs in (first, second):
        keys = [key for key, _ in runs]
        for twin in set(TWINS.values()):
            group = {twin} | {key for key, floor in TWINS.items() if floor == twin}
            places = [n for n, key in enumerate(keys) if key in group]
            # no other kind of request between a read and its twin floor
            assert places == list(range(places[0], places[-1] + 1)), (twin, keys)
    # the twin leads in one round and closes the group in the next, and so do the apps
    assert first.index(("minimal", "django")) < first.index(("list", "django"))
    assert second.index(("minimal", "django")) > second.index(("list", "django"))
    assert first.index(("list", "django")) < first.index(("list", "flask"))
    assert second.index(("list", "django")) > second.index(("list", "flask"))


def test_later_rounds_write_new_values() -> None:
    script = lua_script("POST", "/api/posts/", {}, {"slug": "@N@"}, ids=[4, 5], start=2000000)
    assert "local threads, counter, serial = {}, 2000000, 0" in script
    assert "(counter - 2000000 - 1) * 2 + tid" in script


def figures(rps: float, p50: int) -> dict:
    return {
        "rps": rps,
        "p50_us": p50,
        "p95_us": p50,
        "p99_us": p50,
        "requests": 10,
        "duration_us": 1_000_000,
        "status_errors": 0,
        "socket_errors": 1,
        "errors": 1,
        "queries": 3,
    }


def test_figures_and_ratios_are_the_medians_of_the_rounds() -> None:
    rows = [
        {"key": "list", "floor": False},
        {"key": "minimal", "floor": True},
    ]
    per_round = [
        {
            "django": {"list": figures(django, 100), "minimal": figures(100, 100)},
            "flask": {"list": figures(flask, 100), "minimal": figures(minimal, 100)},
            "wsgi": {},
        }
        for django, flask, minimal in ((90, 50, 100), (50, 80, 100), (70, 10, 20))
    ]
    merged = median_results(per_round)
    assert merged["django"]["list"]["rps"] == 70
    assert merged["django"]["list"]["requests"] == 30
    assert merged["django"]["list"]["errors"] == 3
    assert merged["django"]["list"]["queries"] == 3
    ratios = median_ratios({"endpoints": rows, "per_round": per_round})
    # the median of 0.9, 0.5 and 0.7, not 70 / 100
    assert ratios["list"]["django"]["rps_over_minimal"] == 0.7
    # the median of 0.5, 0.8 and 0.5, each a ratio within one round
    assert ratios["list"]["flask"]["rps_over_minimal"] == 0.5
    assert ratios["list"]["flask_over_django"]["rps"] == 0.556
