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
from generator.bench.workload import create_body
from generator.bench.workload import endpoints
from generator.bench.workload import lua_script
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
            *("--duration", "2", "--bulk", "50", "--workers", "1", "--json", str(out)),
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
    assert "ratios" in result.output
    for key in ("list", "detail", "hello"):
        for app in ("django", "flask"):
            assert report["ratios"][key][app]["rps_over_minimal"] > 0
        assert report["ratios"][key]["flask_over_django"]["rps"] > 0
    for app in ("django", "flask"):
        queries = {key: report["results"][app][key]["queries"] for key in ("hello", "minimal")}
        # no query, not even a BEGIN: only writes open a transaction
        assert queries == {"hello": 0, "minimal": queries["minimal"]}, (app, queries)
        assert queries["minimal"] > 0, (app, queries)
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
