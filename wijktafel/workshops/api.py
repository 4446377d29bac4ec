"""API of the live session engine: workshops, agenda, timer, joining, participants, state.

Each endpoint parses input, authorises (``api_auth``), calls a service or selector and
returns its result: the same rules as the pages, the same writers. Writes take an optional
``Idempotency-Key`` header (a UUID) that is passed to the service as ``client_op_id``: a repeat
writes nothing and returns the first result (marked with ``Idempotent-Replayed: true``).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Status
from pydantic import create_model

from wijktafel.core.errors import Invalid, NotFound
from wijktafel.neighbourhoods.models import Area

from . import codes, seam, selectors, services, throttle
from .api_auth import (
    ACCOUNT_AUTH,
    MEMBER_AUTH,
    account,
    facilitated_workshop,
    is_facilitator,
    member_workshop,
)
from .models import Workshop
from .ops import MAX_ID
from .schemas import (
    AgendaItemOut,
    AgendaPlanOut,
    ErrorOut,
    EventsBaseOut,
    JoinIn,
    JoinOut,
    ParticipantOut,
    SessionStateOut,
    TemplateOut,
    WorkshopCreateIn,
    WorkshopOut,
    WorkshopSummaryOut,
)

router = Router(tags=["workshops"])


def _state_schemas():
    """The snapshot's schema from the registry: the engine's part, every building block's keys and
    one part per method; and the answer of GET …/events, which may hold one."""
    fields: dict = {
        name: (kind, ...) for block in seam.blocks() for name, kind in block.snapshot_schema.items()
    }
    for method in seam.methods():
        fields[method.snapshot_key] = (
            (method.snapshot_schema or dict) | None,
            Field(
                None,
                description=(
                    f"The part of the method `{method.key}`, or null when the session does not run it."
                ),
            ),
        )
    state = create_model("StateOut", __base__=SessionStateOut, **fields)
    events = create_model(
        "EventsOut",
        __base__=EventsBaseOut,
        snapshot=(
            state | None,
            Field(
                None,
                description="The whole state, when `after` is missing, too old or ahead of the head.",
            ),
        ),
    )
    return state, events


StateOut, EventsOut = _state_schemas()

# A UUID (``services.parse_op_id`` also reads it in braces or as a URN; the document says the plain
# form, 36 characters).
Uuid = Annotated[str, Field(json_schema_extra={"format": "uuid", "maxLength": 36})]
IdempotencyKey = Header[
    Uuid | None,
    {
        "alias": "Idempotency-Key",
        "description": "A UUID made by the client; sending the same request again with it changes nothing.",
    },
]

# A sequence number of the event log; one outside it is answered with the snapshot, not refused.
After = Query[
    Annotated[int, Field(json_schema_extra={"minimum": 0, "maximum": MAX_ID})] | None,
    {"description": "A sequence number; none, or one outside the log: the snapshot."},
]

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
PUBLIC_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}
REPLAYED_HEADER = "Idempotent-Replayed"


# --- Helpers shared with activities.api --------------------------------------------------------


def op_id(idempotency_key: str | None) -> uuid.UUID | None:
    """The ``Idempotency-Key`` header as the services' ``client_op_id`` (a refusal names the
    header: ``config.api.on_refused``)."""
    return services.parse_op_id(idempotency_key)


def mark_replay(response: HttpResponse, result: services.OpResult) -> None:
    if not result.created:
        response[REPLAYED_HEADER] = "true"


def _summary(workshop: Workshop) -> dict:
    return {
        "id": workshop.pk,
        "title": workshop.title,
        "status": workshop.status,
        "joining_open": workshop.joining_open,
        "template_key": workshop.template_key,
        "planned_start": workshop.planned_start,
        "area_id": workshop.area_id,
        "head": workshop.last_seq,
    }


def _detail(request, workshop: Workshop, *, with_secrets: bool) -> dict:
    data = _summary(workshop)
    if with_secrets:
        data["join_code"] = codes.display_code(services.join_code(workshop))
        data["join_url"] = request.build_absolute_uri(
            reverse("workshops:join_qr", args=[services.join_token(workshop)])
        )
    return data


# --- Templates and workshops ----------------------------------------------------------------------


@router.get(
    "/templates",
    response={200: list[TemplateOut], 401: ErrorOut},
    auth=ACCOUNT_AUTH,
    summary="Agenda templates to create a workshop from",
)
def list_templates(request):
    account(request)
    return [
        {
            "key": t.key,
            "name": str(t.name),
            "description": str(t.description),
            "total_minutes": t.total_minutes,
            "items": [
                {
                    "title": str(i.title),
                    "duration_minutes": i.minutes,
                    "work_form": i.form,
                    "step": i.step,
                    "activity": i.activity,
                }
                for i in t.items
            ],
        }
        for t in seam.templates()
    ]


@router.get(
    "/workshops",
    response={200: list[WorkshopSummaryOut], 401: ErrorOut},
    auth=ACCOUNT_AUTH,
    summary="The workshops of your organisation, newest first",
)
def list_workshops(request):
    user = account(request)
    return [
        _summary(w) for w in selectors.workshops_for_user(user).order_by("-planned_start", "-pk")
    ]


@router.post(
    "/workshops",
    response={201: WorkshopOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Create a workshop from an agenda template",
)
def create_workshop(request, payload: WorkshopCreateIn):
    user = account(request)
    area = None
    if payload.area_id is not None:
        area = Area.objects.filter(pk=payload.area_id, organisation_id=user.organisation_id).first()
        if area is None:
            raise NotFound(_("This neighbourhood does not exist."), field="area_id")
    planned_start = payload.planned_start
    if timezone.is_naive(planned_start):
        planned_start = timezone.make_aware(planned_start)
    workshop = services.workshop_create(
        user=user,
        title=payload.title,
        template_key=payload.template_key,
        planned_start=planned_start,
        area=area,
    )
    return Status(201, _detail(request, workshop, with_secrets=True))


@router.get(
    "/workshops/{int:workshop_id}",
    response={200: WorkshopOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="One workshop; the join code and link only for its facilitators",
)
def get_workshop(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return _detail(request, workshop, with_secrets=is_facilitator(request, workshop))


@router.post(
    "/workshops/{int:workshop_id}/join-code/rotate",
    response={200: WorkshopOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="Give the workshop a new join code and QR link",
    description="The old code and QR link stop working at once. Not logged as an event, so "
    "there is no seq and no Idempotency-Key: every call makes a new code.",
)
def rotate_join_code(request, workshop_id: int):
    workshop = facilitated_workshop(request, workshop_id)
    workshop = services.workshop_rotate_code(workshop_id=workshop.pk, actor=request.auth.actor)
    return _detail(request, workshop, with_secrets=True)


# --- Agenda -------------------------------------------------------------------------------------


@router.get(
    "/workshops/{int:workshop_id}/agenda-items",
    response={200: list[AgendaItemOut], **ERRORS},
    auth=MEMBER_AUTH,
    summary="The agenda, in order",
)
def list_agenda_items(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.agenda_payload(workshop)


@router.get(
    "/workshops/{int:workshop_id}/agenda-plan",
    response={200: AgendaPlanOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="Planned times, the planned end, gaps and a missing break",
)
def get_agenda_plan(request, workshop_id: int):
    workshop = facilitated_workshop(request, workshop_id)
    plan = selectors.agenda_plan(workshop)

    def entry(planned) -> dict:
        return {
            "item_id": planned.item.pk,
            "title": planned.item.title,
            "starts_at": planned.starts_at,
            "ends_at": planned.ends_at,
            "gap_before_minutes": planned.item.gap_before_minutes,
        }

    return {
        "starts_at": timezone.localtime(workshop.planned_start),
        "ends_at": plan.ends_at,
        "total_minutes": plan.total_minutes,
        "items": [entry(p) for p in plan.items],
        "gaps": [entry(p) for p in plan.gaps],
        "missing_break_at": plan.missing_break_at,
    }


# --- Timer, state and events ----------------------------------------------------------------------


@router.get(
    "/workshops/{int:workshop_id}/state",
    response={200: StateOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="The whole live state (snapshot) at sequence number `head`",
)
def get_state(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.shared_snapshot(workshop)


@router.get(
    "/workshops/{int:workshop_id}/events",
    response={200: EventsOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="Changes after sequence number `after`, or a snapshot",
)
def list_events(request, workshop_id: int, after: After = None):
    workshop = member_workshop(request, workshop_id)
    frames = selectors.events_after(workshop=workshop, after=after) if after is not None else None
    if frames is None:
        snapshot = selectors.shared_snapshot(workshop)
        return {"head": snapshot["head"], "events": None, "snapshot": snapshot}
    return {"head": workshop.last_seq, "events": frames, "snapshot": None}


# --- Joining and participants ---------------------------------------------------------------------


@router.post(
    "/join",
    response={201: JoinOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Join a workshop by code or QR token; no account needed",
    description="Returns the device token for `Authorization: Bearer <token>`. The token "
    "works for this workshop only. Nothing is stored in a cookie session.",
)
def join_workshop(request, payload: JoinIn):
    ip = request.META.get("REMOTE_ADDR", "")
    if payload.code not in (None, ""):
        workshop = throttle.find_workshop_to_join(ip=ip, code=payload.code)
    elif payload.token not in (None, ""):
        workshop = throttle.find_workshop_to_join(ip=ip, token=payload.token)
    else:
        raise Invalid(_("Type the code of the session."), field="code")
    joined = throttle.join(
        ip=ip,
        workshop=workshop,
        display_name=payload.display_name,
        organisation_name=payload.organisation_name,
        role_text=payload.role_text,
        kind=payload.kind,
    )
    return Status(
        201,
        {
            "workshop_id": workshop.pk,
            "participant_id": joined.participant.pk,
            "token": joined.token,
            "seq": joined.event.seq,
        },
    )


@router.get(
    "/workshops/{int:workshop_id}/participants",
    response={200: list[ParticipantOut], **ERRORS},
    auth=MEMBER_AUTH,
    summary="Who is present",
)
def list_participants(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return [selectors.participant_payload(p) for p in selectors.active_participants(workshop)]
