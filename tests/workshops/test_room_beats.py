"""The participants' heartbeat check (consumers._participant_beat): every room of the process is
read in one go and the reading is shared for a moment; it still tells each socket its head,
and closes a removed participant's or an ended session's socket (issue 12)."""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from tests.support.factories import join, make_workshop
from wijktafel.workshops import consumers, events
from wijktafel.workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def three_rooms(facilitator):
    rooms = [make_workshop(facilitator, title=f"Werksessie {n}") for n in range(3)]
    people = [[join(room, f"Deelnemer {n}").participant for n in range(2)] for room in rooms]
    Participant.objects.filter(pk=people[1][1].pk).update(removed_at=timezone.now())
    Workshop.objects.filter(pk=rooms[2].pk).update(status=Workshop.Status.ENDED)
    heads = [Workshop.objects.get(pk=room.pk).last_seq for room in rooms]
    return rooms, people, heads


async def test_every_room_is_read_in_one_go_and_each_socket_hears_its_own(
    facilitator, settings, monkeypatch
):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 1.0}  # kept 0.5 s
    rooms, people, heads = await database_sync_to_async(three_rooms)(facilitator)
    reads = []
    real = consumers._rooms_beat_state

    def counted(ids):
        reads.append(list(ids))
        return real(ids)

    monkeypatch.setattr(consumers, "_rooms_beat_state", counted)
    pairs = [(room.pk, person.pk) for room, group in zip(rooms, people) for person in group]

    beats = await asyncio.gather(*(consumers._participant_beat(*pair) for pair in pairs))

    assert beats == [
        (heads[0], None),
        (heads[0], None),
        (heads[1], None),
        (None, events.CLOSE_REMOVED),  # removed: closed by the heartbeat
        (None, events.CLOSE_ENDED),
        (None, events.CLOSE_ENDED),
    ]
    assert reads == [sorted(room.pk for room in rooms)]  # one read for the three rooms

    assert await consumers._participant_beat(*pairs[0]) == (heads[0], None)
    assert len(reads) == 1  # within the moment: the reading is shared

    await asyncio.sleep(0.6)
    await database_sync_to_async(Workshop.objects.filter(pk=rooms[0].pk).update)(last_seq=99)
    assert await consumers._participant_beat(*pairs[0]) == (99, None)  # read again
    assert reads[1:] == [[rooms[0].pk]]


async def test_a_room_that_no_longer_exists_is_ended(facilitator):
    room = await database_sync_to_async(make_workshop)(facilitator)
    person = await database_sync_to_async(join)(room, "Ans")
    await database_sync_to_async(Workshop.objects.filter(pk=room.pk).delete)()
    beat = await consumers._participant_beat(room.pk, person.participant.pk)
    assert beat == (None, events.CLOSE_ENDED)


async def test_a_read_slower_than_the_moment_still_answers(facilitator, settings, monkeypatch):
    """Under load the read waits behind ops on the database thread, past the time it is kept."""
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 0.2}  # kept 0.1 s
    room = await database_sync_to_async(make_workshop)(facilitator)
    person = await database_sync_to_async(join)(room, "Ans")
    head = await database_sync_to_async(lambda: Workshop.objects.get(pk=room.pk).last_seq)()
    real = consumers._rooms_beat_state

    def slow(ids):
        time.sleep(0.3)
        return real(ids)

    monkeypatch.setattr(consumers, "_rooms_beat_state", slow)
    beats = await asyncio.gather(
        *(consumers._participant_beat(room.pk, person.participant.pk) for _ in range(3))
    )
    assert beats == [(head, None)] * 3
