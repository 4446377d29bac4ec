"""GeoDjango's SpatiaLite backend, adapted to ``pysqlite3``.

``pysqlite3`` (see docs/decisions/0002-pysqlite3.md) follows an older CPython
``sqlite3`` module that has no ``Connection.getlimit``; Django asks it for the
bound-parameter limit. Debian's SQLite is compiled with the default limit of
32766 (SQLite >= 3.32), which we answer directly.

Loading ``mod_spatialite`` also resets SQLite's busy timeout to 5 s; the timeout
from ``OPTIONS`` is set again afterwards, so waiting writers queue instead of
failing with "database is locked" (docs/reliability.md §4.2).
"""

from django.contrib.gis.db.backends.spatialite import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    @property
    def max_query_params(self) -> int:
        return 32766


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        timeout_ms = int(float(conn_params.get("timeout", 5)) * 1000)
        conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        return conn
