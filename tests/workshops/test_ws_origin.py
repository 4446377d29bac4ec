"""Only a page of this site may open a live socket: the origin must match the request's scheme,
host and port, or be a trusted origin (``config.ws_origin``), and its host must be allowed."""

import pytest
from asgiref.testing import ApplicationCommunicator

from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def first_answer(workshop_id: int, *, origin: str | None, host: str | None, scheme="ws"):
    headers = []
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if host is not None:
        headers.append((b"host", host.encode()))
    comm = ApplicationCommunicator(
        application,
        {
            "type": "websocket",
            "scheme": scheme,
            "path": f"/ws/workshops/{workshop_id}/",
            "query_string": b"",
            "headers": headers,
            "subprotocols": [],
        },
    )
    try:
        await comm.send_input({"type": "websocket.connect"})
        return (await comm.receive_output(2))["type"]
    finally:
        await comm.send_input({"type": "websocket.disconnect", "code": 1000})
        await comm.wait(2)


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        ("http://localhost:9000", "localhost:9000", "ws"),
        ("https://localhost:9000", "localhost:9000", "wss"),
        ("https://localhost", "localhost:443", "wss"),
        ("http://127.0.0.1:8000", None, "ws"),  # the trusted origin (WIJKTAFEL_SITE_URL)
    ],
)
async def test_a_page_of_this_site_may_open_a_socket(workshop, origin, host, scheme):
    assert await first_answer(workshop.pk, origin=origin, host=host, scheme=scheme) == (
        "websocket.accept"
    )


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        ("http://localhost:9001", "localhost:9000", "ws"),  # another port
        ("https://localhost:9000", "localhost:9000", "ws"),  # another scheme
        ("http://localhost:9000", "localhost:9000", "wss"),  # a plain page on a TLS socket
        ("http://127.0.0.1:8001", None, "ws"),  # the trusted origin's host, another port
        ("https://127.0.0.1:8000", None, "ws"),  # and another scheme
        ("http://evil.example:9000", "evil.example:9000", "ws"),  # a host that is not ours
        ("null", "localhost:9000", "ws"),
        ("http://localhost:99999", "localhost:99999", "ws"),
        (None, "localhost:9000", "ws"),
    ],
)
async def test_a_page_of_another_origin_is_refused_at_the_handshake(workshop, origin, host, scheme):
    assert await first_answer(workshop.pk, origin=origin, host=host, scheme=scheme) == (
        "websocket.close"
    )
