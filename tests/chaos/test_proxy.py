"""The chaos proxy does what the runs rely on: forward, spread, cut, pause, delay, refuse."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from tests.support.chaos.proxy import Proxy
from tests.support.chaos.server import free_port

pytestmark = pytest.mark.chaos


async def _echo_server(tag: bytes) -> asyncio.Server:
    async def echo(reader, writer):
        while data := await reader.read(1024):
            writer.write(tag + data)
            await writer.drain()
        writer.close()

    return await asyncio.start_server(echo, "127.0.0.1", 0)


def _port(server: asyncio.Server) -> int:
    return server.sockets[0].getsockname()[1]


async def _roundtrip(reader, writer, data: bytes, timeout: float = 3) -> bytes:
    writer.write(data)
    await writer.drain()
    return await asyncio.wait_for(reader.read(1024), timeout)


async def test_forwards_round_robin_and_cuts():
    a, b = await _echo_server(b"A:"), await _echo_server(b"B:")
    proxy = await Proxy([_port(a), _port(b)]).start()
    try:
        first = await asyncio.open_connection("127.0.0.1", proxy.port)
        second = await asyncio.open_connection("127.0.0.1", proxy.port)
        assert await _roundtrip(*first, b"hallo") == b"A:hallo"
        assert await _roundtrip(*second, b"hallo") == b"B:hallo"
        assert len(proxy.links) == 2

        assert proxy.cut_one()
        assert proxy.cut_all() == 1
        for reader, _writer in (first, second):
            try:
                assert await asyncio.wait_for(reader.read(1024), 3) == b""
            except ConnectionResetError:
                pass  # an abort may arrive as a reset instead of an end of stream
        assert proxy.stats["cut"] == 2 and not proxy.links
    finally:
        await proxy.close()
        a.close()
        b.close()


async def test_pause_holds_data_until_resume_and_delay_still_delivers():
    server = await _echo_server(b"")
    proxy = await Proxy([_port(server)]).start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        assert await _roundtrip(reader, writer, b"een") == b"een"
        proxy.pause()
        writer.write(b"twee")
        await writer.drain()
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(reader.read(1024), 0.5)
        proxy.resume()
        assert await asyncio.wait_for(reader.read(1024), 3) == b"twee"
        proxy.delay = 0.05
        assert await _roundtrip(reader, writer, b"drie") == b"drie"
    finally:
        await proxy.close()
        server.close()


async def test_refuses_at_once_when_no_worker_answers():
    proxy = await Proxy([free_port()]).start()  # nothing listens there
    try:
        reader, _writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        with contextlib.suppress(ConnectionResetError):
            assert await asyncio.wait_for(reader.read(1024), 5) == b""
        assert proxy.stats["refused"] == 1 and proxy.stats["accepted"] == 0
    finally:
        await proxy.close()
