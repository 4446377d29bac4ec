"""Malformed socket frames get a clear error or rejection, change nothing and never close with 1011."""

import json
import logging

import pytest
from channels.db import database_sync_to_async

from tests.support.ws import db_counts
from wijktafel.activities.models import Postit
from wijktafel.core.text import clean_text
from wijktafel.workshops.consumers import decode_frame

pytestmark = pytest.mark.django_db(transaction=True)

OP = "0b6a2f3e-8a57-4c4e-9d53-3f1f0d1b2c4a"


def op(kind, data, **extra):
    return json.dumps({"type": "op", "op": OP, "kind": kind, "data": data, **extra})


# (frame, expected reply type, expected code, expected field or None)
BAD_FRAMES = {
    "not json": ("hello there", "error", "bad_message", None),
    "truncated json": ('{"type": "hello"', "error", "bad_message", None),
    "json array": ('[{"type": "hello"}]', "error", "bad_message", None),
    "json string": ('"hello"', "error", "bad_message", None),
    "json null": ("null", "error", "bad_message", None),
    "NaN": ('{"type": "hello", "last_seq": NaN}', "error", "bad_message", None),
    "Infinity": ('{"type": "hello", "last_seq": -Infinity}', "error", "bad_message", None),
    "1e400": ('{"type": "hello", "last_seq": 1e400}', "error", "bad_message", None),
    "5000-digit int": (
        '{"type": "hello", "last_seq": ' + "9" * 5000 + "}",
        "error",
        "bad_message",
        None,
    ),
    "duplicate keys": ('{"type": "resync", "type": "hello"}', "error", "bad_message", None),
    "duplicate data keys": (
        op("postit.create", {}).replace('"data": {}', '"data": {"text": "a", "text": "b"}'),
        "error",
        "bad_message",
        None,
    ),
    "lone surrogate escape": (
        op("postit.create", {}).replace('"data": {}', '"data": {"text": "\\ud800"}'),
        "error",
        "bad_message",
        None,
    ),
    "lone surrogate in a key": ('{"type": "hello", "\\udfff": 1}', "error", "bad_message", None),
    "lone surrogate character": (
        op(
            "postit.create",
            {"text": "a\ud800b"},
        ).replace("\\ud800", "\ud800"),
        "error",
        "bad_message",
        None,
    ),
    "30000-deep nesting": (
        '{"type": "hello", "x": ' + "[" * 30000 + "]" * 30000 + "}",
        "error",
        "bad_message",
        None,
    ),
    "40-deep nesting": (
        '{"type": "hello", "x": ' + "[" * 40 + "]" * 40 + "}",
        "error",
        "bad_message",
        None,
    ),
    "empty object": ("{}", "error", "bad_message", None),
    "type not a string": ('{"type": ["hello"]}', "error", "bad_message", None),
    "unknown type": ('{"type": "shout"}', "error", "unknown_type", None),
    "last_seq a string": ('{"type": "hello", "last_seq": "7"}', "error", "bad_message", None),
    "last_seq a boolean": ('{"type": "resync", "after": true}', "error", "bad_message", None),
    "op without op id": (
        '{"type": "op", "kind": "postit.create", "data": {"text": "x"}}',
        "error",
        "bad_message",
        None,
    ),
    "op id not a uuid": (
        op("postit.create", {"text": "x"}).replace(OP, "not-a-uuid"),
        "error",
        "bad_message",
        None,
    ),
    "op id a number": (
        op("postit.create", {"text": "x"}).replace(f'"{OP}"', "42"),
        "error",
        "bad_message",
        None,
    ),
    "unknown op kind": (op("postit.explode", {}), "rejected", "invalid", "kind"),
    "op kind a list": (
        op("postit.create", {}).replace('"kind": "postit.create"', '"kind": []'),
        "rejected",
        "invalid",
        "kind",
    ),
    "data a list": (op("postit.create", ["x"]), "rejected", "invalid", "data"),
    "data a string": (op("postit.create", "x"), "rejected", "invalid", "data"),
    "text a number": (op("postit.create", {"text": 123}), "rejected", "invalid", "text"),
    "text an object": (op("postit.create", {"text": {"$gt": ""}}), "rejected", "invalid", "text"),
    "text missing": (op("postit.create", {"why": "x"}), "rejected", "invalid", "text"),
    "why a list": (op("postit.create", {"text": "x", "why": ["y"]}), "rejected", "invalid", "why"),
    "column id a string": (
        op("postit.create", {"text": "x", "column_id": "1"}),
        "rejected",
        "invalid",
        "column_id",
    ),
    "column id a boolean": (
        op("postit.create", {"text": "x", "column_id": True}),
        "rejected",
        "invalid",
        "column_id",
    ),
    "id a boolean": (op("postit.delete", {"id": True}), "rejected", "invalid", "id"),
    "id a float": (op("postit.delete", {"id": 1.0}), "rejected", "invalid", "id"),
    "id zero": (op("postit.delete", {"id": 0}), "rejected", "invalid", "id"),
    "id beyond 64 bits": (op("postit.delete", {"id": 2**70}), "rejected", "invalid", "id"),
    "version a boolean": (
        op("postit.update", {"id": 1, "text": "x", "version": False}),
        "rejected",
        "invalid",
        "version",
    ),
    "unknown post-it": (op("postit.delete", {"id": 2**62}), "rejected", "not_found", None),
    "5000-character post-it": (
        op("postit.create", {"text": "x" * 5000}),
        "rejected",
        "invalid",
        "text",
    ),
    "empty post-it": (op("postit.create", {"text": ""}), "rejected", "invalid", "text"),
    "blank post-it": (op("postit.create", {"text": " \n\t "}), "rejected", "invalid", "text"),
    "NUL in text": (op("postit.create", {"text": "a\u0000b"}), "rejected", "invalid", "text"),
    "too long why": (
        op("postit.create", {"text": "x", "why": "y" * 501}),
        "rejected",
        "invalid",
        "why",
    ),
}


async def test_bad_frames_get_a_clear_reply_change_nothing_and_keep_the_socket(
    sockets, workshop, ans, caplog
):
    """One socket takes every bad frame in turn (one transactional database set-up for all)."""
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)
    caplog.set_level(logging.ERROR)

    for name, (frame, reply_type, code, field) in BAD_FRAMES.items():
        await phone.send(frame)
        reply = await phone.recv()

        assert (reply["type"], reply["code"], reply.get("field")) == (reply_type, code, field), name
        assert isinstance(reply["message"], str) and reply["message"], name
        assert reply.get("op") == (OP if reply_type == "rejected" else None), name
        assert await phone.nothing(0.05), name
        assert await db_counts(workshop.pk) == before, name
        assert "websocket message failed" not in caplog.text, name

    welcome, _frames = await phone.hello(None)  # the socket still works
    assert welcome["role"] == "participant"


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "hello", "padding": "' + "x" * 70 * 1024 + '"}',
        "[" * 100_000 + "]" * 100_000,
        '{"type": "op", "data": {"text": "'
        + "é" * 33_000
        + '"}}',  # under 64 Ki characters, over 64 KiB
    ],
)
async def test_oversized_frame_gets_too_big_and_closes_with_1009(sockets, workshop, ans, frame):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    before = await db_counts(workshop.pk)

    await phone.send(frame)

    reply = await phone.recv()
    assert (reply["type"], reply["code"]) == ("error", "too_big")
    assert await phone.expect_close() == 1009
    assert await db_counts(workshop.pk) == before


async def test_binary_frame_is_refused_and_the_socket_stays_open(sockets, workshop, ans):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    await phone.comm.send_input({"type": "websocket.receive", "bytes": b'{"type": "hello"}'})
    reply = await phone.recv()
    assert (reply["type"], reply["code"]) == ("error", "bad_message")
    welcome, _frames = await phone.hello(None)
    assert welcome["type"] == "welcome"


async def test_html_and_script_are_stored_literally_after_normalisation(sockets, workshop, ans):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    text = "  <script>alert('x')</script>  <img src=x onerror=alert(1)>\t Cafe\u0301 "
    expected = "<script>alert('x')</script> <img src=x onerror=alert(1)> Caf\u00e9"
    assert clean_text(text, max_length=280, field="text", label="text") == expected

    ack = await phone.op("postit.create", {"text": text, "column_title": "<b>Gemeente</b>"})

    assert ack["type"] == "ack"
    event = await phone.recv()
    stored = await database_sync_to_async(Postit.objects.select_related("column").get)(
        pk=event["data"]["id"]
    )
    assert stored.text == expected == event["data"]["text"]
    assert stored.column.title == "<b>Gemeente</b>" == event["data"]["column"]["title"]


def test_decoder_accepts_valid_frames_and_real_surrogate_pairs():
    assert decode_frame('{"type": "op", "data": {"text": "\\ud83d\\ude00", "n": 1.5}}') == {
        "type": "op",
        "data": {"text": "\U0001f600", "n": 1.5},
    }
