"""The API routes of the live ops, made from their declarations (``ops.Op``, decision 0011).

Every op gets one route, ``<method> /workshops/{workshop_id}<path>``: its path ids and its JSON
body together are the op's ``data``, checked with the op's schema exactly as a socket frame is
(``Op.arguments``), then its service runs with the caller as actor. Facilitator-only ops answer
403 to participants before anything runs; every route takes an optional ``Idempotency-Key``
and has the socket's frame limit (429 past it, ``throttle.api_write``).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

from django.http import HttpResponse
from ninja import Body, Path, Router, Status
from pydantic import ConfigDict, create_model

from . import throttle
from .api import ERRORS, IdempotencyKey, mark_replay, op_id
from .api_auth import MEMBER_AUTH, facilitated_workshop, member_workshop
from .ops import Op
from .schemas import ErrorOut

BASE = "/workshops/{int:workshop_id}"


def body_schema(op: Op):
    """The op's schema without its path ids: what the API expects in the JSON body (or None)."""
    fields = {
        name: (info.annotation, info)
        for name, info in op.schema.model_fields.items()
        if name not in op.path_params
    }
    if not fields:
        return None
    example = {k: v for k, v in op.plain_example.items() if k not in op.path_params}
    name = "".join(part.title() for part in op.kind.replace(".", "_").split("_")) + "Body"
    # The rules of the whole body the op's schema states (``ops.one_of_given``), and the example.
    extra = dict(op.schema.model_config.get("json_schema_extra") or {})
    if example:
        extra["examples"] = [example]
    config = ConfigDict(extra="ignore", populate_by_name=True, json_schema_extra=extra or None)
    return create_model(name, __module__=op.schema.__module__, __config__=config, **fields)


def _view(op: Op):
    """The route function of one op; its signature (for ninja) is set by ``add_op_routes``."""

    def view(
        request,
        workshop_id: int,
        response: HttpResponse,
        idempotency_key=None,
        payload=None,
        **path,
    ):
        if op.facilitators_only:
            workshop = facilitated_workshop(request, workshop_id)
        else:
            workshop = member_workshop(request, workshop_id)
        throttle.api_write(request.auth.actor.key)  # the socket's frame limit
        data = {**(payload.model_dump(exclude_unset=True) if payload is not None else {}), **path}
        values = op.validate(data)  # the same check as a socket frame's
        result = op.run(
            workshop_id=workshop.pk,
            actor=request.auth.actor,
            client_op_id=op_id(idempotency_key),
            **op.arguments_of(values),
        )
        mark_replay(response, result)
        answer = op.answer(result, values)
        return Status(op.status, answer) if op.status != 200 else answer

    view.__name__ = view.__qualname__ = op.kind.replace(".", "_")
    return view


def _signature(op: Op, body) -> inspect.Signature:
    P = inspect.Parameter
    params = [
        P("request", P.POSITIONAL_OR_KEYWORD),
        P("workshop_id", P.KEYWORD_ONLY, annotation=Path[int]),
    ]
    params += [P(name, P.KEYWORD_ONLY, annotation=Path[int]) for name in op.path_params]
    if body is not None:
        params.append(P("payload", P.KEYWORD_ONLY, annotation=Body[body]))
    params += [
        P("response", P.KEYWORD_ONLY, annotation=HttpResponse),
        P("idempotency_key", P.KEYWORD_ONLY, annotation=IdempotencyKey, default=None),
    ]
    return inspect.Signature(params)


def add_op_routes(router: Router, ops: Iterable[Op]) -> Router:
    """One route per op on ``router``."""
    for op in ops:
        body = body_schema(op)
        view = _view(op)
        view.__signature__ = _signature(op, body)  # type: ignore[attr-defined]
        path = BASE + "".join(
            f"/{{int:{seg[1:-1]}}}" if seg.startswith("{") else f"/{seg}"
            for seg in op.path.strip("/").split("/")
        )
        errors = {**ERRORS, 429: ErrorOut}
        response = {op.status: op.response or dict, **errors}
        router.add_api_operation(
            path=path,
            methods=[op.method],
            view_func=view,
            auth=MEMBER_AUTH,
            response=response,
            summary=op.summary,
            description=op.description or None,
            operation_id=op.kind.replace(".", "_"),
        )
    return router
