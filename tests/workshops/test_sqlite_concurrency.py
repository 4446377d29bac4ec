"""Concurrent participants on the embedded SQLite never see "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_writers_on_sqlite_file_never_lock_and_log_is_gapless(tmp_path):
    env = {**os.environ, "WIJKTAFEL_SQLITE_PATH": str(tmp_path / "stress.sqlite3")}
    env.pop("DATABASE_URL", None)
    threads, per_thread = 12, 15
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "workshops" / "sqlite_stress.py"),
            str(threads),
            str(per_thread),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["errors"] == []
    assert summary["postits"] == threads * per_thread
    assert summary["seqs_gapless"] is True
    assert summary["head"] == summary["events"]
    assert summary["pragmas"] == {"journal_mode": "wal", "busy_timeout": 20000, "synchronous": 2}
    assert summary["integrity"] == "ok"
