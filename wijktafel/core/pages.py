"""HTTP in the live process: each request is one call of Django's WSGI handler on one of a few
long-lived threads (issue 12, docs/decisions/0018-pages-on-kept-threads.md).

Django's ASGI handler runs the sync parts of each request on a thread made for that request, so
every page opened a new database connection (and SpatiaLite loaded its extension again), and
it crossed between the event loop and that thread twice per middleware. That was 60 % of a
participant page's cost. Here:

- a request body is read on the event loop, then the whole request (middleware, view, template)
  runs as one call on a kept thread; each thread keeps its database connection
  (``CONN_MAX_AGE``; PostgreSQL's pool gets it back at the request's end);
- requests go to the first thread, and to the next only while the first has been busy with one
  request for ``SLOW_SECONDS``: Python runs one thread at a time, and threads that take turns at
  every query (each releases the GIL) served 20 % fewer pages than one thread doing them in a
  row (bench/http.py), yet a slow page must not hold up the quick ones;
- page work never runs on the sockets' database thread (``database_sync_to_async``), so pages
  and sockets do not queue behind each other;
- the response goes out from the loop in batches of at most ``BATCH_BYTES``: a page in one
  write, a large download without holding it all in memory;
- static files keep Django's ASGI chain: ServeStatic's middleware is async only.

Services publish live events from these threads as from any other (``fanout`` hops onto the
loop with ``call_soon_threadsafe``).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

logger = logging.getLogger(__name__)

BATCH_BYTES = 256 * 1024
SLOW_SECONDS = 0.1


class Disconnected(Exception):
    """The client went away before its request was read."""


class Pages:
    """ASGI application for HTTP: static files to ``static`` (an ASGI app), the rest to ``wsgi``
    (Django's WSGI handler) on kept threads."""

    def __init__(self, *, wsgi, static, threads: int):
        self.wsgi = wsgi
        self.static = static
        self.static_prefix = settings.STATIC_URL
        self.executors = [
            ThreadPoolExecutor(1, thread_name_prefix=f"wijktafel-pages-{n}") for n in range(threads)
        ]
        # when the call each thread is running began (None: idle); written by that thread
        self.running_since: list[float | None] = [None] * threads

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"pages serve HTTP, not {scope['type']}")
        if scope["path"].startswith(self.static_prefix):
            await self.static(scope, receive, send)
            return
        try:
            body = await _read_body(receive)
        except Disconnected:
            return
        with body:
            await self._respond(self._pick(), scope, body, send)

    def _pick(self) -> int:
        """The first thread that is idle or on a call younger than SLOW_SECONDS; else the one
        whose call began last (the others are stuck longer)."""
        now = time.monotonic()
        since = self.running_since
        for index, began in enumerate(since):
            if began is None or now - began < SLOW_SECONDS:
                return index
        return max(range(len(since)), key=lambda index: since[index] or now)

    async def _respond(self, index: int, scope, body, send) -> None:
        loop = asyncio.get_running_loop()
        executor = self.executors[index]
        call = _Call(self.wsgi, scope, body, index, self.running_since)
        head, chunks, done = await loop.run_in_executor(executor, call.start)
        await send(head)
        try:
            # A page is one write; a download goes out in batches pulled on its thread.
            while not done:
                for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                chunks, done = await loop.run_in_executor(executor, call.pull)
        finally:
            if not done:
                await loop.run_in_executor(executor, call.close)
        await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": False})


class _Call:
    """One request through the WSGI handler; every method runs on the request's kept thread."""

    def __init__(self, wsgi, scope, body, index: int, running_since: list):
        self.wsgi = wsgi
        self.scope = scope
        self.body = body
        self.index = index
        self.running_since = running_since
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.result = None
        self.iterator = None

    def start(self):
        self.running_since[self.index] = time.monotonic()
        try:
            body_size = self.body.seek(0, 2)
            self.body.seek(0)
            environ = _environ(self.scope, self.body, body_size)
            self.result = self.wsgi(environ, self._start_response)
            self.iterator = iter(self.result)
            chunks, done = self.pull()
        finally:
            self.running_since[self.index] = None
        head = {"type": "http.response.start", "status": self.status, "headers": self.headers}
        return head, chunks, done

    def _start_response(self, status: str, headers, exc_info=None):
        self.status = int(status.split(" ", 1)[0])
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]

    def pull(self):
        """The next chunks of the body, up to BATCH_BYTES, and whether that was all. At the end
        the response is closed here, on its thread: Django sends ``request_finished`` then
        (connections closed or given back)."""
        chunks, size = [], 0
        try:
            for chunk in self.iterator:
                if chunk:
                    chunks.append(chunk)
                    size += len(chunk)
                if size >= BATCH_BYTES:
                    return chunks, False
        except BaseException:
            self.close()
            raise
        self.close()
        return chunks, True

    def close(self):
        close, self.result = getattr(self.result, "close", None), None
        if close is not None:
            close()


async def _read_body(receive):
    """The request body, spooled to disk past FILE_UPLOAD_MAX_MEMORY_SIZE (as Django's ASGI
    handler does)."""
    body = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (the caller closes it)
        max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, mode="w+b"
    )
    try:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise Disconnected
            body.write(message.get("body", b""))
            if not message.get("more_body", False):
                return body
    except BaseException:
        body.close()
        raise


def _environ(scope, body, body_size: int) -> dict:
    script_name = scope.get("root_path", "")
    path = scope["path"]
    if script_name and path.startswith(script_name):
        path = path[len(script_name) :]
    server = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": script_name.encode().decode("latin-1"),
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": (scope.get("client") or ("", 0))[0],
        # Always the size read: a chunked body has no Content-Length, and Django's WSGI request
        # reads exactly CONTENT_LENGTH bytes.
        "CONTENT_LENGTH": str(body_size),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    headers = defaultdict(list)
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper()
        if "_" in name or name == "CONTENT-LENGTH":
            continue  # as Django's runserver and nginx: X_Forwarded_Proto must not pass as X-…
        name = name.replace("-", "_")
        if name != "CONTENT_TYPE":
            name = "HTTP_" + name
        headers[name].append(raw_value.decode("latin-1"))
    for name, values in headers.items():
        environ[name] = ("; " if name == "HTTP_COOKIE" else ",").join(values)
    return environ
