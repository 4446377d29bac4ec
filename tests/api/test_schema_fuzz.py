"""The API fuzzed from its own OpenAPI document (schemathesis), as a participant and as a
facilitator: whatever a client sends, valid by the document or not, no route answers a server
error; and what is valid by the document, the facilitator's route accepts (issue 12: the document
states every limit the API enforces, so documented-valid data is not refused as ``invalid``).

Every operation of ``/api/v1/openapi.json`` gets generated requests, data that matches the
document and data that does not, sent through Django's WSGI handler (the whole middleware stack)
with the participant's bearer token or the facilitator's session and CSRF token. The workshop in
the path is always the world's own one (elsewhere every route would stop at 404); the other ids
in the path are the world's real objects for half the cases and generated for the rest. Each
request runs in a savepoint that is rolled back, so an example that ends the session or removes
the participant does not decide the next one. ``WIJKTAFEL_API_FUZZ_EXAMPLES`` sets the examples per
operation and mode (default 4 in the suite; 25 passes too).

**Documented-valid data is accepted** (schemathesis' *positive data acceptance*, checked here on
the facilitator's requests, who may use every route). The answer to a request generated valid by
the document is a success, or a refusal that depends on the state of the world rather than on the
request, which a document cannot know:

* 403 ``forbidden`` — a rule about who does what inside the session: only participants place
  stickers or say whom they know, and the like (the facilitator is never refused for a missing
  right: they facilitate this workshop; 401 is never right, their session and CSRF token are
  valid);
* 404 ``not_found`` — a generated id that names nothing of this workshop (a column, a post-it, an
  agreement, another appraisal's solution), or the appraisal ops in this session, which belongs to
  no appraisal; a join code that opens no session;
* 409 ``conflict`` — the state does not allow it now: a timer that does not run, a vote that is
  closed, a name that is taken, groups that already exist;
* 413 ``too_big`` — only when the body really is larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``
  (every field at its longest can add up to more; the document states it in its description);
* 429 ``rate_limited`` — the join throttle counts wrong codes across examples (its cache is not
  rolled back); the write limit is lifted here (``no_write_limit``).

Nothing else: not 401 (the facilitator's session and CSRF token are valid), not 405 (every method
is the document's), and not 400 but for the one case below.

Whole numbers are JSON integers to the API (``2``, never ``2.0``: a socket frame's ``2.0`` is not
``2`` either, ``workshops/ops.py``), while JSON Schema counts ``2.0`` as an integer and
schemathesis writes some that way; no keyword can tell the two apart. The positive cases are sent
with ``2`` where schemathesis wrote ``2.0`` (the document's description says so); ``2.0`` stays
in the negative ones, refused as 400 like any wrong type (``test_strict_types.py``).

Generated texts are mostly short, so a third pass (``LIMITS``, facilitator only, on the bodies
that hold text) sends positive cases again with every free text (no ``enum``, ``format`` or own
``pattern``) of the body, those left out too, at its documented ``maxLength``, or ``UNBOUNDED``
characters where the document states none: a limit the document leaves out, or states larger
than the service keeps, is refused there and fails. One such case tries every text of its body,
so the pass takes a quarter of ``EXAMPLES`` (one in the suite).

A 400 ``invalid`` fails the run, with one exception JSON Schema cannot state, allowed exactly:
text is cleaned before it is counted (``core.text.clean_text``), so a text that shows nothing
(only spaces, control characters, U+3164, U+2800, ...) is empty although ``minLength`` counts it,
and a text whose
Unicode normalisation (NFC) is longer than what was sent can pass the document's ``maxLength`` and
still be too long. A pattern for "shows something" would have to list every invisible character
of Unicode, in a form both ECMA-262 and Python read. Such a refusal is allowed when it names a text
field of the body whose sent value is not empty but cleans to nothing, or is longer than that
field's documented ``maxLength`` once cleaned (a value with NUL is not allowed: the document's
``pattern`` bars it, so such a refusal shows a pattern missing).
"""

from __future__ import annotations

import os
import zlib

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.support.api import resolve
from tests.support.factories import join
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.core.errors import Invalid
from wijktafel.core.text import clean_text
from wijktafel.workshops.models import AgendaItem
from wijktafel.workshops.ops import NO_NUL

EXAMPLES = int(os.environ.get("WIJKTAFEL_API_FUZZ_EXAMPLES", "4"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


# Each case of the limits pass sends every text of its body at its longest: a few are enough.
LIMITS_FUZZ = settings(FUZZ, max_examples=max(1, EXAMPLES // 4))


# The document as the site serves it (no database needed to serve it), and its operations, one
# test each (plain parametrize: every operation has its own test id, also under xdist).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
LIMITS = "limits"  # positive cases with their texts at the documented length (the docstring)
UNBOUNDED = 10_000  # the length of a text whose length the document does not state
DOCUMENT = schema.raw_schema

# Refusals of documented-valid data that depend on the world, not on the request (the docstring).
STATE_REFUSALS = {
    403: {"forbidden"},
    404: {"not_found"},
    409: {"conflict"},
    429: {"rate_limited", "too_many_requests"},
}


@pytest.fixture
def fuzz_world(workshop, fac_actor, facilitator):
    """The workshop with a column, a post-it of Ans and its agenda; the ids a path may name."""
    ans = join(workshop, "Ans")
    created = wall.column_create(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=None, title="Bewoners"
    )
    column = Column.objects.get(pk=created.event.payload["id"])
    wall.postit_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=None,
        text="Zwerfvuil bij de containers",
        column_id=column.pk,
    )
    item = AgendaItem.objects.filter(workshop=workshop).first()
    ids = {
        "workshop_id": workshop.pk,
        "column_id": column.pk,
        "postit_id": Postit.objects.get(workshop=workshop).pk,
        "participant_id": ans.participant.pk,
    }
    if item is not None:
        ids["item_id"] = item.pk
    return {"ans": ans, "facilitator": facilitator, "ids": ids}


@pytest.fixture
def participant_credentials(fuzz_world) -> dict:
    return {"headers": {"Authorization": f"Bearer {fuzz_world['ans'].token}"}}


@pytest.fixture
def facilitator_credentials(fuzz_world) -> dict:
    """The facilitator's session cookie, and a CSRF cookie with its token in the header."""
    client = Client()
    client.force_login(fuzz_world["facilitator"])
    request = RequestFactory().get("/")
    token = get_token(request)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return {
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: session,
            django_settings.CSRF_COOKIE_NAME: request.META["CSRF_COOKIE"],
        },
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture(autouse=True)
def no_write_limit(settings):
    """Thousands of writes in seconds from one actor: no rate limit decides the outcome."""
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_BURST": 10**9}


def _integers(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integers(v) for v in value]
    if isinstance(value, dict):
        return {k: _integers(v) for k, v in value.items()}
    return value


def _whole_numbers_as_integers(case):
    """A whole number written ``2.0`` as ``2`` (the docstring: JSON Schema cannot say it)."""
    if case.body is not None and not isinstance(case.body, str | bytes):
        case.body = _integers(case.body)
    return case


def _aim(case, ids: dict) -> None:
    """The world's workshop always; its other objects for half the cases (by the case's data)."""
    real = zlib.crc32(repr((case.body, case.query)).encode()) % 2 == 0
    for name in case.path_parameters or {}:
        if name == "workshop_id" or (real and name in ids):
            case.path_parameters[name] = ids[name]


def _send(case, credentials: dict):
    with transaction.atomic():
        response = case.call(
            headers={**(case.headers or {}), **credentials["headers"]},
            cookies=credentials.get("cookies"),
        )
        transaction.set_rollback(True)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:2000]}"
    )
    return response


def _resolve(node: dict) -> dict:
    return resolve(DOCUMENT, node)


def _strings_at(value, schema: dict, path: list[str]):
    """(text, its schema) for every string at the dotted ``path`` of a body (lists walked)."""
    schema = _resolve(schema)
    if "type" not in schema:  # a nullable value: its one other type
        for branch in schema.get("anyOf", []):
            if _resolve(branch).get("type") != "null":
                schema = _resolve(branch)
    if isinstance(value, list):
        for item in value:
            yield from _strings_at(item, schema.get("items", {}), path)
    elif path and isinstance(value, dict) and path[0] in value:
        inner = schema.get("properties", {}).get(path[0], {})
        yield from _strings_at(value[path[0]], inner, path[1:])
    elif not path and isinstance(value, str):
        yield value, schema


def _cleaned_to_refusal(case, field: str | None) -> bool:
    """Whether the refusal of ``field`` is one of ``clean_text``'s rules JSON Schema cannot say
    (the docstring): a text sent that shows nothing, or one longer than the document's
    ``maxLength`` after normalisation. Never a value with NUL (the document's pattern bars it)."""
    body = _body_schema(case.operation)
    if not field or not body:
        return False
    for text, limits in _strings_at(case.body, body, field.split(".")):
        if "\x00" in text or "maxLength" not in limits:
            continue
        cleaned = clean_text(text, max_length=10**9, field=field, label=field, required=False)
        if text and not cleaned:
            return True
        try:
            clean_text(text, max_length=limits["maxLength"], field=field, label=field)
        except Invalid:
            return True
    return False


def _accepted(case, response) -> None:
    """Documented-valid data is not refused as invalid (the docstring says what may answer)."""
    status = response.status_code
    if status < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = body.get("code") if isinstance(body, dict) else None
    if code in STATE_REFUSALS.get(status, ()):
        return
    sent = response.request.body or b""
    if status == 413 and len(sent) > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return
    if status == 400 and code == "invalid" and _cleaned_to_refusal(case, body.get("field")):
        return
    raise AssertionError(
        f"Documented-valid data refused: {case.method} {case.formatted_path} answered {status} "
        f"{body}\n{case.as_curl_command()}"
    )


def _free(schema: dict) -> bool:
    """Whether ``schema`` (resolved) is of a text that can be padded: no choice, format or own
    pattern."""
    return schema.get("type") == "string" and (
        not {"enum", "const", "format"} & schema.keys() and schema.get("pattern") in (None, NO_NUL)
    )


def _has_free_text(schema: dict, seen: frozenset = frozenset()) -> bool:
    """Whether a body of ``schema`` can hold a text to stretch (else a stretched case is the same
    case again, and the pass is skipped)."""
    ref = schema.get("$ref")
    if ref in seen:
        return False
    seen = seen | {ref} if ref else seen
    schema = _resolve(schema)
    parts = [
        *schema.get("anyOf", []),
        *schema.get("properties", {}).values(),
        *([schema["items"]] if isinstance(schema.get("items"), dict) else []),
    ]
    return _free(schema) or any(_has_free_text(part, seen) for part in parts)


def _text_schema(schema: dict) -> dict:
    """``schema`` resolved, and of a nullable value its one other type."""
    schema = _resolve(schema)
    if "type" not in schema:
        branches = [_resolve(b) for b in schema.get("anyOf", []) if b.get("type") != "null"]
        schema = branches[0] if len(branches) == 1 else schema
    return schema


def _stretch(value, schema: dict):
    """``value`` (valid by ``schema``) with every free text as long as the document lets it be:
    its ``maxLength``, or ``UNBOUNDED`` characters where the document states none; a free text
    left out is sent too, so one case tries every text of its body."""
    schema = _text_schema(schema) if value is not None else _resolve(schema)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        stretched = {
            k: _stretch(v, properties[k]) if k in properties else v for k, v in value.items()
        }
        for name, inner in properties.items():
            if name not in stretched and _free(_text_schema(inner)):
                stretched[name] = _stretch("", inner)
        return stretched
    if isinstance(value, list):
        return [_stretch(v, schema.get("items", {})) for v in value]
    if isinstance(value, str) and _free(schema):
        return value + "x" * max(0, schema.get("maxLength", UNBOUNDED) - len(value))
    return value


def _body_schema(operation) -> dict:
    """The schema of the operation's JSON body in the document ({} without one)."""
    definition = DOCUMENT["paths"][operation.path][operation.method.lower()]
    content = definition.get("requestBody", {}).get("content", {}).get("application/json")
    return content["schema"] if content else {}


def _at_the_limits(case):
    """The case with its texts at their documented length (``_stretch``)."""
    if isinstance(case.body, dict):
        case.body = _stretch(case.body, _body_schema(case.operation))
    return case


def _fuzz(operation, ids: dict, credentials: dict, *, accepting: bool = False) -> None:
    """Requests that match the document and requests that do not, ``EXAMPLES`` of each; with
    ``accepting``, those that match it must be accepted, also with every text at its longest
    (the docstring)."""
    answered: list[int] = []
    modes = [*MODES, LIMITS] if accepting and _has_free_text(_body_schema(operation)) else MODES
    for mode in modes:
        _run(operation, mode, ids, credentials, accepting, answered)
    # The run really reached the application (a collection quirk once ran nothing, all green).
    assert len(answered) >= len(modes), answered


def _run(operation, mode, ids, credentials, accepting: bool, answered: list[int]) -> None:
    check = accepting and mode != GenerationMode.NEGATIVE
    if mode == GenerationMode.NEGATIVE:
        strategy = operation.as_strategy(generation_mode=mode)
    else:
        strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
        strategy = strategy.map(_whole_numbers_as_integers)
        if mode == LIMITS:
            strategy = strategy.map(_at_the_limits)

    @(LIMITS_FUZZ if mode == LIMITS else FUZZ)
    @given(case=strategy)
    def run(case):
        _aim(case, ids)
        response = _send(case, credentials)
        if check:
            _accepted(case, response)
        answered.append(response.status_code)

    run()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.label)
def test_no_route_answers_a_server_error_to_a_participant(
    operation, fuzz_world, participant_credentials
):
    _fuzz(operation, fuzz_world["ids"], participant_credentials)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.label)
def test_no_route_answers_a_server_error_and_refuses_no_valid_data_to_the_facilitator(
    operation, fuzz_world, facilitator_credentials
):
    _fuzz(operation, fuzz_world["ids"], facilitator_credentials, accepting=True)
