"""``diptych bench``: both generated apps under load, beside each framework's own floors.

The workload (``workload``) and the data volume (``data``) are computed once
from the spec; ``running`` starts the servers and wrk (``postgres`` a
throwaway PostgreSQL for ``--db postgresql``); ``report`` turns the figures
into a table and ratios.

``diptych bench --json PATH`` also writes every figure to PATH (the
comparison's Performance section reads ``OUT/bench.json``). Its shape,
``schema`` 1::

    {
      "schema": 1,
      "command": "diptych bench spec.yml --db sqlite --workers 2 --duration 3 ...",
      "spec": "/path/to/spec.yml", "project": "blog", "entity": "Post",
      "db": "sqlite" | "postgresql",
      "database": {"engine": "sqlite", "version": "3.46.1"},
      "workers": 2, "duration": 3.0, "bulk": 10000, "rounds": 3,
      "connections": 8, "threads": 2,
      "date": "2026-12-02T07:00:00+00:00",                  # UTC, when the run ended
      "machine": {"platform": "Linux-...", "cpu": "AMD EPYC", "cpus": 2,
                  "python": "3.11.7",
                  "load_at_start": [1.0, 0.8, 0.5], "load": [2.1, 1.2, 0.7]},
      "versions": {"django": "5.2", "djangorestframework": "3.16", ..., "wrk": "4.2.0"},
      "endpoints": [                                        # in the order they ran
        {"key": "list", "label": "GET /api/posts/", "method": "GET",
         "path": "/api/posts/", "auth": false, "body": null, "expect": 200,
         "floor": false, "ids": "", "apps": ["django", "flask"]},
        ...                                                 # the floors last:
      ],                                                    # bare, hello, minimal
      "results": {                                          # app -> endpoint key -> figures,
                                                            # medians of the rounds
        "django": {"list": {"requests": 812, "duration_us": 3001234, "rps": 270.6,
                            "p50_us": 28000, "p95_us": 41000, "p99_us": 60000,
                            "status_errors": 0, "socket_errors": 0, "errors": 0,
                            "queries": 3}, ...},
        "flask": {...},
        "wsgi": {"bare": {...}}                             # no "queries" here
      },
      "per_round": [{...}, ...],                            # "results" of each round
      "ratios": {                                           # endpoint key -> ratios, each
                                                            # the median of its rounds
        "list": {
          "django": {"rps_over_minimal": 0.91, "rps_over_hello": 0.12,
                     "rps_over_bare": 0.03, "p50_over_minimal": 1.1,
                     "p50_over_hello": 8.0},
          "flask": {...},
          "flask_over_django": {"rps": 1.4, "p50": 0.7, "p99": 0.8}
        }, ...
      },
      "peak_rss_mib": {"django": 76.0, "flask": 80.0},      # largest worker's VmHWM
      "cold_start_s": {"django": 1.3, "flask": 1.1}         # spawn to first 200
    }

Endpoint keys: ``home``, ``list``, ``list_query``, ``detail``, ``list_auth``,
``detail_auth``, ``token``, then ``create``, ``update``, ``delete`` where the
API accepts writes, and the floors ``bare`` (bare WSGI; in ``results["wsgi"]``
only), ``hello``, ``minimal`` and ``minimal_detail`` (the hand-written list and
item endpoints, the twins of the generated reads: ``workload.TWINS``). In
``results``, rates and latencies are the medians of the rounds, request and error
counts their sums. Latencies are
microseconds; ``p50_us``/``p95_us``/``p99_us`` are null when no request finished;
a ratio is null when either side is missing or zero. Throughput ratios divide
req/s (above 1: faster than the reference), latency ratios divide p50 (above 1:
slower); ``*_over_minimal`` divides by the endpoint's twin (the minimal list for
endpoints that have none).
"""

from .command import bench_command

__all__ = ["bench_command"]
