"""Wall and CPU time to render both apps: bookshelf and 50-, 100- and 200-entity specs.

Run: ``python benchmarks/render.py [--repeat N] [--profile]``. Targets on the
development machine: under 1.5 s for bookshelf, under 6 s for 50 entities; 100 and
200 entities have no target, they show how the time grows.
``--profile`` prints the 25 most expensive calls of the large render.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

from generator.comparison import write_comparison
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from generator.spec import parse_and_check

TARGETS = {"bookshelf": 1.5, "50 entities": 6.0}
LARGE = (50, 100, 200)


def large_spec(count: int = 50) -> dict[str, Any]:
    """A valid spec with ``count`` entities of mixed fields, each pointing at the one before."""
    entities: dict[str, Any] = {}
    for index in range(1, count + 1):
        fields: dict[str, Any] = {
            "name": {"type": "string", "max_length": 80, "unique": True},
            "notes": {"type": "text", "required": False},
            "amount": {"type": "decimal", "max_digits": 8, "decimal_places": 2, "default": "0.00"},
            "active": {"type": "boolean", "default": True},
            "kind": {"type": "choice", "choices": ["a", "b"], "default": "a"},
        }
        if index > 1:
            fields["previous"] = {
                "type": "fk",
                "to": f"Thing{index - 1}",
                "required": False,
                "on_delete": "set_null",
            }
        entities[f"Thing{index}"] = {"owner": index % 2 == 0, "timestamps": True, "fields": fields}
    import yaml

    return parse_and_check(yaml.safe_dump({"project_name": "Large", "entities": entities}))


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (ruff, copier's subprocesses)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(raw: dict[str, Any], repeat: int) -> tuple[float, float, float]:
    """Best wall times of ``repeat`` renders (into fresh folders), and of the comparison alone;
    then the best CPU time of a render, which a busy shared machine inflates far less."""
    best = best_comparison = best_cpu = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as temporary:
            out = Path(temporary) / "out"
            start, start_cpu = time.perf_counter(), cpu_seconds()
            render_apps(raw, out)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, cpu_seconds() - start_cpu)
            start = time.perf_counter()
            write_comparison(out)
            best_comparison = min(best_comparison, time.perf_counter() - start)
    return best, best_comparison, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    specs = {"bookshelf": load_raw_spec(bundled_spec("bookshelf"))}
    specs |= {f"{count} entities": large_spec(count) for count in LARGE}
    for name, raw in specs.items():
        seconds, comparison, cpu = timed(raw, args.repeat)
        target = TARGETS.get(name)
        if target is None:
            verdict = "no target"
        else:
            verdict = f"target < {target} s: " + ("ok" if seconds < target else "SLOWER")
        print(
            f"{name:<12} {seconds:6.2f} s, of which the comparison {comparison:.2f} s ({verdict}); "
            f"CPU {cpu:.2f} s"
        )
    print(
        f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    if args.profile:
        profiler = cProfile.Profile()
        with tempfile.TemporaryDirectory() as temporary:
            profiler.runcall(render_apps, specs["50 entities"], Path(temporary) / "out")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
