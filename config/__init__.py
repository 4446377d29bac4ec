"""Project wiring.

The pyenv-built Pythons on our machines compile the standard ``sqlite3`` module
without extension loading, which SpatiaLite needs. ``pysqlite3`` (built from PyPI
against Debian's SQLite) is API-compatible, so it stands in for ``sqlite3``
before Django loads its database backend. See docs/decisions/0002-pysqlite3.md.
"""

import sys

try:
    import pysqlite3
    import pysqlite3.dbapi2
except ImportError:  # pragma: no cover - the lock file always installs it
    pass
else:
    sys.modules["sqlite3"] = pysqlite3
    sys.modules["sqlite3.dbapi2"] = pysqlite3.dbapi2
