"""Group commit of the sockets' ops (issue 12, docs/decisions/0019-group-commit.md).

Every op is its own transaction, and a commit waits for its fsync (``synchronous=FULL``: what is
acknowledged survives a power loss). On the one database thread of the sockets that capped a
process at about 120 commits a second, the knee of ``bench/capacity.py``. Here the ops that
arrive while a commit is under way wait for it and then go together: one transaction, each op
in its own savepoint (one op's refusal or error undoes only that op), one commit, one fsync.

- An op is acknowledged only after the commit that stored it (its future resolves then). When
  that commit fails, nothing of the batch is stored and every op of it gets the error; clients
  send the same op id again.
- With one op waiting, it runs at once, alone: no added delay when the room is quiet.
- Each op runs in its own context (``contextvars``) and language: the socket it came from (so
  its own event waits for its ack, ``fanout.ORIGIN``), and refusals in the socket's language. The events of the batch are handed to
  the hub after the commit, in the order the ops ran.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from django.db import transaction
from django.utils import translation

logger = logging.getLogger(__name__)

MAX_BATCH = 64  # ops in one transaction; the rest go in the next


class GroupCommit:
    """One per event loop: the ops of every socket of the process, committed in batches."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Callable[[], Any], asyncio.Future, contextvars.Context]] = []
        self.draining: asyncio.Task | None = None  # kept: the loop holds tasks only weakly
        self.batches = 0  # committed (the tests count them)

    async def run(self, call: Callable[[], Any]) -> Any:
        """Run ``call`` (sync, database work) in the next batch; its result once committed."""
        future = asyncio.get_running_loop().create_future()
        # The language is an asgiref Local, which a context carries to another thread only
        # when asgiref moves it there: it is activated again on the database thread.
        language = translation.get_language()
        self.waiting.append(
            (functools.partial(_in_language, language, call), future, contextvars.copy_context())
        )
        if self.draining is None:
            # its own empty context: not that of the op that happened to start it
            self.draining = asyncio.get_running_loop().create_task(
                self._drain(), context=contextvars.Context()
            )
        return await future

    async def _drain(self) -> None:
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
                try:
                    outcomes = await database_sync_to_async(_run_batch)(batch)
                except Exception as error:  # the thread itself failed: every op hears it
                    outcomes = [(False, error)] * len(batch)
                self.batches += 1
                for (_call, future, _context), (ok, value) in zip(batch, outcomes, strict=True):
                    if future.done():  # its socket went away meanwhile
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        finally:
            self.draining = None


def _in_language(language: str | None, call: Callable[[], Any]) -> Any:
    if language is None:
        return call()
    with translation.override(language):
        return call()


def _run_batch(batch) -> list[tuple[bool, Any]]:
    """On the database thread: every op in its savepoint, then one commit."""
    outcomes: list[tuple[bool, Any]] = []
    try:
        with transaction.atomic():
            for call, _future, context in batch:
                try:
                    with transaction.atomic():
                        outcomes.append((True, context.run(call)))
                except Exception as error:  # this op is undone; the others go on
                    outcomes.append((False, error))
    except Exception as error:  # the commit failed: nothing of the batch is stored
        logger.warning("a batch of %s ops was not committed: %r", len(batch), error)
        return [(False, error)] * len(batch)
    return outcomes


_BATCHERS: dict[asyncio.AbstractEventLoop, GroupCommit] = {}


def group_commit() -> GroupCommit:
    """This event loop's batcher (tests run several loops one after another)."""
    loop = asyncio.get_running_loop()
    batcher = _BATCHERS.get(loop)
    if batcher is None:
        for old in [known for known in _BATCHERS if known.is_closed()]:
            del _BATCHERS[old]
        batcher = _BATCHERS[loop] = GroupCommit()
    return batcher
