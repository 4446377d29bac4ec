"""API of an appraisal (Afwegen in de Wijk): every step can be driven by another system.

Two kinds of routes, with the callers and refusals of ``workshops.api_auth``:

* ``/appraisals…``: the appraisal itself, for facilitators of its organisation (cookie session);
* ``/workshops/{workshop_id}/appraisal…``: the steps, inside a work session linked to the
  appraisal, for its facilitators and (where the method lets them) its participants (bearer
  token). Each change is logged in that session's event log and returns its ``seq``; writes take
  an ``Idempotency-Key`` header, exactly like the post-it wall.
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
    facilitated_workshop,
    member_workshop,
)
from wijktafel.workshops.services import OpResult

from . import rules, selectors, services
from .models import Appraisal
from .schemas import (
    ActionIn,
    ActionUpdateIn,
    AppraisalCreateIn,
    AppraisalOut,
    AppraisalUpdateIn,
    BaselineIn,
    CardIn,
    ChangeOut,
    ChoiceIn,
    ConfirmIn,
    CoreEffectsIn,
    CoreProblemIn,
    CoreProblemUpdateIn,
    CriterionIn,
    EffectCardIn,
    GroupIn,
    GroupsFormIn,
    GroupStepIn,
    GroupUpdateIn,
    HorizonIn,
    InsightIn,
    MergeIn,
    PitchIn,
    ProblemMarkIn,
    RankingIn,
    SelectionIn,
    SessionLinkIn,
    SolutionIn,
    SolutionUpdateIn,
)

router = Router(tags=["appraisals"])

BASE = "/workshops/{int:workshop_id}/appraisal"
CHANGE = {200: ChangeOut, **ERRORS}
CREATED = {201: ChangeOut, **ERRORS}


def _change(response: HttpResponse, result: OpResult) -> dict:
    mark_replay(response, result)
    data = result.event.payload
    warnings = [{"code": w["code"],
                 "message": selectors.warning_message(w)} for w in data.get("warnings", [])]
    return {"seq": result.seq, "kind": result.event.kind, "data": data, "warnings": warnings}


def _summary(appraisal: Appraisal) -> dict:
    data = selectors.appraisal_summary(appraisal)
    data["warnings"] = [{"code": w["code"], "message": selectors.warning_message(w)}
                        for w in data["trigger_warnings"]]
    return data


def _fields(payload, *, drop=()) -> dict:
    return {k: v for k, v in payload.dict(exclude_unset=True).items() if k not in drop}


def _appraisal_for(user, appraisal_id: int) -> Appraisal:
    appraisal = Appraisal.objects.filter(pk=appraisal_id).first()
    if appraisal is None or not rules.can_facilitate_appraisal(user, appraisal):
        raise NotFound(_("This appraisal does not exist."))
    return appraisal


# --- The appraisal itself -------------------------------------------------------------------------

@router.get("/appraisals", response={200: list[AppraisalOut], **ERRORS}, auth=ACCOUNT_AUTH,
            summary="The appraisals of your organisation, newest first")
def list_appraisals(request):
    user = account(request)
    return [_summary(a) for a in selectors.appraisals_for_user(user)]


@router.post("/appraisals", response={201: AppraisalOut, **ERRORS}, auth=ACCOUNT_AUTH,
             summary="Start an appraisal (afweging)")
def create_appraisal(request, payload: AppraisalCreateIn):
    user = account(request)
    area = None
    if payload.area_id is not None:
        area = Area.objects.filter(pk=payload.area_id, organisation_id=user.organisation_id).first()
        if area is None:
            raise NotFound(_("This neighbourhood does not exist."), field="area_id")
    appraisal = services.appraisal_create(
        user=user, title=payload.title, trigger=payload.trigger or "",
                                          starting_point=payload.starting_point,
        area=area, horizon_years=payload.horizon_years, top_n=payload.top_n)
    return Status(201, _summary(appraisal))


@router.get("/appraisals/{int:appraisal_id}", response={200: dict, **ERRORS}, auth=ACCOUNT_AUTH,
            summary="The whole appraisal: every step's output, the rankings and their aggregate")
def get_appraisal(request, appraisal_id: int):
    return selectors.appraisal_payload(_appraisal_for(account(request), appraisal_id))


@router.patch("/appraisals/{int:appraisal_id}", response={200: AppraisalOut, **ERRORS},
              auth=ACCOUNT_AUTH,
              summary="Change title, trigger, starting point, pre-selection size or status")
def update_appraisal(request, appraisal_id: int, payload: AppraisalUpdateIn,
                     idempotency_key: IdempotencyKey = None):
    user = account(request)
    appraisal = services.appraisal_update(user=user, appraisal_id=appraisal_id,
                                          fields={k: v for k,
                                                  v in _fields(payload).items() if v is not None},
                                          client_op_id=op_id(idempotency_key))
    return _summary(appraisal)


@router.post("/appraisals/{int:appraisal_id}/sessions", response=CHANGE, auth=ACCOUNT_AUTH,
             summary="Link a workshop as werksessie I or II")
def link_session(request, appraisal_id: int, payload: SessionLinkIn, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    user = account(request)
    result = services.appraisal_link(user=user, appraisal_id=appraisal_id, session=payload.session,
                                     workshop_id=payload.workshop_id,
                                     client_op_id=op_id(idempotency_key))
    return _change(response, result)


# --- Reads inside a session -----------------------------------------------------------------------

def _linked(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    appraisal = selectors.appraisal_for_workshop(workshop)
    if appraisal is None:
        raise NotFound(_("This session is not part of an appraisal."))
    return workshop, appraisal


@router.get(BASE, response={200: dict, **ERRORS}, auth=MEMBER_AUTH,
            summary="The appraisal this session belongs to, as every member may see it")
def get_session_appraisal(request, workshop_id: int):
    _workshop, appraisal = _linked(request, workshop_id)
    return selectors.appraisal_payload(appraisal)


@router.get(BASE + "/aggregate", response={200: dict, **ERRORS}, auth=MEMBER_AUTH,
            summary="The advisory aggregate of the group rankings (step 6)")
def get_aggregate(request, workshop_id: int):
    _workshop, appraisal = _linked(request, workshop_id)
    return selectors.aggregate_payload(appraisal)


# --- Groups ---------------------------------------------------------------------------------------

def _ctx(request, workshop_id: int, idempotency_key, *, facilitator: bool = False) -> dict:
    workshop = facilitated_workshop(request,
                                    workshop_id) if facilitator else member_workshop(request,
                                                                                     workshop_id)
    return {"workshop_id": workshop.pk, "actor": request.auth.actor,
            "client_op_id": op_id(idempotency_key)}


@router.post(BASE + "/groups", response=CREATED, auth=MEMBER_AUTH, summary="Make a group by hand")
def create_group(request, workshop_id: int, payload: GroupIn, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    result = services.group_create(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                   name=payload.name, member_ids=payload.member_ids)
    return Status(201, _change(response, result))


@router.post(BASE + "/groups/form", response=CREATED, auth=MEMBER_AUTH,
             summary="Form groups of everyone present, mixing organisations")
def form_groups(request, workshop_id: int, payload: GroupsFormIn, response: HttpResponse,
                idempotency_key: IdempotencyKey = None):
    result = services.groups_form(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                  size=payload.size)
    return Status(201, _change(response, result))


@router.patch(BASE + "/groups/{int:group_id}", response=CHANGE, auth=MEMBER_AUTH,
              summary="Rename a group or set its members")
def update_group(request, workshop_id: int, group_id: int, payload: GroupUpdateIn,
                 response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    result = services.group_update(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                   group_id=group_id, name=payload.name,
                                   member_ids=payload.member_ids)
    return _change(response, result)


@router.delete(BASE + "/groups/{int:group_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary="Remove a group")
def delete_group(request, workshop_id: int, group_id: int, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    result = services.group_delete(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                   group_id=group_id)
    return _change(response, result)


@router.post(BASE + "/groups/{int:group_id}/steps", response=CHANGE, auth=MEMBER_AUTH,
             summary="A group finishes (or reopens) a step; step 4 needs an out-of-the-box one")
def close_group_step(request, workshop_id: int, group_id: int, payload: GroupStepIn,
                     response: HttpResponse,
                     idempotency_key: IdempotencyKey = None):
    result = services.group_step_close(**_ctx(request, workshop_id, idempotency_key),
                                       group_id=group_id,
                                       step=payload.step, closed=payload.closed)
    return _change(response, result)


# --- Step 1 and 2 ---------------------------------------------------------------------------------

@router.post(BASE + "/pitches/plan", response=CREATED, auth=MEMBER_AUTH,
             summary="Plan the step-1 pitches: at most ten, in pairs when more than ten people")
def plan_pitches(request, workshop_id: int, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    result = services.pitches_plan(**_ctx(request, workshop_id, idempotency_key, facilitator=True))
    return Status(201, _change(response, result))


@router.patch(BASE + "/pitches/{int:pitch_id}", response=CHANGE, auth=MEMBER_AUTH,
              summary="Mark a pitch done; note its one or two clarifying questions")
def update_pitch(request, workshop_id: int, pitch_id: int, payload: PitchIn, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    result = services.pitch_update(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                   pitch_id=pitch_id, done=payload.done,
                                   clarifying_questions=payload.clarifying_questions)
    return _change(response, result)


@router.post(BASE + "/problem-marks", response=CREATED, auth=MEMBER_AUTH,
             summary='Mark one of your own post-its as "probleem 1" (one per participant)')
def set_problem_mark(request, workshop_id: int, payload: ProblemMarkIn, response: HttpResponse,
                     idempotency_key: IdempotencyKey = None):
    result = services.problem_mark_set(**_ctx(request, workshop_id, idempotency_key),
                                       postit_id=payload.postit_id,
                                       participant_id=payload.participant_id)
    return Status(201, _change(response, result))


@router.delete(BASE + "/problem-marks/{int:participant_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary='Remove a "probleem 1" mark (participants: their own)')
def remove_problem_mark(request, workshop_id: int, participant_id: int, response: HttpResponse,
                        idempotency_key: IdempotencyKey = None):
    result = services.problem_mark_remove(**_ctx(request, workshop_id, idempotency_key),
                                          participant_id=participant_id)
    return _change(response, result)


@router.post(BASE + "/core-problems", response=CREATED, auth=MEMBER_AUTH,
             summary="Write the core problem of a problem owner (participants: their group's)")
def create_core_problem(request, workshop_id: int, payload: CoreProblemIn, response: HttpResponse,
                        idempotency_key: IdempotencyKey = None):
    fields = _fields(payload, drop=("owner_id", "source_postit_ids", "group_id"))
    result = services.core_problem_create(**_ctx(request, workshop_id, idempotency_key),
                                          owner_id=payload.owner_id,
                                          fields=fields,
                                          source_postit_ids=payload.source_postit_ids,
                                          group_id=payload.group_id)
    return Status(201, _change(response, result))


@router.patch(BASE + "/core-problems/{int:core_problem_id}", response=CHANGE, auth=MEMBER_AUTH,
              summary="Sharpen a core problem; the original wording is kept")
def update_core_problem(request, workshop_id: int, core_problem_id: int,
                        payload: CoreProblemUpdateIn,
                        response: HttpResponse, idempotency_key: IdempotencyKey = None):
    fields = _fields(payload, drop=("source_postit_ids", "version"))
    result = services.core_problem_update(**_ctx(request, workshop_id, idempotency_key),
                                          core_problem_id=core_problem_id, fields=fields,
                                          source_postit_ids=payload.source_postit_ids,
                                          version=payload.version)
    return _change(response, result)


@router.post(BASE + "/core-problems/{int:core_problem_id}/confirm", response=CHANGE,
             auth=MEMBER_AUTH,
             summary="The facilitator confirms a core problem is sharp enough")
def confirm_core_problem(request, workshop_id: int, core_problem_id: int, payload: ConfirmIn,
                         response: HttpResponse, idempotency_key: IdempotencyKey = None):
    result = services.core_problem_confirm(**_ctx(request, workshop_id, idempotency_key,
                                                  facilitator=True),
                                           core_problem_id=core_problem_id,
                                           confirmed=payload.confirmed)
    return _change(response, result)


@router.delete(BASE + "/core-problems/{int:core_problem_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary="Delete a core problem (participants: of their own group)")
def delete_core_problem(request, workshop_id: int, core_problem_id: int, response: HttpResponse,
                        idempotency_key: IdempotencyKey = None):
    result = services.core_problem_delete(**_ctx(request, workshop_id, idempotency_key),
                                          core_problem_id=core_problem_id)
    return _change(response, result)


# --- Step 3 ---------------------------------------------------------------------------------------

@router.put(BASE + "/baseline", response=CHANGE, auth=MEMBER_AUTH,
            summary="Describe the baseline: checklist, horizon and four cost elements")
def set_baseline(request, workshop_id: int, payload: BaselineIn, response: HttpResponse,
                 idempotency_key: IdempotencyKey = None):
    fields = {k: v for k, v in _fields(payload, drop=("version",)).items()
              if v is not None or k in services.BASELINE_TEXTS}
    result = services.baseline_set(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                   fields=fields, version=payload.version)
    return _change(response, result)


@router.put(BASE + "/horizon", response=CHANGE, auth=MEMBER_AUTH,
            summary="Change the horizon of the baseline and every solution card at once")
def set_horizon(request, workshop_id: int, payload: HorizonIn, response: HttpResponse,
                idempotency_key: IdempotencyKey = None):
    result = services.horizon_set(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                  horizon_years=payload.horizon_years)
    return _change(response, result)


# --- Step 4 and 5 ---------------------------------------------------------------------------------

@router.post(BASE + "/solutions", response=CREATED, auth=MEMBER_AUTH,
             summary="Write a solution: solution | effects | who experiences them")
def create_solution(request, workshop_id: int, payload: SolutionIn, response: HttpResponse,
                    idempotency_key: IdempotencyKey = None):
    fields = _fields(payload, drop=("group_id", "from_postit_id"))
    fields.setdefault("out_of_the_box", payload.out_of_the_box)
    result = services.solution_create(**_ctx(request, workshop_id, idempotency_key), fields=fields,
                                      group_id=payload.group_id,
                                      from_postit_id=payload.from_postit_id)
    return Status(201, _change(response, result))


@router.patch(BASE + "/solutions/{int:solution_id}", response=CHANGE, auth=MEMBER_AUTH,
              summary="Change a solution (participants: of their own group)")
def update_solution(request, workshop_id: int, solution_id: int, payload: SolutionUpdateIn,
                    response: HttpResponse, idempotency_key: IdempotencyKey = None):
    fields = {k: v for k, v in _fields(payload, drop=("version",)).items() if v is not None}
    result = services.solution_update(**_ctx(request, workshop_id, idempotency_key),
                                      solution_id=solution_id,
                                      fields=fields, version=payload.version)
    return _change(response, result)


@router.delete(BASE + "/solutions/{int:solution_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary="Delete a solution (participants: of their own group)")
def delete_solution(request, workshop_id: int, solution_id: int, response: HttpResponse,
                    idempotency_key: IdempotencyKey = None):
    result = services.solution_delete(**_ctx(request, workshop_id, idempotency_key),
                                      solution_id=solution_id)
    return _change(response, result)


@router.post(BASE + "/solutions/{int:solution_id}/merge", response=CHANGE, auth=MEMBER_AUTH,
             summary="Merge an overlapping solution into another, or take it out again")
def merge_solution(request, workshop_id: int, solution_id: int, payload: MergeIn,
                   response: HttpResponse,
                   idempotency_key: IdempotencyKey = None):
    result = services.solution_merge(**_ctx(request, workshop_id, idempotency_key,
                                            facilitator=True),
                                     solution_id=solution_id, into_id=payload.into_id)
    return _change(response, result)


@router.put(BASE + "/solutions/{int:solution_id}/card", response=CHANGE, auth=MEMBER_AUTH,
            summary="Write the solution card: effects, extra costs against the baseline")
def save_card(request, workshop_id: int, solution_id: int, payload: CardIn, response: HttpResponse,
              idempotency_key: IdempotencyKey = None):
    fields = {k: v for k, v in _fields(payload, drop=("version",)).items()
              if v is not None or k == "description"}
    result = services.card_save(**_ctx(request, workshop_id, idempotency_key),
                                solution_id=solution_id,
                                fields=fields, version=payload.version)
    return _change(response, result)


@router.put(BASE + "/core-effects", response=CHANGE, auth=MEMBER_AUTH,
            summary="Name the one or two core effects, the mirror of the core problems")
def set_core_effects(request, workshop_id: int, payload: CoreEffectsIn, response: HttpResponse,
                     idempotency_key: IdempotencyKey = None):
    result = services.core_effects_set(**_ctx(request, workshop_id, idempotency_key,
                                              facilitator=True),
                                       items=[item.dict() for item in payload.items])
    return _change(response, result)


# --- Step 6 ---------------------------------------------------------------------------------------

@router.post(BASE + "/criteria", response=CREATED, auth=MEMBER_AUTH,
             summary="Add a ranking criterion to the defaults")
def add_criterion(request, workshop_id: int, payload: CriterionIn, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    result = services.criterion_add(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                    title=payload.title)
    return Status(201, _change(response, result))


@router.delete(BASE + "/criteria/{int:criterion_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary="Remove an added criterion")
def remove_criterion(request, workshop_id: int, criterion_id: int, response: HttpResponse,
                     idempotency_key: IdempotencyKey = None):
    result = services.criterion_remove(**_ctx(request, workshop_id, idempotency_key,
                                              facilitator=True),
                                       criterion_id=criterion_id)
    return _change(response, result)


@router.put(BASE + "/groups/{int:group_id}/ranking", response=CHANGE, auth=MEMBER_AUTH,
            summary="A group's order of the solution cards, best first")
def set_ranking(request, workshop_id: int, group_id: int, payload: RankingIn,
                response: HttpResponse,
                idempotency_key: IdempotencyKey = None):
    result = services.ranking_set(**_ctx(request, workshop_id, idempotency_key), group_id=group_id,
                                  ordered_solution_ids=payload.ordered_solution_ids,
                                  solving_power=payload.solving_power, notes=payload.notes,
                                  version=payload.version)
    return _change(response, result)


@router.put(BASE + "/selection", response=CHANGE, auth=MEMBER_AUTH,
            summary="Select the top three to five; a reason where it departs from the aggregate")
def set_selection(request, workshop_id: int, payload: SelectionIn, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    result = services.selection_set(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                    solution_ids=payload.solution_ids, reason=payload.reason or "",
                                    outlier_notes=payload.outlier_notes or "",
                                    dropout_notes=payload.dropout_notes or "")
    return _change(response, result)


# --- Step 7 and 8 ---------------------------------------------------------------------------------

@router.put(BASE + "/effect-cards", response=CHANGE, auth=MEMBER_AUTH,
            summary="Effect card of a selected solution for one problem owner")
def set_effect_card(request, workshop_id: int, payload: EffectCardIn, response: HttpResponse,
                    idempotency_key: IdempotencyKey = None):
    result = services.effect_card_set(**_ctx(request, workshop_id, idempotency_key),
                                      solution_id=payload.solution_id,
                                      core_problem_id=payload.core_problem_id,
                                      main_effects=payload.main_effects, size=payload.size,
                                      notes=payload.notes or "", version=payload.version)
    return _change(response, result)


@router.put(BASE + "/choice", response=CHANGE, auth=MEMBER_AUTH,
            summary="Record the choice; final only when the baseline was considered")
def set_choice(request, workshop_id: int, payload: ChoiceIn, response: HttpResponse,
               idempotency_key: IdempotencyKey = None):
    fields = {k: ("" if v is None and k not in ("decision_date",) else v) for k,
              v in payload.dict().items()}
    result = services.choice_set(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                 fields=fields)
    return _change(response, result)


@router.post(BASE + "/insights", response=CREATED, auth=MEMBER_AUTH,
             summary="Record what we learnt about the real problem")
def add_insight(request, workshop_id: int, payload: InsightIn, response: HttpResponse,
                idempotency_key: IdempotencyKey = None):
    result = services.insight_add(
        **_ctx(request, workshop_id, idempotency_key), text=payload.text,
        shared_with_residents_present=payload.shared_with_residents_present,
        core_problem_ids=payload.core_problem_ids)
    return Status(201, _change(response, result))


@router.delete(BASE + "/insights/{int:insight_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary="Delete an insight")
def delete_insight(request, workshop_id: int, insight_id: int, response: HttpResponse,
                   idempotency_key: IdempotencyKey = None):
    result = services.insight_delete(**_ctx(request, workshop_id, idempotency_key,
                                            facilitator=True),
                                     insight_id=insight_id)
    return _change(response, result)


@router.post(BASE + "/actions", response=CREATED, auth=MEMBER_AUTH,
             summary="Record an action or agreement with an owner and a due date")
def add_action(request, workshop_id: int, payload: ActionIn, response: HttpResponse,
               idempotency_key: IdempotencyKey = None):
    fields = {k: v for k, v in _fields(payload).items() if v is not None}
    result = services.action_add(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                 fields=fields)
    return Status(201, _change(response, result))


@router.patch(BASE + "/actions/{int:action_id}", response=CHANGE, auth=MEMBER_AUTH,
              summary="Change an action")
def update_action(request, workshop_id: int, action_id: int, payload: ActionUpdateIn,
                  response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    fields = {k: v for k, v in _fields(payload).items() if v is not None or k == "due_date"}
    result = services.action_update(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                    action_id=action_id, fields=fields)
    return _change(response, result)


@router.delete(BASE + "/actions/{int:action_id}", response=CHANGE, auth=MEMBER_AUTH,
               summary="Delete an action")
def delete_action(request, workshop_id: int, action_id: int, response: HttpResponse,
                  idempotency_key: IdempotencyKey = None):
    result = services.action_delete(**_ctx(request, workshop_id, idempotency_key, facilitator=True),
                                    action_id=action_id)
    return _change(response, result)
