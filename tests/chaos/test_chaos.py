"""Chaos runs against a real server process (README.md in this folder).

The combined run is part of every CI run: 25 participants x 40 operations and a facilitator,
random connection cuts throughout, the server killed hard once and stopped gracefully once
mid-burst, each time started again; then the oracle. The other tests show the oracle is
honest: it catches a lost op, a duplicate, a gap, a phantom, a diverged client, an undrained
outbox and a broken database file.
"""

from __future__ import annotations

import asyncio
import copy
import os
import random
import sqlite3
import uuid

import pytest

from tests.support.chaos.client import SimClient
from tests.support.chaos.harness import (
    chaos_run,
    format_summary,
    hang_then_cut,
    kill_and_restart,
    stop_and_restart,
)
from tests.support.chaos.oracle import Database, check

pytestmark = pytest.mark.chaos

PARTICIPANTS, OPS, FACILITATOR_OPS = 25, 40, 20


def _seed() -> int:
    value = int(os.environ.get("WIJKTAFEL_CHAOS_SEED") or random.SystemRandom().randrange(10**6))
    print(f"\n[chaos] WIJKTAFEL_CHAOS_SEED={value}")
    return value


@pytest.mark.timeout(480)
def test_combined_run_loses_nothing(running):
    seed = running.seed(PARTICIPANTS)
    report = asyncio.run(
        chaos_run(
            running,
            seed,
            ops_per_client=OPS,
            mean_interval=3.0,
            facilitator_ops=FACILITATOR_OPS,
            faults=[
                (30, kill_and_restart(down_seconds=1)),
                (50, hang_then_cut(hang_seconds=2)),
                (70, stop_and_restart(down_seconds=1)),
            ],
            cuts=(0.15, 0.55),
            cut_seconds=110,
            settle_timeout=90,
            rng_seed=_seed(),
        )
    )
    summary = report.summary
    print(format_summary(summary))
    for problem in report.problems[:40]:
        print("[chaos] problem:", problem)

    assert report.problems == [], "\n".join(report.problems[:40])
    # Every op was answered, and the participants' ops (valid by construction) were all taken.
    assert summary["ops"] == PARTICIPANTS * OPS + FACILITATOR_OPS
    assert summary["acked"] + summary["rejected"] == summary["ops"]
    participants = [c for c in report.load.clients if c.name != "F"]
    assert sum(len(c.rejected) for c in participants) == 0
    assert sum(len(c.acked) for c in participants) == PARTICIPANTS * OPS
    # The faults really happened: a crash, a hung network, a graceful stop, cuts, reconnects and
    # resent ops (the hang guarantees ops sent and never answered).
    assert [f["fault"] for f in report.faults] == ["SIGKILL", "hang+cut", "SIGTERM"]
    assert report.faults[0]["exit"] == -9
    # Every client came back by itself after each restart (within the 75 s the harness waits).
    assert all(f["all_back_s"] is not None for f in report.faults)
    # A graceful stop tells the clients to come back (1012), not just drops them.
    assert summary["close_codes"].get(1012, 0) >= 1
    assert summary["drops"] >= PARTICIPANTS
    assert summary["reconnects"] >= 2 * (PARTICIPANTS + 1)
    assert summary["retries"] > 0
    assert 1011 not in summary["close_codes"]
    assert summary["settle_s"] is not None
    assert summary["log_db_locked"] == 0
    assert summary["log_tracebacks"] == 0, report.log[-6000:]


# --- The oracle is honest -----------------------------------------------------------------------


@pytest.fixture
def small_run(running):
    """A short clean run (3 participants, a facilitator) that the oracle accepts as it is."""
    seed = running.seed(3, title="Oracle check")
    report = asyncio.run(
        chaos_run(
            running,
            seed,
            ops_per_client=6,
            mean_interval=0.1,
            facilitator_ops=3,
            settle_timeout=30,
            rng_seed=7,
        )
    )
    assert report.problems == [], report.problems
    assert report.summary["acked"] >= 18
    return running, seed, report


def _problems(stack, seed, clients, snapshot) -> str:
    return "\n".join(check(Database(stack.database_url), seed["workshop_id"], clients, snapshot))


def _snapshot(stack, seed) -> dict:
    from tests.support.chaos.client import Target, fetch_snapshot

    target = Target(
        f"ws://127.0.0.1:{stack.ports[0]}",
        seed["workshop_id"],
        stack.origin,
        stack.session_cookie,
        stack.heartbeat_seconds,
    )
    return asyncio.run(fetch_snapshot(target, seed["facilitator"]["session"]))


def test_oracle_catches_client_side_lies(small_run):
    stack, seed, report = small_run
    snapshot = _snapshot(stack, seed)
    clients: list[SimClient] = report.load.clients
    assert _problems(stack, seed, clients, snapshot) == ""

    def tampered(change) -> str:
        copies = [copy.copy(c) for c in clients]
        victim = copies[0]
        for name in ("acked", "rejected", "seen", "applied", "outbox", "state", "problems"):
            setattr(victim, name, copy.deepcopy(getattr(victim, name)))
        change(victim)
        return _problems(stack, seed, copies, snapshot)

    some_seq = max(clients[0].seen)
    # An ack for an op the database never stored (a lost input).
    assert "is not in the database" in tampered(
        lambda c: c.acked.__setitem__(str(uuid.uuid4()), some_seq)
    )
    # A client that saw an event with other content than the log (a phantom).
    assert "that the database lacks" in tampered(
        lambda c: c.seen.__setitem__(some_seq, ("postit.created", {"id": -1}))
    )
    # The same event applied twice.
    assert "applied seqs more than once" in tampered(lambda c: c.applied.update([some_seq]))
    # A post-it text that differs from the fresh snapshot (diverged state).
    assert "state differs from a fresh snapshot" in tampered(
        lambda c: c.state["postits"][0].update(text="anders")
    )
    # A client behind the head.
    assert "database head is" in tampered(lambda c: setattr(c, "last_seq", c.last_seq - 1))
    # A "rejected" op that was in fact stored.
    stored = next(iter(clients[0].acked))
    assert "is in the log" in tampered(
        lambda c: c.rejected.__setitem__(
            stored, {"type": "rejected", "op": stored, "code": "invalid"}
        )
    )
    # An op that was never answered.
    assert "still in the outbox" in tampered(lambda c: c.outbox.__setitem__("x", {"type": "op"}))


def test_oracle_catches_database_side_faults(small_run):
    stack, seed, report = small_run
    snapshot = _snapshot(stack, seed)
    db = sqlite3.connect(stack.database_url.removeprefix("sqlite:///"), isolation_level=None)
    workshop = seed["workshop_id"]
    try:
        head = db.execute(
            "SELECT last_seq FROM workshops_workshop WHERE id=?", (workshop,)
        ).fetchone()[0]
        # The same client op stored a second time, under another actor, at the next seq.
        db.execute(
            "INSERT INTO workshops_workshopevent (workshop_id, seq, kind, payload, actor_key, "
            "client_op_id, created_at) SELECT workshop_id, ?, kind, payload, 'p:999999', "
            "client_op_id, created_at FROM workshops_workshopevent WHERE workshop_id=? AND "
            "client_op_id IS NOT NULL ORDER BY seq DESC LIMIT 1",
            (head + 1, workshop),
        )
        db.execute("UPDATE workshops_workshop SET last_seq=? WHERE id=?", (head + 1, workshop))
        found = _problems(stack, seed, report.load.clients, snapshot)
        assert "stored more than once" in found
        # A hole in the log.
        db.execute(
            "DELETE FROM workshops_workshopevent WHERE workshop_id=? AND seq=?", (workshop, 2)
        )
        found = _problems(stack, seed, report.load.clients, snapshot)
        assert "log is not 1.." in found and "missing [2]" in found
        # A post-it row without its log entry.
        db.execute(
            "INSERT INTO activities_postit (workshop_id, author_id, author_user_id, text, why, "
            "column_id, position, parked, parked_note, merged_into_id, version, created_at, "
            "updated_at) SELECT workshop_id, author_id, author_user_id, text, why, column_id, "
            "position, parked, parked_note, merged_into_id, version, created_at, updated_at "
            "FROM activities_postit WHERE workshop_id=? LIMIT 1",
            (workshop,),
        )
        assert "post-it rows differ from the log" in _problems(
            stack, seed, report.load.clients, snapshot
        )
    finally:
        db.close()


def test_oracle_catches_a_broken_database_file(tmp_path):
    path = tmp_path / "broken.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    db.executemany("INSERT INTO t (body) VALUES (?)", [("x" * 500,)] * 200)
    db.execute("CREATE INDEX t_body ON t (body)")
    db.commit()
    db.close()
    assert Database(f"sqlite:///{path}").integrity_problems() == []
    raw = bytearray(path.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 2048] = os.urandom(2048)  # scribble over an index page
    path.write_bytes(bytes(raw))
    assert Database(f"sqlite:///{path}").integrity_problems() != []
