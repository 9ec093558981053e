"""The Performance section: the figures of ``diptych bench --json`` saved in the render folder.

``diptych bench SPEC --json OUT/bench.json`` writes every figure of a run
(see :mod:`generator.bench`); when that file is in the render folder the
comparison quotes it, ratios first, with the machine, the date, the versions
and the command that reproduces it. Without it the page says plainly that
nothing was measured. Nothing here measures anything itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DiptychError

BENCH_NAME = "bench.json"
FRAMEWORKS = ("django", "flask")


@dataclass(frozen=True)
class BenchRow:
    """One endpoint of the run: each app's req/s and p50, and the ratios the report computed."""

    key: str
    label: str
    floor: bool
    rps: dict[str, float | None]
    p50_ms: dict[str, float | None]
    errors: dict[str, int | None]
    queries: dict[str, int | None]
    over_minimal: dict[str, float | None]
    """Generated req/s ÷ the framework's hand-written minimal endpoint."""
    flask_over_django: float | None
    """Flask req/s ÷ Django req/s."""


@dataclass(frozen=True)
class Bench:
    """A bench report read from the render folder."""

    file: str
    date: str
    db: str
    workers: int
    duration: float
    bulk: int
    connections: int
    spec: str
    entity: str
    machine: str
    versions: dict[str, str]
    rows: tuple[BenchRow, ...]
    peak_rss_mib: dict[str, float]
    cold_start_s: dict[str, float]

    @property
    def command(self) -> str:
        return (
            f"diptych bench {self.spec} --db {self.db} --workers {self.workers} "
            f"--duration {self.duration:g} --bulk {self.bulk} --json OUT/{BENCH_NAME}"
        )

    def row(self, key: str) -> BenchRow | None:
        return next((row for row in self.rows if row.key == key), None)


class BenchFileError(DiptychError):
    """``bench.json`` is there but is not a report of ``diptych bench --json``."""


def read_bench(out: Path) -> Bench | None:
    """The report in ``out/bench.json``, or None when no bench was run for this render."""
    path = Path(out) / BENCH_NAME
    if not path.is_file():
        return None
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        return _bench(report)
    except (ValueError, KeyError, TypeError) as error:
        raise BenchFileError(f"{path} is not a report of `diptych bench --json`: {error}") from None


def _ms(microseconds: int | None) -> float | None:
    return None if microseconds is None else round(microseconds / 1000, 1)


def _bench(report: dict[str, Any]) -> Bench:
    results, ratios = report["results"], report.get("ratios", {})
    rows = []
    for endpoint in report["endpoints"]:
        key = endpoint["key"]
        if key == "bare":
            figures = {fw: results["wsgi"].get(key) for fw in FRAMEWORKS}
        else:
            figures = {fw: results[fw].get(key) for fw in FRAMEWORKS}
        ratio = ratios.get(key, {})
        rows.append(
            BenchRow(
                key,
                endpoint["label"],
                bool(endpoint["floor"]),
                {fw: round(f["rps"], 1) if f else None for fw, f in figures.items()},
                {fw: _ms(f["p50_us"]) if f else None for fw, f in figures.items()},
                {fw: f.get("errors") if f else None for fw, f in figures.items()},
                {fw: f.get("queries") if f else None for fw, f in figures.items()},
                {fw: ratio.get(fw, {}).get("rps_over_minimal") for fw in FRAMEWORKS},
                ratio.get("flask_over_django", {}).get("rps"),
            )
        )
    machine = report["machine"]
    return Bench(
        BENCH_NAME,
        str(report["date"]),
        str(report["db"]),
        int(report["workers"]),
        float(report["duration"]),
        int(report["bulk"]),
        int(report["connections"]),
        Path(str(report["spec"])).name,
        str(report["entity"]),
        f"{machine['platform']}, Python {machine['python']}, {machine['cpus']} CPUs",
        {str(k): str(v) for k, v in report["versions"].items()},
        tuple(rows),
        {fw: float(report["peak_rss_mib"][fw]) for fw in FRAMEWORKS},
        {fw: float(report["cold_start_s"][fw]) for fw in FRAMEWORKS},
    )


NOT_MEASURED = (
    "Nothing was measured for this render: there is no `bench.json` in its folder. "
    "Run `diptych bench SPEC --json OUT/bench.json` (it renders the spec, serves both apps "
    "under gunicorn with the same data and drives them with wrk), then `diptych compare "
    "OUT` to show its figures here."
)

PERFORMANCE_NOTE = (
    "Figures of one run of `diptych bench`, read from `bench.json` in this folder. "
    "Absolute requests per second depend on the machine, so the ratios come first: "
    "each generated endpoint against its framework's hand-written minimal endpoint "
    "(same query, same JSON, no REST layer), and Flask against Django, all measured "
    "side by side in the same run."
)
