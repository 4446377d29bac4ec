"""The oracle: what must hold after every chaos run (docs/reliability.md §3.1).

It reads the database with a plain connection chosen by URL (``sqlite:///path`` with the
standard library, ``postgres://``/``postgis://`` with psycopg), never through the server,
and compares it with what the clients recorded and with a fresh snapshot. ``check`` returns
a list of problems; an empty list means the run kept every promise.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import Counter
from urllib.parse import urlsplit

from .state import from_snapshot


class Database:
    """Read access to the tables the oracle needs; one short connection per call."""

    def __init__(self, url: str):
        self.url = url
        self.scheme = urlsplit(url).scheme
        if self.scheme not in ("sqlite", "postgres", "postgresql", "postgis"):
            raise ValueError(f"unsupported database URL {url!r}")

    @property
    def is_sqlite(self) -> bool:
        return self.scheme == "sqlite"

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one query; write ``%s`` placeholders (turned into ``?`` for SQLite)."""
        if self.is_sqlite:
            connection = sqlite3.connect(
                self.url.removeprefix("sqlite:///"), timeout=20, isolation_level=None
            )
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect("postgresql://" + self.url.split("://", 1)[1]) as connection:
            return connection.execute(sql, params).fetchall()

    def head(self, workshop_id: int) -> int:
        sql = "SELECT last_seq FROM workshops_workshop WHERE id = %s"
        return self.rows(sql, (workshop_id,))[0][0]

    def events(self, workshop_id: int) -> list[dict]:
        rows = self.rows(
            "SELECT seq, kind, payload, actor_key, client_op_id FROM workshops_workshopevent "
            "WHERE workshop_id = %s ORDER BY seq",
            (workshop_id,),
        )
        return [
            {
                "seq": seq,
                "kind": kind,
                "data": json.loads(payload) if isinstance(payload, str) else payload,
                "actor_key": actor,
                "op": uuid.UUID(str(op)).hex if op else None,
            }
            for seq, kind, payload, actor, op in rows
        ]

    def postit_ids(self, workshop_id: int) -> set[int]:
        return {
            row[0]
            for row in self.rows(
                "SELECT id FROM activities_postit WHERE workshop_id = %s", (workshop_id,)
            )
        }

    def integrity_problems(self) -> list[str]:
        if not self.is_sqlite:
            return []  # PostgreSQL checks its pages itself; amcheck is out of scope here
        try:
            problems = [
                f"integrity_check: {row[0]}"
                for row in self.rows("PRAGMA integrity_check")
                if row[0] != "ok"
            ]
            problems += [
                f"foreign_key_check: {row}" for row in self.rows("PRAGMA foreign_key_check")
            ]
        except sqlite3.DatabaseError as error:  # "database disk image is malformed"
            problems = [f"integrity_check failed: {error}"]
        return problems


def comparable(state: dict) -> str:
    """A canonical text of a state, so two states compare (and diff) as text."""
    return json.dumps(state, sort_keys=True, ensure_ascii=False)


def check(db: Database, workshop_id: int, clients: list, snapshot: dict) -> list[str]:
    """Every promise of a run; ``clients`` are SimClient-like records, ``snapshot`` a fresh one."""
    problems: list[str] = []
    events = db.events(workshop_id)
    head = db.head(workshop_id)
    by_seq = {e["seq"]: e for e in events}

    # No gaps: the log is 1..head, and the head is its last entry.
    seqs = [e["seq"] for e in events]
    if seqs != list(range(1, head + 1)):
        missing = sorted(set(range(1, head + 1)) - set(seqs))
        problems.append(
            f"log is not 1..{head}: {len(seqs)} entries, missing {missing[:10]}, "
            f"extra {sorted(set(seqs) - set(range(1, head + 1)))[:10]}"
        )

    # Nothing stored twice: one event per client op id (ids are UUIDs, unique across actors).
    twice = [op for op, n in Counter(e["op"] for e in events if e["op"]).items() if n > 1]
    if twice:
        problems.append(f"{len(twice)} op ids stored more than once, e.g. {twice[:3]}")

    # The post-it rows are exactly what the log created and did not delete (no lost or extra rows).
    created = [e["data"]["id"] for e in events if e["kind"] == "postit.created"]
    deleted = {e["data"]["id"] for e in events if e["kind"] == "postit.deleted"}
    if len(created) != len(set(created)):
        problems.append("a post-it id was created twice in the log")
    rows = db.postit_ids(workshop_id)
    if rows != set(created) - deleted:
        problems.append(
            f"post-it rows differ from the log: rows without a live create "
            f"{sorted(rows - (set(created) - deleted))[:10]}, live creates without a "
            f"row {sorted((set(created) - deleted) - rows)[:10]}"
        )
    snapshot_ids = {p["id"] for p in snapshot["postits"]}
    if snapshot_ids != rows:
        problems.append("the fresh snapshot's post-its differ from the database rows")
    if snapshot["head"] != head:
        problems.append(f"fresh snapshot head {snapshot['head']} != database head {head}")

    logged_ops = {e["op"] for e in events if e["op"]}
    fresh = comparable(from_snapshot(snapshot))
    for client in clients:
        who = client.name
        # Every acknowledged op is in the log, at the acked seq, as this client's.
        for op, seq in client.acked.items():
            event = by_seq.get(seq)
            if event is None or event["op"] != uuid.UUID(op).hex:
                problems.append(f"{who}: acked op {op} (seq {seq}) is not in the database")
            elif client.actor_key and event["actor_key"] != client.actor_key:
                problems.append(f"{who}: acked op {op} is logged for {event['actor_key']}")
        # No phantoms: every event the client applied is in the log, with the same content.
        for seq, (kind, data) in client.seen.items():
            event = by_seq.get(seq)
            if event is None or event["kind"] != kind or event["data"] != data:
                problems.append(f"{who}: applied event {seq} {kind} that the database lacks")
        again = [seq for seq, n in client.applied.items() if n > 1]
        if again:
            problems.append(f"{who}: applied seqs more than once: {again[:10]}")
        # Outbox drained; refusals carry a reason.
        if client.outbox:
            problems.append(f"{who}: {len(client.outbox)} ops still in the outbox")
        problems += [
            f"{who}: rejection without a code: {r}"
            for r in client.rejected.values()
            if not r.get("code")
        ]
        # A refused op changed nothing: it has no log entry.
        problems += [
            f"{who}: rejected op {op} is in the log"
            for op in client.rejected
            if uuid.UUID(op).hex in logged_ops
        ]
        problems += [f"{who}: {p}" for p in client.problems]
        # Converged: the client's own state equals a fresh snapshot.
        if client.last_seq != head:
            problems.append(f"{who}: applied up to seq {client.last_seq}, database head is {head}")
        elif comparable(client.state) != fresh:
            problems.append(f"{who}: state differs from a fresh snapshot")

    return problems + db.integrity_problems()
