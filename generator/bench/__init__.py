"""``diptych bench``: both generated apps under load, beside each framework's own floors.

The workload (``workload``) and the data volume (``data``) are computed once
from the spec; ``running`` starts the servers and wrk; ``report`` turns the
figures into a table and ratios.
"""

from .command import bench_command

__all__ = ["bench_command"]
