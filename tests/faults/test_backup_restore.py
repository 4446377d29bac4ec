"""F11: a backup taken while a session is busy, restored on a fresh instance.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot) during load on two workers,
restored with ``pg_restore`` into a new cluster. SQLite: the online backup API during load,
the copy put in place of a fresh server's database file. Pass: the restored database answers
a server started on it, its log is gapless and matches its rows (the oracle, with a fresh
snapshot from that server), and every op acknowledged before the backup began is in it at
its sequence number. Printed: RPO (acked ops after the backup began that the copy lacks) and
RTO (restore plus start until the first snapshot is served).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.support.chaos.client import Target, fetch_snapshot
from tests.support.chaos.oracle import Database, check
from tests.support.chaos.proxy import Proxy
from tests.support.chaos.server import Stack
from tests.support.drills import (
    Services,
    acked_ops,
    pg_dump,
    pg_restore,
    run_clients,
    sqlite_online_backup,
)
from tests.support.scale import create_database

PARTICIPANTS, OPS, MEAN_INTERVAL = 10, 24, 0.5
BACKUP_AFTER = 4  # seconds into the load


async def _load_with_backup(stack: Stack, seed: dict, take_backup) -> tuple[dict, dict]:
    """Run the load; at BACKUP_AFTER take the backup in a thread. Returns (record, acked_before)."""
    db = Database(stack.database_url)
    proxy = await Proxy(stack.ports, seed=5).start()
    target = Target(
        f"ws://127.0.0.1:{proxy.port}",
        seed["workshop_id"],
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    record: dict = {}
    before: dict = {}

    async def backup(clients) -> None:
        await asyncio.sleep(BACKUP_AFTER)
        before.update(acked_ops(clients))
        started = time.monotonic()
        await asyncio.to_thread(take_backup)
        record["backup_s"] = round(time.monotonic() - started, 2)
        record["acked_during_backup"] = len(acked_ops(clients)) - len(before)

    try:
        load = await run_clients(
            target,
            seed,
            ops=OPS,
            mean_interval=MEAN_INTERVAL,
            facilitator_ops=4,
            during=backup,
            head=lambda: db.head(seed["workshop_id"]),
            settle_timeout=60,
            deadline_seconds=240,
            rng_seed=21,
        )
        snapshot = await fetch_snapshot(target, seed["facilitator"]["session"])
    finally:
        await proxy.close()
    problems = await asyncio.to_thread(check, db, seed["workshop_id"], load.clients, snapshot)
    assert problems == [], "the live run itself failed the oracle:\n" + "\n".join(problems[:30])
    record["acked_total"] = len(acked_ops(load.clients))
    record["acked_before_backup"] = len(before)
    record["all_acked"] = acked_ops(load.clients)
    return record, before


async def _restored_snapshot(stack: Stack, seed: dict) -> dict:
    target = Target(
        f"ws://127.0.0.1:{stack.ports[0]}",
        seed["workshop_id"],
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    return await fetch_snapshot(target, seed["facilitator"]["session"])


def _verify_restore(
    restored: Stack, seed: dict, record: dict, before: dict, restore_started: float
) -> dict:
    """Start a server on the restored database; oracle and acked-before checks; RPO and RTO."""
    restored.start()
    snapshot = asyncio.run(_restored_snapshot(restored, seed))
    record["rto_s"] = round(time.monotonic() - restore_started, 2)
    db = Database(restored.database_url)
    wid = seed["workshop_id"]
    record["restore_problems"] = check(db, wid, [], snapshot)  # includes the integrity check
    events = {e["seq"]: e["op"] for e in db.events(wid)}
    record["missing_acked_before"] = sorted(
        op for op, seq in before.items() if events.get(seq) != uuid.UUID(op).hex
    )
    present = set(events.values())
    after = {op for op in record.pop("all_acked") if op not in before}
    record["acked_after_backup_start"] = len(after)
    record["rpo_ops_lost"] = sum(uuid.UUID(op).hex not in present for op in after)
    record["restored_head"] = db.head(wid)
    return record


@pytest.mark.timeout(900)
def test_postgresql_dump_during_load_restores_on_a_fresh_instance(pg_stack):
    seed = pg_stack.seed(PARTICIPANTS, title="Back-up PostgreSQL")
    dump = Path(tempfile.mkdtemp(prefix="wijktafel-faults-dump-")) / "wijktafel.dump"
    record, before = asyncio.run(
        _load_with_backup(pg_stack, seed, lambda: pg_dump(pg_stack.database_url, dump))
    )
    record["dump_bytes"] = dump.stat().st_size

    fresh = Services(Path(tempfile.mkdtemp(prefix="wijktafel-faults-restore-")))
    restored = None
    try:
        fresh.start()  # a new cluster: nothing of the old one is reused
        restore_started = time.monotonic()
        target_url = create_database(fresh.urls["DATABASE_URL"], prefix="wijktafel_restored")
        record["restore_stderr"] = pg_restore(target_url, dump).strip()[-500:]
        record["restore_s"] = round(time.monotonic() - restore_started, 2)
        restored = Stack.create(
            Path(tempfile.mkdtemp(prefix="wijktafel-faults-restored-")),
            extra_env={
                "DATABASE_URL": target_url,
                "DJANGO_SECRET_KEY": pg_stack.env["DJANGO_SECRET_KEY"],
            },
        )
        record = _verify_restore(restored, seed, record, before, restore_started)
    finally:
        if restored is not None:
            restored.stop()
            shutil.rmtree(restored.workdir, ignore_errors=True)
        fresh.destroy()
        shutil.rmtree(dump.parent, ignore_errors=True)
    print("\n[faults] F11 PostgreSQL: " + json.dumps(record))

    assert record["restore_stderr"] == ""
    assert record["restore_problems"] == [], record["restore_problems"][:20]
    assert record["missing_acked_before"] == []
    assert record["acked_before_backup"] > 0 and record["acked_during_backup"] > 0
    assert record["restored_head"] >= max(before.values())


@pytest.mark.timeout(900)
def test_sqlite_online_backup_during_load_restores_on_a_fresh_instance(sqlite_stack):
    seed = sqlite_stack.seed(PARTICIPANTS, title="Back-up SQLite")
    source = Path(sqlite_stack.env["WIJKTAFEL_SQLITE_PATH"])
    backup = Path(tempfile.mkdtemp(prefix="wijktafel-faults-backup-")) / "backup.sqlite3"
    record, before = asyncio.run(
        _load_with_backup(sqlite_stack, seed, lambda: sqlite_online_backup(source, backup))
    )
    record["backup_bytes"] = backup.stat().st_size

    # The same secret key, as an operator restores with the same configuration (sessions).
    restored = Stack.create(
        Path(tempfile.mkdtemp(prefix="wijktafel-faults-restored-")),
        extra_env={"DJANGO_SECRET_KEY": sqlite_stack.env["DJANGO_SECRET_KEY"]},
    )
    try:
        restore_started = time.monotonic()
        shutil.copyfile(backup, restored.env["WIJKTAFEL_SQLITE_PATH"])
        record["restore_s"] = round(time.monotonic() - restore_started, 2)
        record = _verify_restore(restored, seed, record, before, restore_started)
    finally:
        restored.stop()
        shutil.rmtree(restored.workdir, ignore_errors=True)
        shutil.rmtree(backup.parent, ignore_errors=True)
    print("\n[faults] F11 SQLite: " + json.dumps(record))

    assert record["restore_problems"] == [], record["restore_problems"][:20]
    assert record["missing_acked_before"] == []
    assert record["acked_before_backup"] > 0 and record["acked_during_backup"] > 0
    assert record["restored_head"] >= max(before.values())
