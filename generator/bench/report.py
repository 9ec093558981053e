"""The bench's figures as ratios and as a terminal table."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import Any

from .workload import TWINS

FRAMEWORKS = ("django", "flask")
NAMES = {"django": "Django", "flask": "Flask"}
MEDIAN_FIGURES = ("rps", "p50_us", "p95_us", "p99_us")
SUMMED_FIGURES = ("requests", "duration_us", "status_errors", "socket_errors", "errors")


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def _median(values: list[Any]) -> Any:
    """The median of the values that were measured (None when none was)."""
    known = [value for value in values if value is not None]
    return median(known) if known else None


def median_results(per_round: list[dict[str, Any]]) -> dict[str, Any]:
    """One set of figures from the rounds: the median of each rate and latency, summed counts."""
    merged: dict[str, Any] = {}
    for app in per_round[0]:
        merged[app] = {}
        for key, first in per_round[0][app].items():
            runs = [results[app][key] for results in per_round]
            figures = {name: _median([run[name] for run in runs]) for name in MEDIAN_FIGURES}
            figures |= {name: sum(run[name] for run in runs) for name in SUMMED_FIGURES}
            if "queries" in first:
                figures["queries"] = first["queries"]
            merged[app][key] = figures
    return merged


def median_ratios(report: dict[str, Any]) -> dict[str, Any]:
    """Each ratio as the median of its value in every round (one round's ratios with one)."""
    rounds = [ratios(report | {"results": results}) for results in report["per_round"]]
    merged: dict[str, Any] = _median_tree(rounds)
    return merged


def _median_tree(trees: list[Any]) -> Any:
    if isinstance(trees[0], dict):
        return {key: _median_tree([tree[key] for tree in trees]) for key in trees[0]}
    found = _median(trees)
    return None if found is None else round(found, 3)


def ratios(report: dict[str, Any]) -> dict[str, Any]:
    """Per endpoint: generated / minimal twin, / hello, / bare WSGI (req/s, p50); Flask / Django.

    The minimal twin of an item read is the hand-written item endpoint, of any
    other endpoint the hand-written list. Throughput ratios divide req/s (above 1:
    faster than the reference); latency ratios divide p50 (above 1: slower than
    the reference).
    """
    results = report["results"]
    bare = results["wsgi"].get("bare", {})
    out: dict[str, Any] = {}
    for endpoint in report["endpoints"]:
        key = endpoint["key"]
        if endpoint["floor"] and key == "bare":
            continue
        row: dict[str, Any] = {}
        for fw in FRAMEWORKS:
            mine = results[fw].get(key)
            if not mine:
                continue
            twin = TWINS.get(key, key if key in TWINS.values() else "minimal")
            minimal = results[fw].get(twin, {})
            hello = results[fw].get("hello", {})
            row[fw] = {
                "rps_over_minimal": _ratio(mine["rps"], minimal.get("rps")),
                "rps_over_hello": _ratio(mine["rps"], hello.get("rps")),
                "rps_over_bare": _ratio(mine["rps"], bare.get("rps")),
                "p50_over_minimal": _ratio(mine["p50_us"], minimal.get("p50_us")),
                "p50_over_hello": _ratio(mine["p50_us"], hello.get("p50_us")),
            }
        django, flask = results["django"].get(key), results["flask"].get(key)
        if django and flask:
            row["flask_over_django"] = {
                "rps": _ratio(flask["rps"], django["rps"]),
                "p50": _ratio(flask["p50_us"], django["p50_us"]),
                "p99": _ratio(flask["p99_us"], django["p99_us"]),
            }
        out[key] = row
    return out


def _cell(figures: dict[str, Any] | None) -> str:
    if not figures:
        return f"{'-':>44}"
    queries = figures.get("queries")
    p50, p95, p99 = (_ms(figures[key]) for key in ("p50_us", "p95_us", "p99_us"))
    return (
        f"{figures['rps']:>7.0f} {p50:>6} {p95:>6} {p99:>7} {figures['errors']:>6} "
        f"{'-' if queries is None else queries:>4}"
    )


def _ms(microseconds: int | None) -> str:
    return "-" if microseconds is None else f"{microseconds / 1000:.1f}"


def _load(averages: Sequence[float]) -> str:
    return ", ".join(f"{x:.1f}" for x in averages)


def _number(value: float | None) -> str:
    return f"{value:>6.2f}" if value is not None else f"{'-':>6}"


def table(report: dict[str, Any]) -> str:
    """Figures per endpoint and app, then the ratios, then memory and cold start."""
    results = report["results"]
    head = f"{'req/s':>7} {'p50ms':>6} {'p95ms':>6} {'p99ms':>7} {'errors':>6} {'SQL':>4}"
    lines = [
        "",
        f"diptych bench: {report['project']} ({report['entity']}), {report['db']}, "
        f"{report['workers']} gunicorn sync workers, wrk {report['threads']} threads x "
        f"{report['connections']} connections, {report['duration']:g} s per endpoint, "
        f"{report['bulk']} bulk rows per entity",
        f"{'endpoint':<44} | {'Django':^44} | {'Flask':^44}",
        f"{'':<44} | {head} | {head}",
    ]
    for endpoint in report["endpoints"]:
        key = endpoint["key"]
        label = endpoint["label"] if not endpoint["floor"] else f"[floor] {endpoint['label']}"
        if key == "bare":
            lines.append(f"{label[:44]:<44} | {_cell(results['wsgi'].get(key))} | (same floor)")
            continue
        lines.append(
            f"{label[:44]:<44} | {_cell(results['django'].get(key))} | "
            f"{_cell(results['flask'].get(key))}"
        )
    lines += [
        "",
        f"ratios, the median of {report['rounds']} rounds (req/s: above 1 is faster than the "
        "reference; p50: above 1 is slower); minimal: the hand-written twin",
        f"{'endpoint':<44} | {'Django req/s ÷':^20} | {'Flask req/s ÷':^20} | "
        f"{'Flask ÷ Django':^20}",
        f"{'':<44} | {'minimal':>6} {'hello':>6} {'bare':>6} | {'minimal':>6} {'hello':>6} "
        f"{'bare':>6} | {'req/s':>6} {'p50':>6} {'p99':>6}",
    ]
    for endpoint in report["endpoints"]:
        row = report["ratios"].get(endpoint["key"])
        if row is None:
            continue
        cells = []
        for fw in FRAMEWORKS:
            mine = row.get(fw, {})
            cells.append(
                " ".join(
                    _number(mine.get(k))
                    for k in ("rps_over_minimal", "rps_over_hello", "rps_over_bare")
                )
            )
        versus = row.get("flask_over_django", {})
        cells.append(" ".join(_number(versus.get(k)) for k in ("rps", "p50", "p99")))
        lines.append(f"{endpoint['label'][:44]:<44} | " + " | ".join(cells))
    lines += ["", "generated ÷ minimal twin (req/s), round by round:"]
    rounds = [ratios(report | {"results": results}) for results in report["per_round"]]
    for key in TWINS:
        for fw in FRAMEWORKS:
            values = [row.get(key, {}).get(fw, {}).get("rps_over_minimal") for row in rounds]
            if any(value is not None for value in values):
                lines.append(f"  {key:<12} {NAMES[fw]:<7} " + " ".join(map(_number, values)))
    memory, cold = report["peak_rss_mib"], report["cold_start_s"]
    lines += [
        "",
        f"peak RSS per worker: Django {memory['django']:.0f} MiB, Flask {memory['flask']:.0f} MiB"
        f" (Flask ÷ Django {_number(_ratio(memory['flask'], memory['django'])).strip()})",
        f"cold start (spawn to first 200): Django {cold['django']:.2f} s, Flask "
        f"{cold['flask']:.2f} s",
        f"load average {_load(report['machine']['load_at_start'])} at the start, "
        f"{_load(report['machine']['load'])} at the end, on {report['machine']['cpus']} CPUs "
        f"({report['machine']['cpu']}); {report['database']['engine']} "
        f"{report['database']['version']}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()),
        f"reproduce: {report['command']}",
    ]
    return "\n".join(lines)
