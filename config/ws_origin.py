"""Which pages may open a live socket: the same rule Django's CSRF check applies to a form.

A browser sends ``Origin`` with every websocket handshake, and a socket carries the session
cookie, so a page of another site must not open one. The origin must be this site's: the
scheme, host and port of the request itself (``wss`` belongs to ``https``), or one of
``CSRF_TRUSTED_ORIGINS`` (the public address behind a proxy), and the host must be one of
``ALLOWED_HOSTS``. channels' ``AllowedHostsOriginValidator`` compared the host alone, so
``http://wijktafel.example.nl:8443`` passed for ``https://wijktafel.example.nl``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin, with the scheme's default port; None if malformed."""
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number or out of range
        return None
    if scheme not in DEFAULT_PORTS or not host or port is None:
        return None
    return scheme, host, port


def _header(scope: dict, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return ""


def allowed(scope: dict) -> bool:
    origin = _origin(_header(scope, b"origin"))
    if origin is None:
        return False
    if origin in {_origin(url) for url in settings.CSRF_TRUSTED_ORIGINS}:
        return True
    host = _header(scope, b"host")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    return origin == _origin(f"{scheme}://{host}")


class SameOriginValidator:
    """Refuse (403 at the handshake) a socket whose origin is not this site's."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("SameOriginValidator guards websockets only")
        if allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
