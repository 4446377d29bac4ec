"""A small asyncio TCP proxy between the clients and the workers: cut, pause, delay.

Each accepted connection goes to the next upstream port (round robin), so with several
workers the clients of one run are spread over them. When no upstream answers, the client's
connection is closed at once, as a load balancer does while the servers restart.
"""

from __future__ import annotations

import asyncio
import itertools
import random

CHUNK = 64 * 1024


class Link:
    """One proxied connection: the client side and the upstream side."""

    def __init__(self, client: asyncio.StreamWriter, upstream: asyncio.StreamWriter, port: int):
        self.client, self.upstream, self.port = client, upstream, port

    def cut(self) -> None:
        """Abort both sides without a close handshake (the client sees 1006)."""
        for writer in (self.client, self.upstream):
            writer.transport.abort()


class Proxy:
    """``await Proxy(upstream_ports).start()`` listens on ``self.port`` (127.0.0.1)."""

    def __init__(self, upstream_ports: list[int], *, seed: int | None = None):
        self.upstream_ports = list(upstream_ports)
        self._next = itertools.cycle(range(len(self.upstream_ports)))
        self.links: set[Link] = set()
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.delay = 0.0  # seconds added before every forwarded chunk
        self.random = random.Random(seed)
        self.stats = {"accepted": 0, "refused": 0, "cut": 0}
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> Proxy:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self.cut_all()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    # --- faults ------------------------------------------------------------------------------
    def cut_all(self) -> int:
        links = list(self.links)
        for link in links:
            link.cut()
        self.links.clear()
        self.stats["cut"] += len(links)
        return len(links)

    def cut_one(self) -> bool:
        """Cut one random connection; False when there is none."""
        if not self.links:
            return False
        link = self.random.choice(sorted(self.links, key=id))
        link.cut()
        self.links.discard(link)
        self.stats["cut"] += 1
        return True

    def pause(self) -> None:
        """Stop forwarding in both directions; connections stay open (a hung network)."""
        self.flowing.clear()

    def resume(self) -> None:
        self.flowing.set()

    # --- forwarding ------------------------------------------------------------------------------
    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = next(self._next)
        port = self.upstream_ports[index]
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port), timeout=3
            )
        except (TimeoutError, OSError):
            self.stats["refused"] += 1
            writer.transport.abort()
            return
        self.stats["accepted"] += 1
        link = Link(writer, up_writer, port)
        self.links.add(link)
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self.links.discard(link)
            link.cut()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(CHUNK):
                await self.flowing.wait()
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            # Half-close becomes a full close: the other pipe ends too.
            writer.transport.abort()
