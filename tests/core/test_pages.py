"""HTTP on kept threads (wijktafel/core/pages.py): the adapter between uvicorn and Django's WSGI
handler that serves every page and API call of the live process (issue 12)."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from django.conf import settings
from django.db import connections

from config.asgi import application
from tests.support.factories import join
from tests.support.ws import make_session
from wijktafel.activities.models import Postit
from wijktafel.core.pages import BATCH_BYTES, SLOW_SECONDS, Pages


def scope(path: str, *, method: str = "GET", headers: list | None = None) -> dict:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("203.0.113.7", 5000),
        "server": ("testserver", 80),
    }


async def call(app, request: dict, body_parts=(b"",), *, disconnect: bool = False):
    """One request; returns (status, headers, body, number of body messages)."""
    incoming = [
        {"type": "http.request", "body": part, "more_body": n < len(body_parts) - 1}
        for n, part in enumerate(body_parts)
    ]
    if disconnect:
        incoming = [{"type": "http.disconnect"}]
    sent = []

    async def receive():
        if incoming:
            return incoming.pop(0)
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        sent.append(message)

    await app(request, receive, send)
    if not sent:
        return None, None, None, 0
    bodies = [m for m in sent[1:] if m["type"] == "http.response.body"]
    assert not bodies[-1].get("more_body", False)
    return (
        sent[0]["status"],
        dict(sent[0]["headers"]),
        b"".join(m["body"] for m in bodies),
        len(bodies),
    )


class Recorder:
    """A WSGI application that notes what it was given, and where it ran."""

    def __init__(self, *, body: list[bytes] | None = None, sleep: float = 0.0):
        self.calls: list[dict] = []
        self.closed: list[str] = []
        self.body = body or [b"ok"]
        self.sleep = sleep

    def __call__(self, environ, start_response):
        size = int(environ["CONTENT_LENGTH"])
        self.calls.append(
            {
                "thread": threading.current_thread().name,
                "environ": dict(environ),
                "input": environ["wsgi.input"].read(size),
            }
        )
        time.sleep(float(environ.get("HTTP_X_SLEEP", self.sleep)))
        start_response("201 Created", [("Content-Type", "text/plain"), ("X-Seen", "yes")])
        return Response(self.body, self.closed)


class Response(list):
    def __init__(self, chunks, closed):
        super().__init__(chunks)
        self.closed_on = closed

    def close(self):
        self.closed_on.append(threading.current_thread().name)


async def static_app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"static:" + scope["path"].encode()})


def pages(app, threads: int = 3) -> Pages:
    return Pages(wsgi=app, static=static_app, threads=threads)


def test_a_request_is_one_call_on_a_kept_thread_with_its_whole_body():
    app = Recorder()
    server = pages(app)
    request = scope(
        "/api/v1/x",
        method="POST",
        headers=[
            (b"content-type", b"application/json"),
            (b"cookie", b"a=1"),
            (b"cookie", b"b=2"),
            (b"x_forwarded_proto", b"https"),  # underscores: could pass as X-Forwarded-Proto
        ],
    )

    async def run():
        # a chunked body: no Content-Length, three parts
        first = await call(server, request, (b'{"te', b'xt": ', b'"hoi"}'))
        rest = [await call(server, scope("/p")) for _ in range(5)]
        return first, rest

    (status, headers, body, _), rest = asyncio.run(run())
    assert (status, headers[b"x-seen"], body) == (201, b"yes", b"ok")
    seen = app.calls[0]
    assert seen["input"] == b'{"text": "hoi"}'
    assert seen["environ"]["CONTENT_LENGTH"] == "15"
    assert seen["environ"]["CONTENT_TYPE"] == "application/json"
    assert seen["environ"]["HTTP_COOKIE"] == "a=1; b=2"
    assert seen["environ"]["REMOTE_ADDR"] == "203.0.113.7"
    assert "HTTP_X_FORWARDED_PROTO" not in seen["environ"]
    # one after another, every request went to the first kept thread, closed there
    assert {c["thread"] for c in app.calls} == {"wijktafel-pages-0_0"}
    assert app.closed == ["wijktafel-pages-0_0"] * 6
    assert all(r[0] == 201 for r in rest)


def test_a_slow_page_does_not_hold_up_the_quick_ones():
    app = Recorder()
    server = pages(app)
    slow_seconds = SLOW_SECONDS * 8
    done: list[str] = []

    async def run():
        async def one(name, sleep):
            await call(server, scope(f"/{name}", headers=[(b"x-sleep", str(sleep).encode())]))
            done.append(name)

        slow = asyncio.ensure_future(one("slow", slow_seconds))
        await asyncio.sleep(SLOW_SECONDS * 2)  # the slow one has been running a while now
        await asyncio.gather(*(one(f"quick{n}", 0) for n in range(3)))
        await slow

    asyncio.run(run())
    assert done[-1] == "slow"
    threads = {c["environ"]["PATH_INFO"]: c["thread"] for c in app.calls}
    assert threads["/slow"] == "wijktafel-pages-0_0"
    assert {threads[f"/quick{n}"] for n in range(3)} == {"wijktafel-pages-1_0"}


def test_a_large_response_goes_out_whole_in_batches():
    chunks = [bytes([65 + n % 26]) * 4096 for n in range(256)]  # 1 MiB
    app = Recorder(body=chunks)
    status, _headers, body, messages = asyncio.run(call(pages(app), scope("/report.pdf")))
    assert status == 201
    assert body == b"".join(chunks)
    assert messages >= len(chunks) * 4096 // BATCH_BYTES
    assert app.closed == ["wijktafel-pages-0_0"]


def test_static_files_and_gone_clients():
    app = Recorder()
    server = pages(app)
    static = asyncio.run(call(server, scope(settings.STATIC_URL + "css/site.css")))
    assert static[0] == 200 and static[2] == b"static:/static/css/site.css"
    assert asyncio.run(call(server, scope("/p"), disconnect=True))[0] is None
    assert app.calls == []


@pytest.fixture
def real_app():
    """The live process's application; its kept threads hand back their connections after."""
    yield application
    pages_app = application.application_mapping["http"]
    for executor in pages_app.executors:
        executor.submit(connections.close_all).result()


@pytest.mark.django_db(transaction=True)
def test_the_real_stack_serves_a_participant_page_and_an_api_write(workshop, real_app):
    """Django's own handler on the kept threads: the session cookie, the template, the API's
    token and a JSON body that came in parts."""
    ans = join(workshop, "Ans de Vries")
    session = make_session(tokens={workshop.pk: ans.token})
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}".encode()

    async def run():
        page = await call(
            real_app, scope(f"/sessies/{workshop.pk}/meedoen/", headers=[(b"cookie", cookie)])
        )
        write = await call(
            real_app,
            scope(
                f"/api/v1/workshops/{workshop.pk}/postits",
                method="POST",
                headers=[
                    (b"authorization", f"Bearer {ans.token}".encode()),
                    (b"content-type", b"application/json"),
                ],
            ),
            (b'{"text": "Losse ', b'stoeptegels"}'),
        )
        return page, write

    page, write = asyncio.run(run())
    assert page[0] == 200
    assert b"Ans de Vries" in page[2]
    assert write[0] == 201, write[2]
    assert json.loads(write[2])["seq"] > 0
    assert list(Postit.objects.values_list("text", flat=True)) == ["Losse stoeptegels"]
