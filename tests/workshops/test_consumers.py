"""The live socket: every op kind acks after commit and broadcasts exactly once; catch-up and heartbeat."""

import uuid

import pytest
from channels.db import database_sync_to_async

from tests.support.factories import join, make_workshop
from tests.support.ws import Socket, db_counts, session_for
from wijktafel.activities import services as wall
from wijktafel.activities.models import Postit
from wijktafel.agreements import services as agreements
from wijktafel.evaluations import services as pmi
from wijktafel.groups import services as grouping
from wijktafel.parking import services as parking
from wijktafel.stickers import services as stickers
from wijktafel.workshops import seam, selectors, services, wsguard
from wijktafel.workshops.consumers import MESSAGE_HANDLERS
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board(workshop, facilitator, ans, bram):
    """A wall with post-its of Ans (one merged), one column and a second participant."""
    fac, p_ans = Actor(user=facilitator), Actor(participant=ans.participant)

    def create(actor, text):
        return wall.postit_create(
            workshop_id=workshop.pk, actor=actor, client_op_id=None, text=text
        ).event.payload["id"]

    p1, p2, p3 = (
        create(p_ans, "Zwerfvuil"),
        create(p_ans, "Hondenpoep"),
        create(p_ans, "Vuil op straat"),
    )
    wall.postit_merge(
        workshop_id=workshop.pk, actor=fac, client_op_id=None, postit_id=p3, into_id=p1
    )
    column = wall.column_create(
        workshop_id=workshop.pk, actor=fac, client_op_id=None, title="Politie"
    )
    services.round_start(workshop_id=workshop.pk, actor=fac, preset="silent")  # one to stop
    # A vote that collects choices, and one that votes with its two choices tied at its top of one.
    collecting = stickers.ballot_create(
        workshop_id=workshop.pk, actor=fac, title="Verzamelen", targets=["Kaart"]
    ).event.payload
    voting = stickers.ballot_create(
        workshop_id=workshop.pk, actor=fac, title="Stemmen", targets=["A", "B"], top_n=1
    ).event.payload
    first, second = (t["id"] for t in voting["targets"])
    stickers.ballot_update(
        workshop_id=workshop.pk, actor=fac, ballot_id=voting["id"], status="voting"
    )
    for who, target in ((p_ans, second), (Actor(participant=bram.participant), first)):
        stickers.sticker_place(
            workshop_id=workshop.pk, actor=who, ballot_id=voting["id"], target_id=target
        )
    agreement = agreements.agreement_create(
        workshop_id=workshop.pk,
        actor=fac,
        client_op_id=None,
        kind="joint_agreement",
        description="Bewonersavond",
        owner_ids=[ans.participant.pk, bram.participant.pk],
    )
    pmi.pmi_update(workshop_id=workshop.pk, actor=fac, open=True)
    note = pmi.pmi_add(workshop_id=workshop.pk, actor=p_ans, column="minus", text="Te lang")
    topic = parking.topic_park(workshop_id=workshop.pk, actor=p_ans, text="Speeltuin")
    duo = grouping.grouping_create(
        workshop_id=workshop.pk, actor=fac, kind="duo", member_ids=[ans.participant.pk]
    )
    return {
        "group": duo.event.payload["groups"][0]["id"],
        "topic": topic.event.payload["id"],
        "note": note.event.payload["id"],
        "collecting": collecting["id"],
        "card": collecting["targets"][0]["id"],
        "voting": voting["id"],
        "first": first,
        "second": second,
        "agreement": agreement.event.payload["id"],
        "p1": p1,
        "p2": p2,
        "p3": p3,
        "column": column.event.payload["id"],
        "bram": bram.participant.pk,
        "items": list(workshop.agenda_items.order_by("position").values_list("pk", flat=True)),
    }


# kind -> (sender, data built from the board, event kind)
OP_CASES = {
    "grouping.form": ("fac", lambda b: {"kind": "duo"}, "grouping.changed"),
    "grouping.create": (
        "fac",
        lambda b: {"kind": "breakout", "member_ids": []},
        "grouping.changed",
    ),
    "grouping.move": (
        "fac",
        lambda b: {"participant_id": b["bram"], "group_id": b["group"]},
        "grouping.changed",
    ),
    "grouping.delete": ("fac", lambda b: {"group_id": b["group"]}, "grouping.changed"),
    "grouping.done": ("fac", lambda b: {"kind": "duo", "done": False}, "grouping.changed"),
    "acquaintance.set": ("ans", lambda b: {"known_ids": [b["bram"]]}, "acquaintance.changed"),
    "topic.park": ("ans", lambda b: {"text": "Budget", "reason": "Later"}, "topic.parked"),
    "topic.update": (
        "fac",
        lambda b: {"topic_id": b["topic"], "status": "scheduled", "follow_up_id": b["agreement"]},
        "topic.updated",
    ),
    "topic.remove": ("ans", lambda b: {"topic_id": b["topic"]}, "topic.removed"),
    "pmi.update": ("fac", lambda b: {"open": False}, "pmi.changed"),
    "pmi.add": ("ans", lambda b: {"column": "plus", "text": "Fijne zaal"}, "pmi.entry_added"),
    "pmi.remove": ("ans", lambda b: {"entry_id": b["note"]}, "pmi.entry_removed"),
    "pmi.dots": ("fac", lambda b: {}, "ballot.changed"),
    "ballot.create": ("fac", lambda b: {"title": "Top 3", "targets": ["X"]}, "ballot.changed"),
    "ballot.update": (
        "fac",
        lambda b: {"ballot_id": b["collecting"], "status": "voting"},
        "ballot.changed",
    ),
    "ballot.delete": ("fac", lambda b: {"ballot_id": b["collecting"]}, "ballot.deleted"),
    "ballot.settle": (
        "fac",
        lambda b: {"ballot_id": b["voting"], "target_ids": [b["second"], b["first"]]},
        "ballot.changed",
    ),
    "target.add": (
        "ans",
        lambda b: {"ballot_id": b["collecting"], "label": "Eigen kaart"},
        "ballot.changed",
    ),
    "target.remove": (
        "fac",
        lambda b: {"ballot_id": b["collecting"], "target_id": b["card"]},
        "ballot.changed",
    ),
    "sticker.place": (
        "ans",
        lambda b: {"ballot_id": b["voting"], "target_id": b["first"]},
        "sticker.placed",
    ),
    "sticker.remove": (
        "ans",
        lambda b: {"ballot_id": b["voting"], "target_id": b["second"]},
        "sticker.removed",
    ),
    "postit.create": (
        "ans",
        lambda b: {"text": "Te hard rijden", "why": "Kinderen", "column_id": b["column"]},
        "postit.created",
    ),
    "postit.update": (
        "ans",
        lambda b: {"postit_id": b["p1"], "text": "Veel zwerfvuil", "version": 1},
        "postit.updated",
    ),
    "postit.delete": ("ans", lambda b: {"postit_id": b["p2"]}, "postit.deleted"),
    "postit.move": (
        "fac",
        lambda b: {"postit_id": b["p1"], "column_id": b["column"], "position": 3},
        "postit.updated",
    ),
    "postit.merge": ("fac", lambda b: {"postit_id": b["p2"], "into_id": b["p1"]}, "postit.updated"),
    "postit.unmerge": ("fac", lambda b: {"postit_id": b["p3"]}, "postit.updated"),
    "postit.park": (
        "fac",
        lambda b: {"postit_id": b["p2"], "parked": True, "note": "Later"},
        "postit.updated",
    ),
    "column.create": ("fac", lambda b: {"title": "Woningcorporatie"}, "column.created"),
    "column.rename": (
        "fac",
        lambda b: {"column_id": b["column"], "title": "Wijkagent"},
        "column.updated",
    ),
    "column.delete": ("fac", lambda b: {"column_id": b["column"]}, "column.deleted"),
    "timer.control": ("fac", lambda b: {"action": "start"}, "timer.changed"),
    "participant.remove": ("fac", lambda b: {"participant_id": b["bram"]}, "participant.removed"),
    "participant.update": (
        "fac",
        lambda b: {"participant_id": b["bram"], "kind": "resident", "roles": ["chair"]},
        "participant.updated",
    ),
    "workshop.joining": ("fac", lambda b: {"open": False}, "workshop.changed"),
    "workshop.end": ("fac", lambda b: {}, "workshop.changed"),
    "agenda_item.add": (
        "fac",
        lambda b: {"title": "Pauze", "duration_minutes": 10},
        "agenda.changed",
    ),
    "agenda_item.update": (
        "fac",
        lambda b: {"item_id": b["items"][0], "duration_minutes": 20},
        "agenda.changed",
    ),
    "agenda_item.remove": ("fac", lambda b: {"item_id": b["items"][-1]}, "agenda.changed"),
    "agenda.reorder": ("fac", lambda b: {"item_ids": b["items"][::-1]}, "agenda.changed"),
    "round.start": ("fac", lambda b: {"preset": "pitch"}, "round.changed"),
    "round.stop": ("fac", lambda b: {}, "round.changed"),
    "spotlight.set": ("fac", lambda b: {"target": "part:tally"}, "spotlight.changed"),
    "agreement.create": (
        "ans",
        lambda b: {"kind": "individual_action", "description": "Ik bel de wijkagent"},
        "agreement.created",
    ),
    "agreement.update": (
        "ans",
        lambda b: {"agreement_id": b["agreement"], "status": "done"},
        "agreement.updated",
    ),
    "agreement.delete": ("fac", lambda b: {"agreement_id": b["agreement"]}, "agreement.deleted"),
    "agreement.progress": (
        "ans",
        lambda b: {"agreement_id": b["agreement"], "text": "Datum staat"},
        "agreement.progress_added",
    ),
    "agreement.distribute": ("fac", lambda b: {}, "agreement.distributed"),
}


def test_every_op_kind_and_message_type_is_covered():
    # The ops of the engine and its building blocks; a method's ops need its world: each method
    # covers its own the same way (tests/appraisals/test_socket_ops*.py for Afwegen in de Wijk).
    assert set(OP_CASES) == {op.kind for block in seam.blocks() for op in block.ops}
    assert set(MESSAGE_HANDLERS) == {"hello", "resync", "op", "hb_ack"}


def test_an_old_outbox_shape_is_still_read(workshop):
    """Ops queued on a phone before decision 0011 said ``id`` or nested ``fields``; they still
    arrive as the same arguments, so nothing typed before an upgrade is lost."""
    update = seam.op("postit.update")
    assert update.arguments({"id": 7, "text": "Zwerfvuil"}) == {"postit_id": 7, "text": "Zwerfvuil"}
    assert update.arguments({"postit_id": 7, "id": 8}) == {"postit_id": 7}
    remove = seam.op("participant.remove")
    assert remove.arguments({"id": 3}) == {"participant_id": 3}
    add = seam.op("agenda_item.add")
    assert add.arguments({"fields": {"title": "Pauze", "duration_minutes": 5}}) == {
        "fields": {"title": "Pauze", "duration_minutes": 5}
    }


@pytest.mark.parametrize("kind", [k for k in OP_CASES if k != "workshop.end"])
async def test_op_acks_after_commit_broadcasts_once_and_repeat_changes_nothing(
    kind, sockets, workshop, facilitator, ans, board
):
    sender_name, make_data, event_kind = OP_CASES[kind]
    fac = await sockets(workshop, user=facilitator)
    screen = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    sender, others = (phone, [fac, screen]) if sender_name == "ans" else (fac, [screen, phone])
    before = await db_counts(workshop.pk)
    op = str(uuid.uuid4())

    ack = await sender.op(kind, make_data(board), op=op)

    assert ack == {"type": "ack", "op": op, "seq": before[3] + 1}
    own = await sender.recv()
    assert (own["type"], own["seq"], own["kind"]) == ("event", ack["seq"], event_kind)
    for other in others:
        assert await other.recv() == own
        assert await other.nothing()
    assert await sender.nothing()
    after = await db_counts(workshop.pk)
    assert after[0] == before[0] + 1 and after[3] == before[3] + 1

    again = await sender.op(kind, make_data(board), op=op)

    assert again == ack
    for sock in (sender, *others):
        assert await sock.nothing()
    assert await db_counts(workshop.pk) == after


async def test_an_op_id_reused_for_another_op_is_rejected_and_changes_nothing(
    sockets, workshop, ans, board
):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    op = str(uuid.uuid4())
    ack = await phone.op("postit.create", {"text": "Te hard rijden"}, op=op)
    assert ack["type"] == "ack"
    assert (await phone.recv())["kind"] == "postit.created"
    before = await db_counts(workshop.pk)

    answer = await phone.op(
        "postit.update", {"postit_id": board["p1"], "text": "Veel zwerfvuil", "version": 1}, op=op
    )

    assert answer["type"] == "rejected" and answer["code"] == "conflict"
    assert "nieuwe sleutel" in answer["message"]
    assert await phone.nothing()
    assert await db_counts(workshop.pk) == before
    text = await database_sync_to_async(lambda: Postit.objects.get(pk=board["p1"]).text)()
    assert text == "Zwerfvuil"


async def test_workshop_end_acks_broadcasts_once_and_closes_every_socket_with_4408(
    sockets, workshop, facilitator, ans
):
    fac = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    head = (await db_counts(workshop.pk))[3]

    ack = await fac.op("workshop.end", {})

    assert ack["type"] == "ack" and ack["seq"] == head + 1
    event = await phone.recv()
    assert event["kind"] == "workshop.changed" and event["data"]["status"] == "ended"
    assert await fac.recv() == event
    assert await phone.expect_close() == 4408
    assert await fac.expect_close() == 4408
    assert (await db_counts(workshop.pk))[0] == head + 1


async def test_rolled_back_change_is_never_sent(
    sockets, workshop, facilitator, ans, monkeypatch, caplog
):
    fac = await sockets(workshop, user=facilitator)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)

    def broken_payload(postit):  # fails after the post-it row was written, inside the transaction
        raise RuntimeError("boom")

    monkeypatch.setattr(wall, "postit_payload", broken_payload)
    op = str(uuid.uuid4())
    reply = await phone.op("postit.create", {"text": "Zwerfvuil"}, op=op)

    assert reply["type"] == "error" and reply["code"] == "server_error" and reply["op"] == op
    assert reply["ref"] in caplog.text
    assert await fac.nothing(0.3) and await phone.nothing()
    assert await db_counts(workshop.pk) == before
    monkeypatch.undo()
    ok = await phone.op(
        "postit.create", {"text": "Zwerfvuil"}, op=op
    )  # the same key works after a failure
    assert ok == {"type": "ack", "op": op, "seq": before[3] + 1}


async def test_unknown_data_keys_are_ignored_and_html_is_stored_literally(sockets, workshop, ans):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    text = '<script>alert("x")</script> <img src=x onerror=alert(1)> &amp;'

    ack = await phone.op(
        "postit.create",
        {
            "text": text,
            "why": "<b>vet</b>",
            "workshop_id": 999,
            "author_id": 999,
            "evil": {"x": [1]},
        },
    )

    assert ack["type"] == "ack"
    event = await phone.recv()
    postit = await database_sync_to_async(Postit.objects.get)(pk=event["data"]["id"])
    assert postit.text == text and postit.why == "<b>vet</b>"
    assert postit.workshop_id == workshop.pk and postit.author_id == ans.participant.pk
    assert event["data"]["text"] == text


async def test_welcome_is_the_first_frame_with_role_head_and_server_time(
    sockets, workshop, facilitator, ans
):
    fac = await sockets(workshop, user=facilitator, hello=False)
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    head = (await db_counts(workshop.pk))[3]

    fac_welcome, fac_frames = await fac.hello(None)
    phone_welcome, phone_frames = await phone.hello(None)

    assert {k: fac_welcome[k] for k in ("role", "participant_id", "head")} == {
        "role": "facilitator",
        "participant_id": None,
        "head": head,
    }
    assert {k: phone_welcome[k] for k in ("role", "participant_id", "head")} == {
        "role": "participant",
        "participant_id": ans.participant.pk,
        "head": head,
    }
    assert "T" in fac_welcome["now"] and fac_welcome["now"].endswith("+00:00")
    assert [f["type"] for f in fac_frames] == ["snapshot"]
    assert fac_frames[0]["state"]["head"] == head
    assert phone_frames[0]["state"]["participants"][0]["id"] == ans.participant.pk


async def test_facilitator_who_also_holds_a_participant_token_is_facilitator(
    sockets, workshop, facilitator, ans
):
    sock = await sockets(workshop, user=facilitator, tokens={workshop.pk: ans.token}, hello=False)
    welcome, _frames = await sock.hello(None)
    assert welcome["role"] == "facilitator" and welcome["participant_id"] is None


async def test_hello_with_last_seq_replays_exactly_the_missing_events_in_order(
    sockets, workshop, ans
):
    actor = Actor(participant=ans.participant)
    head = (await db_counts(workshop.pk))[3]
    for text in ("Een", "Twee", "Drie"):
        await database_sync_to_async(wall.postit_create)(
            workshop_id=workshop.pk, actor=actor, client_op_id=None, text=text
        )
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)

    welcome, frames = await phone.hello(head)

    assert welcome["head"] == head + 3
    assert [(f["type"], f["seq"], f["data"]["text"]) for f in frames] == [
        ("event", head + 1, "Een"),
        ("event", head + 2, "Twee"),
        ("event", head + 3, "Drie"),
    ]


async def test_events_before_hello_arrive_once_through_the_replay(sockets, workshop, ans):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    head = (await db_counts(workshop.pk))[3]
    await database_sync_to_async(wall.postit_create)(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=None,
        text="Vroeg",
    )
    assert await phone.nothing()

    _welcome, frames = await phone.hello(head)

    assert [f["seq"] for f in frames] == [head + 1]


@pytest.mark.parametrize("last_seq", [None, 10_000, -1])
async def test_hello_without_a_usable_last_seq_gets_a_snapshot(sockets, workshop, ans, last_seq):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    welcome, frames = await phone.hello(last_seq)
    assert [f["type"] for f in frames] == ["snapshot"]
    assert frames[0]["state"]["head"] == welcome["head"]


async def test_hello_older_than_the_log_window_gets_a_snapshot(sockets, workshop, ans, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "RESYNC_MAX_EVENTS": 2}
    actor = Actor(participant=ans.participant)
    for text in ("Een", "Twee", "Drie"):
        await database_sync_to_async(wall.postit_create)(
            workshop_id=workshop.pk, actor=actor, client_op_id=None, text=text
        )
    head = (await db_counts(workshop.pk))[3]
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)

    _welcome, frames = await phone.hello(head - 3)

    assert [f["type"] for f in frames] == ["snapshot"]
    assert [p["text"] for p in frames[0]["state"]["postits"]] == ["Een", "Twee", "Drie"]


async def test_a_socket_gets_two_snapshots_a_minute_then_waits_then_is_closed(
    sockets, workshop, ans
):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    for _ in range(2):
        _welcome, frames = await phone.hello(None)
        assert [f["type"] for f in frames] == ["snapshot"]

    await phone.send({"type": "hello", "last_seq": None})
    refused = await phone.recv()
    assert refused["type"] == "error" and refused["code"] == "slow_down"
    assert 0 < refused["retry_after"] <= 60
    assert await phone.nothing()  # no welcome, no snapshot
    for _ in range(2):  # a resync that needs a snapshot is refused alike
        await phone.send({"type": "resync", "after": None})
        assert (await phone.recv())["code"] == "slow_down"

    # A hello with a last_seq the log holds gets only what is missing, in the same minute.
    head = (await db_counts(workshop.pk))[3]
    await database_sync_to_async(wall.postit_create)(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=None,
        text="Net",
    )
    assert (await phone.recv())["seq"] == head + 1  # live, as to every open socket
    welcome, frames = await phone.hello(head)
    assert welcome["head"] == head + 1
    assert [(f["type"], f["seq"]) for f in frames] == [("event", head + 1)]

    # Insisting: past CATCH_UP_REFUSALS refusals in the minute the socket is closed.
    for _ in range(7):
        await phone.send({"type": "hello", "last_seq": None})
        assert (await phone.recv())["code"] == "slow_down"
    await phone.send({"type": "hello", "last_seq": None})
    assert await phone.expect_close() == 1008


async def test_a_reconnect_goes_on_with_its_sessions_budget(sockets, workshop, ans, bram):
    """Closing and opening sockets in a loop earns no new snapshots: the budget belongs to the
    browser session (wsguard.Budgets); another session has its own."""
    session_key = await session_for(tokens={workshop.pk: ans.token})
    for _ in range(2):  # two sockets of one session, one snapshot each
        phone = Socket(workshop.pk, session_key)
        await phone.open()
        _welcome, frames = await phone.hello(None)
        assert [f["type"] for f in frames] == ["snapshot"]
        await phone.close()

    again = Socket(workshop.pk, session_key)
    await again.open()
    await again.send({"type": "hello", "last_seq": None})
    refused = await again.recv()
    assert (refused["type"], refused["code"]) == ("error", "slow_down")
    assert 0 < refused["retry_after"] <= 60 and await again.nothing()
    await again.close()

    other = await sockets(workshop, tokens={workshop.pk: bram.token}, hello=False)
    _welcome, frames = await other.hello(None)
    assert [f["type"] for f in frames] == ["snapshot"]


async def test_a_facilitators_sockets_each_have_their_own_budget(workshop, facilitator):
    session_key = await session_for(user=facilitator)
    for _ in range(3):  # console, screen and laptop of one account: two snapshots each
        screen = Socket(workshop.pk, session_key)
        await screen.open()
        for _ in range(2):
            _welcome, frames = await screen.hello(None)
            assert [f["type"] for f in frames] == ["snapshot"]
        await screen.close()


def test_the_session_budgets_are_bounded_and_drop_the_idle_first():
    now = [0.0]
    budgets = wsguard.Budgets(clock=lambda: now[0])
    budgets.MAX = 2
    busy = budgets.get("a", 1)
    busy.spend(snapshot=True, size=10)
    assert budgets.get("a", 1) is busy and budgets.get("a", 2) is not busy
    budgets.get("b", 1)  # full: the idle ("a", 2) makes room, the busy one stays
    assert set(budgets.by_session) == {("a", 1), ("b", 1)}
    now[0] = 61.0  # a minute later nothing is in use: both idle ones go
    budgets.get("c", 1)
    assert set(budgets.by_session) == {("c", 1)}
    assert budgets.get(None, 1) is not budgets.get(None, 1)  # no session: nothing shared


async def test_sockets_asking_at_the_same_head_share_one_snapshot(
    sockets, workshop, ans, bram, monkeypatch
):
    built = []
    original = selectors.workshop_snapshot
    monkeypatch.setattr(selectors, "workshop_snapshot", lambda w: built.append(w.pk) or original(w))
    first = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    second = await sockets(workshop, tokens={workshop.pk: bram.token}, hello=False)

    _w1, [one] = await first.hello(None)
    _w2, [two] = await second.hello(None)
    assert one == two and len(built) == 1  # built once for this head
    await database_sync_to_async(wall.postit_create)(
        workshop_id=workshop.pk,
        actor=Actor(participant=ans.participant),
        client_op_id=None,
        text="Nieuw",
    )
    await first.recv()
    _w3, [three] = await first.hello(None)
    assert len(built) == 2 and three["state"]["head"] == one["state"]["head"] + 1
    assert [p["text"] for p in three["state"]["postits"]][-1] == "Nieuw"


async def test_catch_up_bytes_are_bounded_per_minute(sockets, workshop, ans, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "CATCH_UP_BYTES": 1000}
    for text in ("Een", "Twee", "Drie"):
        await database_sync_to_async(wall.postit_create)(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=None,
            text=text * 60,
        )
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    _welcome, frames = await phone.hello(None)  # the first is always sent, whatever its size
    assert [f["type"] for f in frames] == ["snapshot"]

    await phone.send({"type": "resync", "after": 0})
    refused = await phone.recv()
    assert refused["code"] == "slow_down" and 0 < refused["retry_after"] <= 60
    assert await phone.nothing()


def add_raw_events(workshop_id, count):
    workshop = Workshop.objects.get(pk=workshop_id)
    start = workshop.last_seq
    WorkshopEvent.objects.bulk_create(
        WorkshopEvent(
            workshop=workshop,
            seq=start + i,
            kind="timer.changed",
            payload={"n": i},
            actor_key="system",
        )
        for i in range(1, count + 1)
    )
    Workshop.objects.filter(pk=workshop_id).update(last_seq=start + count)
    return start


async def test_resync_pages_through_more_than_500_events(sockets, workshop, ans):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    start = await database_sync_to_async(add_raw_events)(workshop.pk, 1203)

    await phone.send({"type": "resync", "after": start})
    seqs = [(await phone.recv())["seq"] for _ in range(1203)]

    assert seqs == list(range(start + 1, start + 1204))
    assert await phone.nothing()


async def test_resync_after_head_sends_nothing_and_null_sends_a_snapshot(sockets, workshop, ans):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    head = (await db_counts(workshop.pk))[3]
    await phone.send({"type": "resync", "after": head})
    assert await phone.nothing()
    await phone.send({"type": "resync", "after": None})
    assert (await phone.recv())["type"] == "snapshot"


async def test_heartbeat_carries_the_head_from_the_database(sockets, workshop, ans, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "HEARTBEAT_SECONDS": 0.05}
    phone = await sockets(workshop, tokens={workshop.pk: ans.token}, hello=False)
    head = (await db_counts(workshop.pk))[3]
    await phone.send({"type": "hello", "last_seq": head})
    assert (await phone.recv())["type"] == "welcome"

    beat = await phone.recv()
    assert beat["type"] == "hb" and beat["head"] == head and "T" in beat["now"]

    # A change the channel layer never delivered still shows in the next heartbeat.
    await database_sync_to_async(add_raw_events)(workshop.pk, 2)
    for _ in range(20):
        beat = await phone.recv()
        if beat["head"] == head + 2:
            break
    assert beat == {"type": "hb", "head": head + 2, "now": beat["now"]}
    await phone.send({"type": "hb_ack", "last_seq": head})
    assert (await phone.recv())["type"] == "hb"  # hb_ack gets no reply; the next beat comes


async def test_participant_join_is_broadcast_to_open_sockets(sockets, workshop, facilitator):
    fac = await sockets(workshop, user=facilitator)
    joined = await database_sync_to_async(join)(workshop, "Cor")
    event = await fac.recv()
    assert event["kind"] == "participant.joined" and event["data"]["id"] == joined.participant.pk
    assert event["data"]["display_name"] == "Cor"


async def test_two_workshops_never_see_each_others_events(
    sockets, workshop, facilitator, other_facilitator
):
    mine = await sockets(workshop, user=facilitator)
    other_ws = await database_sync_to_async(make_workshop)(other_facilitator, title="Elders")
    theirs = await sockets(other_ws, user=other_facilitator)
    ack = await theirs.op("column.create", {"title": "Geheim"})
    assert ack["type"] == "ack"
    assert (await theirs.recv())["kind"] == "column.created"
    assert await mine.nothing(0.3)


async def test_timer_control_rejects_extend_without_minutes_with_a_clear_message(
    sockets, workshop, facilitator
):
    fac = await sockets(workshop, user=facilitator)
    before = await db_counts(workshop.pk)
    reply = await fac.op("timer.control", {"action": "extend", "minutes": True})
    assert (
        reply["type"] == "rejected" and reply["code"] == "invalid" and reply["field"] == "minutes"
    )
    reply = await fac.op("timer.control", {"action": "pause"})
    assert reply["type"] == "rejected" and reply["code"] == "conflict" and reply["message"]
    assert await db_counts(workshop.pk) == before
