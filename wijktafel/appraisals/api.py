"""API of an appraisal (Afwegen in de Wijk): every step can be driven by another system.

Two kinds of routes, with the callers and refusals of ``workshops.api_auth``:

* ``/appraisals…``: the appraisal itself, for facilitators of its organisation (cookie session);
* ``/workshops/{workshop_id}/appraisal…``: what a member of a work session linked to the
  appraisal may read of it. The steps' writes are live ops (``ops.py``): their routes, under the
  same path, are made from their declarations; each change is logged in that session's event log
  and returns its ``seq``, and takes an ``Idempotency-Key`` header, exactly like the post-it wall.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from wijktafel.core.errors import NotFound
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops.api import ERRORS, IdempotencyKey, mark_replay, op_id
from wijktafel.workshops.api_auth import (
    ACCOUNT_AUTH,
    MEMBER_AUTH,
    account,
    member_workshop,
)
from wijktafel.workshops.ops import run_as
from wijktafel.workshops.services import OpResult

from . import rules, selectors, services
from .models import Appraisal
from .ops import change
from .schemas import (
    AppraisalCreateIn,
    AppraisalOut,
    AppraisalUpdateIn,
    ChangeOut,
    SessionLinkIn,
)

router = Router(tags=["appraisals"])

BASE = "/workshops/{int:workshop_id}/appraisal"
CHANGE = {200: ChangeOut, **ERRORS}


def _change(response: HttpResponse, result: OpResult) -> dict:
    mark_replay(response, result)
    return change(result, {})


def _summary(appraisal: Appraisal) -> dict:
    data = selectors.appraisal_summary(appraisal)
    data["warnings"] = [
        {"code": w["code"], "message": selectors.warning_message(w)}
        for w in data["trigger_warnings"]
    ]
    return data


def _fields(payload, *, drop=()) -> dict:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in drop}


def _appraisal_for(user, appraisal_id: int) -> Appraisal:
    appraisal = Appraisal.objects.filter(pk=appraisal_id).first()
    if appraisal is None or not rules.can_facilitate_appraisal(user, appraisal):
        raise NotFound(_("This appraisal does not exist."))
    return appraisal


# --- The appraisal itself -------------------------------------------------------------------------


@router.get(
    "/appraisals",
    response={200: list[AppraisalOut], **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="The appraisals of your organisation, newest first",
)
def list_appraisals(request):
    user = account(request)
    return [_summary(a) for a in selectors.appraisals_for_user(user)]


@router.post(
    "/appraisals",
    response={201: AppraisalOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Start an appraisal (afweging)",
)
def create_appraisal(request, payload: AppraisalCreateIn):
    user = account(request)
    area = None
    if payload.area_id is not None:
        area = Area.objects.filter(pk=payload.area_id, organisation_id=user.organisation_id).first()
        if area is None:
            raise NotFound(_("This neighbourhood does not exist."), field="area_id")
    appraisal = services.appraisal_create(
        user=user,
        title=payload.title,
        trigger=payload.trigger or "",
        starting_point=payload.starting_point,
        area=area,
        horizon_years=payload.horizon_years,
        top_n=payload.top_n,
    )
    return Status(201, _summary(appraisal))


@router.get(
    "/appraisals/{int:appraisal_id}",
    response={200: dict, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="The whole appraisal: every step's output, the rankings and their aggregate",
)
def get_appraisal(request, appraisal_id: int):
    return selectors.appraisal_payload(_appraisal_for(account(request), appraisal_id))


@router.patch(
    "/appraisals/{int:appraisal_id}",
    response={200: AppraisalOut, **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Change title, trigger, starting point, pre-selection size or status",
)
def update_appraisal(
    request, appraisal_id: int, payload: AppraisalUpdateIn, idempotency_key: IdempotencyKey = None
):
    user = account(request)
    appraisal = run_as(
        "appraisal.update",
        services.appraisal_update,
        user=user,
        appraisal_id=appraisal_id,
        fields={k: v for k, v in _fields(payload).items() if v is not None},
        client_op_id=op_id(idempotency_key),
    )
    return _summary(appraisal)


@router.post(
    "/appraisals/{int:appraisal_id}/sessions",
    response=CHANGE,
    auth=ACCOUNT_AUTH,
    summary="Link a workshop as werksessie I or II",
)
def link_session(
    request,
    appraisal_id: int,
    payload: SessionLinkIn,
    response: HttpResponse,
    idempotency_key: IdempotencyKey = None,
):
    user = account(request)
    result = run_as(
        "appraisal.link",
        services.appraisal_link,
        user=user,
        appraisal_id=appraisal_id,
        session=payload.session,
        workshop_id=payload.workshop_id,
        client_op_id=op_id(idempotency_key),
    )
    return _change(response, result)


# --- Reads inside a session -----------------------------------------------------------------------


def _linked(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    appraisal = selectors.appraisal_for_workshop(workshop)
    if appraisal is None:
        raise NotFound(_("This session is not part of an appraisal."))
    return workshop, appraisal


@router.get(
    BASE,
    response={200: dict, **ERRORS},
    auth=MEMBER_AUTH,
    summary="The appraisal this session belongs to, as every member may see it",
)
def get_session_appraisal(request, workshop_id: int):
    _workshop, appraisal = _linked(request, workshop_id)
    return selectors.appraisal_payload(appraisal)


@router.get(
    BASE + "/aggregate",
    response={200: dict, **ERRORS},
    auth=MEMBER_AUTH,
    summary="The advisory aggregate of the group rankings (step 6)",
)
def get_aggregate(request, workshop_id: int):
    _workshop, appraisal = _linked(request, workshop_id)
    return selectors.aggregate_payload(appraisal)
