"""The throwaway PostgreSQL server for tests: the package's, which ``diptych bench`` uses too.

``running_postgres()`` starts one (initdb, pg_ctl on 127.0.0.1, as the
``postgres`` user when root) for a ``with`` block; each test makes its own
database with ``server.create_database(name)``.
"""

from generator.bench.postgres import PostgresServer
from generator.bench.postgres import running_postgres

__all__ = ["PostgresServer", "running_postgres"]
