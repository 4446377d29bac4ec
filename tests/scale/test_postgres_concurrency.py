"""Concurrent writers on PostgreSQL: no errors, no duplicates, and a gapless log per workshop.

The PostgreSQL counterpart of tests/workshops/test_sqlite_concurrency.py: the row lock on the
workshop serialises sequence numbers per workshop, two workshops write in parallel, and the
settings reach the server (pooled connections with statement and lock timeouts).
"""

import json
import os
import subprocess
import sys

from tests.support.scale import ROOT, create_database, drop_database, manage, services_env


def test_concurrent_writers_on_postgresql_keep_every_log_gapless():
    services = services_env()
    database_url = create_database(services["DATABASE_URL"])
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "WIJKTAFEL_SQLITE_PATH")}
    threads, per_thread = 12, 15
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            # A connection for every thread and the main one: the pool's 3 s wait is for a
            # database that is away, and on a loaded machine 12 threads sharing 10 connections
            # waited longer than that.
            "WIJKTAFEL_DB_POOL_SIZE": str(threads + 1),
        }
    )
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "tests" / "scale" / "pg_stress.py"),
                str(threads),
                str(per_thread),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
    finally:
        drop_database(services["DATABASE_URL"], database_url)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["errors"] == [] and summary["alive"] == 0
    assert summary["vendor"] == "postgresql" and summary["pooled"] is True
    assert summary["settings"] == {
        "statement_timeout": "5s",
        "lock_timeout": "3s",
        "idle_in_transaction_session_timeout": "30s",
    }
    assert summary["duplicate_ops"] == 0
    for workshop in summary["workshops"]:
        assert workshop["postits"] == threads // 2 * per_thread
        assert workshop["seqs_gapless"] is True
        assert workshop["head"] == workshop["events"]
