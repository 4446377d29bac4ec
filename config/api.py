"""The versioned JSON API, mounted at /api/v1/ (NL API Design Rules, docs/design.md §5.5).

The major version is in the path (/core/uri-version); the full version goes out in an
``API-Version`` header on every response (/core/version-header); the OpenAPI 3 document is
published at /api/v1/openapi.json (/core/publish-openapi). Refusals are JSON
``{"code", "message", "field"}`` with the message in the language of the request.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError

from wijktafel.core.errors import Refused, TooManyAttempts
from wijktafel.core.middleware import RETRY_AFTER_SECONDS, database_unavailable_message
from wijktafel.workshops import seam
from wijktafel.workshops.api_ops import add_op_routes
from wijktafel.workshops.ops import MAX_ID

logger = logging.getLogger(__name__)

API_VERSION = "1.0.0"

DESCRIPTION = """\
Wijktafel runs live work sessions: a facilitator runs a workshop, participants join by code.

**Authentication.** Facilitators use the Django session of their login (cookie); unsafe methods
then need the CSRF token in the `X-CSRFToken` header. Participants send
`Authorization: Bearer <token>` with the token from `POST /join` (valid for that one workshop),
or use the cookie session of a browser that joined through the site.

**Refusals** are JSON `{"code", "message", "field"}`; `message` is for people, in the language of
the request (Dutch by default, `Accept-Language: en` for English).

* 400 `invalid` — the input is not valid (wrong type, empty, too long, unknown choice);
* 401 `unauthenticated` — no valid credentials for this request: not logged in, or a token that
  is unknown, removed, or of another workshop;
* 403 `forbidden` — you are a participant of this workshop but only its facilitator may do
  this; the workshop has ended; joining is closed; or the CSRF check failed;
* 404 `not_found` — it does not exist, **or it is not yours**: a workshop of another
  organisation looks exactly like one that does not exist;
* 409 `conflict` — the state does not allow it now (e.g. someone else changed the post-it);
* 413 `too_big` — the body is larger than MAX_BODY_KIB KiB;
* 429 `too_many_requests`, `rate_limited` — too many requests or wrong codes; wait `Retry-After`.

**Limits.** The schemas state every limit the API keeps: `maxLength` and `minLength` of texts,
`minimum` and `maximum` of numbers, `enum` of choices, the size of lists, dates (2000 to 2099) as
`pattern`, and rules between fields (`anyOf`, `if`/`then`). What JSON Schema cannot say: a text
is counted after it is cleaned (Unicode NFC, no control characters; one line: spaces collapsed),
so a text of only spaces or invisible characters counts as empty; whole numbers are JSON integers
(`2`, not `2.0`); and an id must name something of this workshop that you may see (404).

**Writes** take an optional `Idempotency-Key` header (a UUID). Sending the same request again with
the same key changes nothing and returns the first result, with `Idempotent-Replayed: true`.
Every change returns `seq`, its number in the workshop's event log; `GET …/events?after=N`
returns what happened after N. Realtime updates go over the websocket, see docs/realtime.md.
""".replace("MAX_BODY_KIB", str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024))

STATUS_CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_big",
    429: "too_many_requests",
}


def _status_message(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        401: _("Log in, or send the token you got when you joined."),
        403: _("You may not do this."),
        404: _("This does not exist."),
        405: _("This method is not allowed here."),
        409: _("This cannot be done now."),
        413: _("The request is too big."),
        429: _("Too many requests. Wait a moment and try again."),
    }
    return str(messages.get(status, _("Something went wrong on our side. Please try again.")))


def _state_parameters(schema: dict) -> None:
    """Every id in a path (``{int:…_id}``) is a row's: 1 to MAX_ID (a larger number or 0 names
    nothing, 404, and the URL takes no sign). A header is sent or not, never null: its schema is
    the one of its value."""
    for methods in schema["paths"].values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                value = parameter["schema"]
                if (
                    parameter["in"] == "path"
                    and parameter["name"].endswith("_id")
                    and value.get("type") == "integer"
                ):
                    value.update(minimum=1, maximum=MAX_ID)
                if parameter["in"] == "header" and "anyOf" in value:
                    kinds = [v for v in value.pop("anyOf") if v.get("type") != "null"]
                    assert len(kinds) == 1, parameter
                    value.update(kinds[0])


class WijktafelAPI(NinjaAPI):
    """NinjaAPI that marks every response of its URLs with the API version."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Build the schema once per prefix and language: building costs about half a second of
        CPU, and the document is public, so rebuilding it per request invites denial of service."""
        key = (path_prefix, tuple(sorted((path_params or {}).items())), get_language())
        cache = self.__dict__.setdefault("_schema_cache", {})
        if key not in cache:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            _state_parameters(schema)
            cache[key] = schema
        return cache[key]

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self._finish_responses(pattern.callback)
        return patterns, app_name, namespace

    def _finish_responses(self, view):
        """Add the version header (and no-store) to every response; make a bare 405 JSON too."""

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allow = response.get("Allow", "")
                response = self.error(request, 405)
                response["Allow"] = allow
            response["API-Version"] = API_VERSION
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "no-store"
            return response

        return wrapper

    def error(
        self,
        request,
        status: int,
        *,
        code: str | None = None,
        message=None,
        field: str | None = None,
        **extra,
    ):
        body = {
            "code": code or STATUS_CODES.get(status, "error"),
            "message": str(message) if message is not None else _status_message(status),
            "field": field,
            **extra,
        }
        return self.create_response(request, body, status=status)


api = WijktafelAPI(
    title="Wijktafel API",
    version=API_VERSION,
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
for _part in seam.parts():
    # Every block's and method's routes; the routes of its live ops join its first router, so a
    # path with a read and an op (GET and POST …/postits) is one path.
    _routers = list(_part.api_routers()) if _part.api_routers else []
    if _part.ops:
        if not _routers:
            _routers.append(Router(tags=[_part.tag]))
        add_op_routes(_routers[0], _part.ops)
    for _router in _routers:
        api.add_router("", _router)


@api.exception_handler(Refused)
def on_refused(request, exc: Refused):
    # The services' operation key is the API's Idempotency-Key header.
    field = "Idempotency-Key" if exc.field == "client_op_id" else exc.field
    response = api.error(request, exc.http_status, code=exc.code, message=exc.message, field=field)
    if isinstance(exc, TooManyAttempts):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    fields = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        # ("body", "payload", "text") -> "text"; ("header", "Idempotency-Key") -> "Idempotency-Key"
        name = ".".join(p for p in loc[1:] if p != "payload") or (loc[0] if loc else "")
        fields.append({"field": name, "type": error.get("type", "")})
    field = fields[0]["field"] if fields else None
    if field:
        message = _("Check “%(field)s”: it is missing or has the wrong type.") % {"field": field}
    else:
        message = _("The request is not valid.")
    return api.error(
        request, 400, code="invalid", message=message, field=field or None, errors=fields
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc: AuthenticationError):
    response = api.error(request, 401)
    response["WWW-Authenticate"] = 'Bearer realm="wijktafel"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    # e.g. a body that is not JSON (400) or a throttled request (429)
    message = _("The request body is not valid JSON.") if exc.status_code == 400 else None
    return api.error(request, exc.status_code, message=message)


@api.exception_handler(Http404)
def on_http404(request, exc: Http404):
    return api.error(request, 404)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request, exc: ObjectDoesNotExist):
    return api.error(request, 404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return api.error(request, 403)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc: RequestDataTooBig):
    return api.error(request, 413)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request, exc: SuspiciousOperation):
    return api.error(request, 400)


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc: MultiPartParserError):
    # A form body Django cannot read (multipart without its boundary): the client's mistake,
    # as Django's own handler answers it outside the API.
    return api.error(request, 400)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request, exc: Exception):
    """The database is away for a moment: 503 with Retry-After; clients send the same
    Idempotency-Key again (see DatabaseUnavailableMiddleware for pages)."""
    logger.error("database unavailable for %s", request.path, exc_info=exc)
    response = api.error(request, 503, code="unavailable", message=database_unavailable_message())
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    logger.exception("Unexpected error in the API", exc_info=exc)
    return api.error(request, 500, code="server_error")
