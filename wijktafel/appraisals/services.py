"""Every write of an appraisal (Afwegen in de Wijk), one function per user intention.

Writes inside a work session go through ``workshops.services.apply_op``: one transaction with
the next entry of that session's event log, broadcast after commit, and a repeated
``client_op_id`` of the same actor returns the first result and writes nothing. The method's
hard rules (METHODS.md §3.8) are checked here, so pages, socket and API share them; a refusal
raises before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _, ngettext

from wijktafel.activities.models import Column, Postit
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.workshops import rules as workshop_rules
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import events, rules, selectors
from .models import (
    MAX_STEP,
    Action,
    Appraisal,
    Baseline,
    Choice,
    CoreEffect,
    CoreProblem,
    Criterion,
    Effect,
    EffectCard,
    Group,
    GroupRanking,
    Insight,
    Pitch,
    ProblemMark,
    Selection,
    Solution,
    SolutionCard,
)

MAX_MONEY = 10**12
MAX_HORIZON = 100
MAX_LIST = 30
MAX_CORE_EFFECTS = 2  # A12
SELECTION_MIN, SELECTION_MAX = 3, 5  # A14 / W10


# --- Input helpers -------------------------------------------------------------------------------

def _text(value, field, label, *, max_length=2000, required=False, multiline=True) -> str:
    return clean_text(value, max_length=max_length, field=field, label=label, required=required,
                      multiline=multiline)


def _line(value, field, label, *, max_length=200, required=False) -> str:
    return clean_text(value, max_length=max_length, field=field, label=label, required=required)


def _bool(value, field) -> bool:
    if not isinstance(value, bool):
        raise Invalid(_("Choose yes or no."), field=field)
    return value


def _int(value, field, *, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message, field=field)
    return value


def _money(value, field) -> int:
    return _int(value, field, low=-MAX_MONEY, high=MAX_MONEY,
                message=_("Type an amount in whole euros."))


def _horizon(value, field="horizon_years") -> int:
    return _int(value, field, low=1, high=MAX_HORIZON,
                message=_("The horizon is a whole number of years between 1 and 100."))


MAX_ID = 2**63 - 1  # the database's integer; a larger id would fail in the driver, not here


def _id(value, field) -> int:
    """A row id: a whole number, or its digits as text (a form post). Never a fraction (1.9 is
    not row 1), a boolean or a number in another notation ("1e3", "٣")."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,19}", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise Invalid(_("This is not a valid number."), field=field)
    return value


def _ids(values, field) -> list[int]:
    if not isinstance(values, (list, tuple)) or len(values) > 200:
        raise Invalid(_("Send a list of numbers."), field=field)
    ids = [_id(v, field) for v in values]
    if len(set(ids)) != len(ids):
        raise Invalid(_("Each item may appear only once."), field=field)
    return ids


def _texts(values, field, label, *, max_length=300) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)) or len(values) > MAX_LIST:
        raise Invalid(_("Send a list of at most 30 short texts."), field=field)
    cleaned = [_line(v, field, label, max_length=max_length) for v in values]
    return [t for t in cleaned if t]


def _date(value, field) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # Only "2026-12-31": fromisoformat alone would also take "20261231" (and so the number).
    try:
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise Invalid(_("Type a date like 2026-12-31."), field=field)


def _choice(value, choices, field) -> str:
    if value not in choices:
        raise Invalid(_("Choose one of the options."), field=field)
    return value


# --- Finding things ------------------------------------------------------------------------------

def _appraisal_of(workshop: Workshop) -> Appraisal:
    appraisal = selectors.appraisal_for_workshop(workshop)
    if appraisal is None:
        raise NotFound(_("This session is not part of an appraisal."))
    return appraisal


def _get(model, message, **lookup):
    try:
        return model.objects.get(**lookup)
    except (model.DoesNotExist, TypeError, ValueError):
        raise NotFound(message) from None


def _solution(appraisal, pk, field="solution_id") -> Solution:
    return _get(Solution, _("This solution does not exist."), appraisal=appraisal,
                pk=_id(pk, field))


def _core_problem(appraisal, pk, field="core_problem_id") -> CoreProblem:
    return _get(CoreProblem, _("This core problem does not exist."), appraisal=appraisal,
                pk=_id(pk, field))


def _group(appraisal, workshop, pk, field="group_id") -> Group:
    return _get(Group, _("This group does not exist."), appraisal=appraisal, workshop=workshop,
                pk=_id(pk, field))


def _own_group(actor: Actor, workshop: Workshop) -> Group | None:
    if actor.participant is None:
        return None
    return Group.objects.filter(workshop=workshop, members=actor.participant).first()


def _require_own_group(actor: Actor, workshop: Workshop) -> Group:
    group = _own_group(actor, workshop)
    if group is None:
        raise NotAllowed(_("You are not in a group yet. Ask the facilitator."))
    return group


def _may_write_group_item(actor: Actor, workshop: Workshop, group_id: int | None) -> None:
    """Participants change only the items of their own group; facilitators change all."""
    if actor.is_facilitator_of(workshop):
        return
    if group_id is None or not Group.objects.filter(pk=group_id, workshop=workshop,
                                                    members=actor.participant).exists():
        raise NotAllowed(_("You can only change what your own group made."))


def _may_write_card(actor: Actor, workshop: Workshop, solution: Solution) -> None:
    """A solution card is its group's, in the session where the group made it. Session II starts
    by walking through the cards of session I (METHODS.md §3 step 5, W12) with new groups (new
    participants): there every group of the session may sharpen a card made elsewhere, or by the
    facilitator alone."""
    made_here = solution.group_id is not None and solution.group.workshop_id == workshop.pk
    if made_here or actor.is_facilitator_of(workshop):
        _may_write_group_item(actor, workshop, solution.group_id)
    else:
        _require_own_group(actor, workshop)


def _postits_of(appraisal: Appraisal, ids: list[int], field: str) -> list[Postit]:
    postits = list(Postit.objects.filter(pk__in=ids, workshop_id__in=appraisal.workshop_ids))
    if len(postits) != len(ids):
        raise NotFound(_("One of these post-its does not exist."), field=field)
    return postits


def _check_version(obj, version, message) -> None:
    if version is not None and version != obj.version:
        raise Conflict(message)


def _bump(obj, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version"])


def _op(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
        change: Callable[[Workshop, Appraisal], tuple[str, dict]],
        facilitator_only: bool = False) -> OpResult:
    """``apply_op`` for a session that belongs to an appraisal; the payload names the appraisal."""
    def run(workshop: Workshop) -> tuple[str, dict]:
        appraisal = _appraisal_of(workshop)
        kind, payload = change(workshop, appraisal)
        return kind, {"appraisal_id": appraisal.pk, **payload}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=run,
                    facilitator_only=facilitator_only)


# --- The appraisal itself (facilitators, outside a session) --------------------------------------

APPRAISAL_FIELDS = ("title", "trigger", "starting_point", "top_n", "status")


def _clean_appraisal_fields(fields: dict) -> dict:
    cleaned = {}
    if "title" in fields:
        cleaned["title"] = _line(fields["title"], "title", _("Title"), required=True)
    if "trigger" in fields:
        cleaned["trigger"] = _text(fields["trigger"], "trigger", _("Trigger"))
    if "starting_point" in fields:
        cleaned["starting_point"] = _choice(fields["starting_point"],
                                            Appraisal.StartingPoint.values,
                                            "starting_point")
    if "top_n" in fields:
        cleaned["top_n"] = _int(fields["top_n"], "top_n", low=SELECTION_MIN, high=SELECTION_MAX,
                                message=_("The pre-selection holds three, four or five solutions."))
    if "status" in fields:
        cleaned["status"] = _choice(fields["status"], Appraisal.Status.values, "status")
    return cleaned


def _require_facilitator(user, appraisal: Appraisal) -> None:
    if not rules.can_facilitate_appraisal(user, appraisal):
        raise NotFound(_("This appraisal does not exist."))


def appraisal_create(*, user, title: object, trigger: object = "",
                     starting_point: object = "problem",
                     area=None, horizon_years: object = None, top_n: object = 3) -> Appraisal:
    """Start an appraisal for the user's organisation (not logged: no session is linked yet)."""
    if not workshop_rules.can_create_workshops(user):
        raise NotAllowed(_("Only facilitators of an organisation can start an appraisal."))
    cleaned = _clean_appraisal_fields({"title": title, "trigger": trigger,
                                       "starting_point": starting_point,
                                       "top_n": top_n})
    if horizon_years is not None:
        cleaned["horizon_years"] = _horizon(horizon_years)
    if area is not None and area.organisation_id != user.organisation_id:
        raise NotAllowed(_("This neighbourhood belongs to another organisation."))
    return Appraisal.objects.create(organisation_id=user.organisation_id, area=area,
                                    created_by=user,
                                    **cleaned)


def appraisal_update(*, user, appraisal_id: int, fields: dict,
                     client_op_id: uuid.UUID | None = None) -> Appraisal:
    """Change title, trigger, starting point, size of the pre-selection or status.

    The change is logged in every linked session (``appraisal.changed``) in one transaction."""
    cleaned = _clean_appraisal_fields(fields)
    if not cleaned:
        raise Invalid(_("Nothing to change."))
    with transaction.atomic():
        appraisal = _get(Appraisal, _("This appraisal does not exist."), pk=appraisal_id)
        _require_facilitator(user, appraisal)
        appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)

        def change(workshop, appraisal_):
            for name, value in cleaned.items():
                setattr(appraisal_, name, value)
            appraisal_.save(update_fields=list(cleaned))
            return events.APPRAISAL_CHANGED, selectors.appraisal_summary(appraisal_)

        if not appraisal.workshop_ids:
            change(None, appraisal)
        for workshop_id in appraisal.workshop_ids:
            _op(workshop_id=workshop_id, actor=Actor(user=user), client_op_id=client_op_id,
                change=change, facilitator_only=True)
    return Appraisal.objects.get(pk=appraisal_id)


def appraisal_link(*, user, appraisal_id: int, session: object, workshop_id: object,
                   client_op_id: uuid.UUID | None = None) -> OpResult:
    """Link a work session as session I or II; logged as ``appraisal.linked`` in that session."""
    if session not in (1, 2):
        raise Invalid(_("Choose work session I or II."), field="session")
    appraisal = _get(Appraisal, _("This appraisal does not exist."), pk=appraisal_id)
    _require_facilitator(user, appraisal)
    workshop = _get(Workshop, _("This session does not exist."), pk=_id(workshop_id, "workshop_id"))
    same_organisation = workshop.organisation_id == appraisal.organisation_id
    if not workshop_rules.can_facilitate(user, workshop) or not same_organisation:
        raise NotFound(_("This session does not exist."), field="workshop_id")
    field = "session_one" if session == 1 else "session_two"

    def change(ws: Workshop) -> tuple[str, dict]:
        current = Appraisal.objects.select_for_update().get(pk=appraisal_id)
        other = selectors.appraisal_for_workshop(ws)
        if other is not None and other.pk != current.pk:
            raise Conflict(_("This session already belongs to another appraisal."),
                           field="workshop_id")
        if ws.pk in current.workshop_ids and getattr(current, f"{field}_id") != ws.pk:
            raise Conflict(_("This session is already the other work session of this appraisal."),
                           field="workshop_id")
        setattr(current, field, ws)
        current.save(update_fields=[field])
        return events.APPRAISAL_LINKED, {"appraisal_id": current.pk, "session": session,
                                         "appraisal": selectors.appraisal_summary(current)}

    return apply_op(workshop_id=workshop.pk, actor=Actor(user=user), client_op_id=client_op_id,
                    change=change, facilitator_only=True)


# --- Groups ---------------------------------------------------------------------------------------

def _members(workshop: Workshop, member_ids, *, group: Group | None = None) -> list[Participant]:
    ids = _ids(member_ids or [], "member_ids")
    members = list(Participant.objects.filter(workshop=workshop, pk__in=ids,
                                              removed_at__isnull=True))
    if len(members) != len(ids):
        raise NotFound(_("One of these people is not in this session."), field="member_ids")
    taken = Group.objects.filter(workshop=workshop, members__in=members)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise Conflict(_("Someone in this list is already in another group."), field="member_ids")
    return members


def group_create(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, name: object,
                 member_ids: object = ()) -> OpResult:
    """Make a group by hand."""
    name = _line(name, "name", _("Name of the group"), max_length=60, required=True)

    def change(workshop, appraisal):
        members = _members(workshop, member_ids)
        top = Group.objects.filter(workshop=workshop).aggregate(m=Max("position"))["m"]
        group = Group.objects.create(appraisal=appraisal, workshop=workshop, name=name,
                                     position=0 if top is None else top + 1)
        group.members.set(members)
        return events.GROUP_CREATED, {"group": selectors.group_payload(group),
                                      "warnings": selectors.group_size_warnings(len(members))}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def group_update(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                 group_id: object,
                 name: object = None, member_ids: object = None) -> OpResult:
    """Rename a group or set its members."""
    name = None if name is None else _line(name, "name", _("Name of the group"), max_length=60,
                                           required=True)

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        if name is not None:
            group.name = name
            group.save(update_fields=["name"])
        if member_ids is not None:
            group.members.set(_members(workshop, member_ids, group=group))
        return events.GROUP_UPDATED, {
            "group": selectors.group_payload(group),
            "warnings": selectors.group_size_warnings(group.members.count())}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def group_delete(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                 group_id: object) -> OpResult:
    """Remove a group; what it made stays, without a group."""
    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        pk = group.pk
        group.delete()
        return events.GROUP_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def plan_groups(people: list[tuple[int, str]], size: int) -> list[list[int]]:
    """Split people into groups of about ``size`` (no group under three, or under ``size`` when
    that is smaller), mixing organisations.

    People are dealt round-robin after sorting by organisation, so colleagues land in
    different groups. Pure: ``[(participant id, organisation name)]`` in, lists of ids out."""
    n = len(people)
    if n == 0:
        return []
    count = max(1, -(-n // size))
    while count > 1 and n // count < min(3, size):
        count -= 1
    ordered = sorted(people, key=lambda p: (p[1].casefold(), p[0]))
    groups: list[list[int]] = [[] for _ in range(count)]
    for index, (pk, _org) in enumerate(ordered):
        groups[index % count].append(pk)
    return groups


def groups_form(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                size: object = 4) -> OpResult:
    """Let the app form groups of three or four of everyone present, mixing organisations."""
    size = _int(size, "size", low=2, high=6, message=_("A group has between 2 and 6 people."))

    def change(workshop, appraisal):
        if Group.objects.filter(workshop=workshop).exists():
            raise Conflict(_("This session already has groups. Remove them first, or change them "
                             "by hand."))
        people = list(Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
                      .values_list("pk", "organisation_name"))
        if len(people) < 2:
            raise Conflict(_("There are too few people in the session to form groups."))
        made = []
        for index, ids in enumerate(plan_groups(people, size)):
            group = Group.objects.create(appraisal=appraisal, workshop=workshop,
                                         name=_("Group %(n)d") % {"n": index + 1}, position=index)
            group.members.set(ids)
            made.append(selectors.group_payload(group))
        return events.GROUPS_FORMED, {"groups": made}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def _ootb_count(group: Group) -> int:
    return group.solutions.filter(out_of_the_box=True).count()


def group_step_close(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                     group_id: object,
                     step: object, closed: object = True) -> OpResult:
    """A group says it is done with a step (or reopens it).

    Step 4 needs an out-of-the-box solution of the group (A10)."""
    step = _int(step, "step", low=1, high=MAX_STEP, message=_("Choose a step from 1 to 8."))
    closed = _bool(closed, "closed")

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        _may_write_group_item(actor, workshop, group.pk)
        if closed and step == 4 and _ootb_count(group) == 0:
            raise Conflict(_("Your group cannot finish step 4 yet: think of at least one "
                             "out-of-the-box "
                             "solution first and mark it as such."), field="step")
        steps = set(group.closed_steps)
        steps.add(step) if closed else steps.discard(step)
        group.closed_steps = sorted(steps)
        group.save(update_fields=["closed_steps"])
        return events.GROUP_UPDATED, {"group": selectors.group_payload(group)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 1: pitches ------------------------------------------------------------------------------

MAX_PITCHES = 10  # A4: at most ten pitches; pairs (or more) when more people take part
MAX_CLARIFYING_QUESTIONS = 2  # A5: one or two clarifying questions, no discussion [INFERRED cap]


def plan_pitches(participant_ids: list[int]) -> list[list[int]]:
    """Pitch units in join order: one each up to ten people, else units of the smallest size
    that keeps it at ten pitches (pairs for 11–20 people). Pure."""
    n = len(participant_ids)
    size = max(1, -(-n // MAX_PITCHES))
    return [participant_ids[i:i + size] for i in range(0, n, size)]


def pitches_plan(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None) -> OpResult:
    """Plan the step-1 pitches of everyone present: at most ten, in pairs when more than ten."""
    def change(workshop, appraisal):
        existing = Pitch.objects.filter(workshop=workshop)
        if existing.filter(done=True).exists():
            raise Conflict(_("The pitches have started. Finish them, or plan no new ones."))
        people = list(Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
                      .order_by("joined_at", "pk").values_list("pk", flat=True))
        if not people:
            raise Conflict(_("Nobody has joined yet, so there is nobody to pitch."))
        existing.delete()
        made = []
        for position, members in enumerate(plan_pitches(people)):
            pitch = Pitch.objects.create(appraisal=appraisal, workshop=workshop, position=position)
            pitch.members.set(members)
            made.append(selectors.pitch_payload(pitch))
        return events.PITCHES_PLANNED, {"pitches": made}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def pitch_update(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                 pitch_id: object,
                 done: object = None, clarifying_questions: object = None) -> OpResult:
    """Mark a pitch done and note its clarifying questions (one or two, no discussion)."""
    questions = None
    if clarifying_questions is not None:
        questions = _texts(clarifying_questions, "clarifying_questions", _("Clarifying question"))
        if len(questions) > MAX_CLARIFYING_QUESTIONS:
            raise Invalid(_("After a pitch there is room for one or two clarifying questions, "
                            "not for a discussion."), field="clarifying_questions")
    done = None if done is None else _bool(done, "done")
    if done is None and questions is None:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        pitch = _get(Pitch, _("This pitch does not exist."), appraisal=appraisal, workshop=workshop,
                     pk=_id(pitch_id, "pitch_id"))
        if done is not None:
            pitch.done = done
        if questions is not None:
            pitch.clarifying_questions = questions
        pitch.save(update_fields=["done", "clarifying_questions"])
        return events.PITCH_UPDATED, {"pitch": selectors.pitch_payload(pitch)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


# --- Step 1: "probleem 1" -------------------------------------------------------------------------

def problem_mark_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                     postit_id: object,
                     participant_id: object = None) -> OpResult:
    """Mark one of your own post-its as your most important problem ("probleem 1"); one each (A3).

    A facilitator marks on behalf of a participant with ``participant_id``."""
    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            if participant_id is None:
                raise Invalid(_("Choose for whom this is problem 1."), field="participant_id")
            who = _get(Participant, _("This participant is not in the session."), workshop=workshop,
                       pk=_id(participant_id, "participant_id"), removed_at__isnull=True)
        else:
            who = actor.participant
        postit = _get(Postit, _("This post-it no longer exists."), workshop=workshop,
                      pk=_id(postit_id, "postit_id"))
        if postit.author_id != who.pk:
            raise NotAllowed(_("Problem 1 must be one of your own post-its."), field="postit_id")
        if ProblemMark.objects.filter(participant=who).exists():
            raise Conflict(_("You have already chosen your problem 1. Everyone chooses only one. "
                             "Remove your mark first if you want to choose another."),
                           field="postit_id")
        mark = ProblemMark.objects.create(appraisal=appraisal, participant=who, postit=postit)
        return events.PROBLEM_MARK_SET, {"mark": selectors.mark_payload(mark),
                                         "tally": selectors.mark_tally(appraisal)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def problem_mark_remove(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                        participant_id: object = None) -> OpResult:
    """Take your "probleem 1" mark away (a facilitator: someone's, with ``participant_id``)."""
    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            who_id = _id(participant_id, "participant_id")
        else:
            who_id = actor.participant.pk
            if participant_id is not None and _id(participant_id, "participant_id") != who_id:
                raise NotAllowed(_("You can only remove your own problem 1 mark."))
        mark = ProblemMark.objects.filter(participant_id=who_id,
                                          participant__workshop=workshop).first()
        if mark is None:
            raise NotFound(_("There is no problem 1 mark to remove."))
        mark.delete()
        return events.PROBLEM_MARK_REMOVED, {"participant_id": who_id,
                                             "tally": selectors.mark_tally(appraisal)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 2: core problems ------------------------------------------------------------------------

CORE_PROBLEM_TEXTS = {
    "formulation": 2000, "nature": 2000, "what_if_unsolved": 2000,
                      "solves_itself_explanation": 2000,
}


def _clean_core_problem(fields: dict) -> dict:
    cleaned: dict = {}
    labels = {"formulation": _("The core problem"), "nature": _("Nature of the problem"),
              "what_if_unsolved": _("What happens if it is not solved"),
              "solves_itself_explanation": _("Explanation")}
    for name, max_length in CORE_PROBLEM_TEXTS.items():
        if name in fields:
            cleaned[name] = _text(fields[name], name, labels[name], max_length=max_length,
                                  required=name == "formulation")
    if "original_wording" in fields:
        cleaned["original_wording"] = _text(fields["original_wording"], "original_wording",
                                            _("Original wording"))
    if "underlying_problems" in fields:
        cleaned["underlying_problems"] = _texts(fields["underlying_problems"],
                                                "underlying_problems",
                                                _("Underlying problem"))
    if "affected_count" in fields:
        value = fields["affected_count"]
        cleaned["affected_count"] = None if value is None else _int(
            value, "affected_count", low=0, high=10**9, message=_("Type a whole number of people."))
    if "affected_unit" in fields:
        cleaned["affected_unit"] = _line(fields["affected_unit"], "affected_unit", _("Of whom"),
                                         max_length=80)
    if "could_solve_itself" in fields:
        cleaned["could_solve_itself"] = _choice(fields["could_solve_itself"],
                                                CoreProblem.SolvesItself.values,
                                                "could_solve_itself")
    return cleaned


def _core_problem_event(kind, cp: CoreProblem) -> tuple[str, dict]:
    data = {"core_problem": selectors.core_problem_payload(cp)}
    if cp.owner_id and CoreProblem.objects.filter(appraisal=cp.appraisal,
                                                  owner_id=cp.owner_id).count() > 1:
        data["warnings"] = [{"code": "more_core_problems_for_owner"}]
    return kind, data


def core_problem_create(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                        owner_id: object = None, fields: dict, source_postit_ids: object = (),
                        group_id: object = None) -> OpResult:
    """A group writes the core problem of one problem owner (a column of the step-1 wall)."""
    cleaned = _clean_core_problem(fields)
    if "formulation" not in cleaned:
        raise Invalid(_("The core problem is empty. Please type something."), field="formulation")
    source_ids = _ids(source_postit_ids or [], "source_postit_ids")

    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            group = None if group_id is None else _group(appraisal, workshop, group_id)
        else:
            group = _require_own_group(actor, workshop)
        owner = _get(Column, _("This problem owner does not exist."), pk=_id(owner_id, "owner_id"),
                     workshop_id__in=appraisal.workshop_ids)
        postits = _postits_of(appraisal, source_ids, "source_postit_ids")
        original = cleaned.pop("original_wording", "") or " / ".join(p.text for p in postits)
        top = appraisal.core_problems.aggregate(m=Max("position"))["m"]
        cp = CoreProblem.objects.create(appraisal=appraisal, owner=owner, owner_name=owner.title,
                                        group=group,
                                        original_wording=original or cleaned["formulation"],
                                        position=0 if top is None else top + 1, **cleaned)
        cp.source_postits.set(postits)
        return _core_problem_event(events.CORE_PROBLEM_CREATED, cp)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def core_problem_update(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                        core_problem_id: object, fields: dict, source_postit_ids: object = None,
                        version: object = None) -> OpResult:
    """Sharpen a core problem; the original wording stays. A new text needs a new confirmation."""
    cleaned = _clean_core_problem(fields)
    cleaned.pop("original_wording", None)  # the original wording is kept as it was
    source_ids = None if source_postit_ids is None else _ids(source_postit_ids, "source_postit_ids")
    if not cleaned and source_ids is None:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        cp = _core_problem(appraisal, core_problem_id)
        _may_write_group_item(actor, workshop, cp.group_id)
        _check_version(cp, version,
                       _("Someone else changed this core problem. Look at the new text "
                                      "and try again."))
        for name, value in cleaned.items():
            setattr(cp, name, value)
        if "formulation" in cleaned and cp.confirmed_sharp:
            cp.confirmed_sharp = False
            cleaned["confirmed_sharp"] = False
        if source_ids is not None:
            cp.source_postits.set(_postits_of(appraisal, source_ids, "source_postit_ids"))
        _bump(cp, list(cleaned))
        return _core_problem_event(events.CORE_PROBLEM_UPDATED, cp)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def core_problem_confirm(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                         core_problem_id: object, confirmed: object = True) -> OpResult:
    """The facilitator confirms that a core problem is sharp enough (or takes that back)."""
    confirmed = _bool(confirmed, "confirmed")

    def change(workshop, appraisal):
        cp = _core_problem(appraisal, core_problem_id)
        cp.confirmed_sharp = confirmed
        _bump(cp, ["confirmed_sharp"])
        return _core_problem_event(events.CORE_PROBLEM_UPDATED, cp)

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def core_problem_delete(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                        core_problem_id: object) -> OpResult:
    def change(workshop, appraisal):
        cp = _core_problem(appraisal, core_problem_id)
        _may_write_group_item(actor, workshop, cp.group_id)
        pk = cp.pk
        cp.delete()
        return events.CORE_PROBLEM_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 3: baseline and the shared horizon ------------------------------------------------------

BASELINE_TEXTS = ("description", "decisions_taken", "legal_norms", "behaviour_change",
                  "autonomous_change")
BASELINE_MONEY = ("one_off_cost", "periodic_cost_per_year", "one_off_income",
                  "periodic_income_per_year")


def _other_horizons(appraisal: Appraisal, years: int) -> list[int]:
    return sorted(set(SolutionCard.objects.filter(solution__appraisal=appraisal,
                                                  horizon_years__isnull=False)
                      .exclude(horizon_years=years).values_list("horizon_years", flat=True)))


def baseline_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, fields: dict,
                 version: object = None) -> OpResult:
    """Describe the baseline alternative: text, checklist, horizon and four cost elements."""
    cleaned: dict = {}
    labels = {"description": _("Description"), "decisions_taken": _("Decisions already taken"),
              "legal_norms": _("Legal norms"), "behaviour_change": _("Behaviour change"),
              "autonomous_change": _("Autonomous change")}
    for name in BASELINE_TEXTS:
        if name in fields:
            cleaned[name] = _text(fields[name], name, labels[name], max_length=4000)
    for name in BASELINE_MONEY:
        if name in fields:
            cleaned[name] = _money(fields[name], name)
    checklist = fields.get("checklist")
    if checklist is not None:
        if not isinstance(checklist, dict) or set(checklist) - set(selectors.BASELINE_CHECKS):
            raise Invalid(_("The checklist is not valid."), field="checklist")
        for name, value in checklist.items():
            cleaned[f"check_{name}"] = _bool(value, f"checklist.{name}")
    if "confirmed_in_session_two" in fields:
        cleaned["confirmed_in_session_two"] = _bool(fields["confirmed_in_session_two"],
                                                    "confirmed_in_session_two")
    if "horizon_years" in fields:
        cleaned["horizon_years"] = _horizon(fields["horizon_years"])
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        baseline = Baseline.objects.filter(appraisal=appraisal).first()
        if baseline is None:
            years = cleaned.get("horizon_years") or appraisal.horizon_years
            if years is None:
                raise Invalid(_("Choose the horizon in years: the period over which costs are "
                                "counted."),
                              field="horizon_years")
            baseline = Baseline(appraisal=appraisal, horizon_years=years, version=0)
        else:
            _check_version(baseline, version,
                           _("Someone else changed the baseline. Look at it again and try again."))
        years = cleaned.get("horizon_years", baseline.horizon_years)
        others = _other_horizons(appraisal, years)
        if others:
            raise Conflict(ngettext(
                "The baseline and every solution card use the same horizon. Solution cards use "
                "%(others)s year; change the horizon of all at once instead.",
                "The baseline and every solution card use the same horizon. Solution cards use "
                "%(others)s years; change the horizon of all at once instead.",
                others[0] if len(others) == 1 else 2,
            ) % {"others": ", ".join(map(str, others))}, field="horizon_years")
        for name, value in {**cleaned, "horizon_years": years}.items():
            setattr(baseline, name, value)
        baseline.version += 1
        baseline.save()
        if appraisal.horizon_years != years:
            appraisal.horizon_years = years
            appraisal.save(update_fields=["horizon_years"])
        return events.BASELINE_CHANGED, {"baseline": selectors.baseline_payload(baseline),
                                         "horizon_years": years}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def horizon_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                horizon_years: object) -> OpResult:
    """Change the horizon of the appraisal, the baseline and every solution card at once (A8)."""
    years = _horizon(horizon_years)

    def change(workshop, appraisal):
        appraisal.horizon_years = years
        appraisal.save(update_fields=["horizon_years"])
        Baseline.objects.filter(appraisal=appraisal).update(horizon_years=years)
        SolutionCard.objects.filter(solution__appraisal=appraisal).update(horizon_years=years)
        baseline = Baseline.objects.filter(appraisal=appraisal).first()
        cards = SolutionCard.objects.filter(solution__appraisal=appraisal).order_by("solution_id")
        return events.HORIZON_CHANGED, {
            "horizon_years": years,
            "baseline": selectors.baseline_payload(baseline),
            "cards": [selectors.card_payload(c) for c in cards],
        }

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


# --- Step 4: solutions ----------------------------------------------------------------------------

def _clean_solution(fields: dict, *, creating: bool) -> dict:
    cleaned: dict = {}
    if "title" in fields or creating:
        cleaned["title"] = _line(fields.get("title"), "title", _("The solution"), required=True)
    if "effects_text" in fields:
        cleaned["effects_text"] = _text(fields["effects_text"], "effects_text", _("Effects"))
    if "who_experiences" in fields:
        cleaned["who_experiences"] = _text(fields["who_experiences"], "who_experiences",
                                           _("Who experiences them"))
    if "out_of_the_box" in fields:
        cleaned["out_of_the_box"] = _bool(fields["out_of_the_box"], "out_of_the_box")
    return cleaned


def _keeps_ootb(solution: Solution, *, losing: bool) -> None:
    """A group that finished step 4 keeps at least one out-of-the-box solution (A10)."""
    group = solution.group
    if not losing or group is None or 4 not in group.closed_steps or not solution.out_of_the_box:
        return
    if _ootb_count(group) <= 1:
        raise Conflict(_("This is the only out-of-the-box solution of a group that finished step "
                         "4. "
                         "Every group keeps at least one."), field="out_of_the_box")


def solution_create(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, fields: dict,
                    group_id: object = None, from_postit_id: object = None) -> OpResult:
    """Write a solution in the three columns; a parked idea from steps 1–3 can come back."""
    cleaned = _clean_solution(fields, creating=True)

    def change(workshop, appraisal):
        if actor.is_facilitator_of(workshop):
            group = None if group_id is None else _group(appraisal, workshop, group_id)
        else:
            group = _require_own_group(actor, workshop)
        postit = None
        if from_postit_id is not None:
            postit = _postits_of(appraisal, [_id(from_postit_id, "from_postit_id")],
                                 "from_postit_id")[0]
            if not postit.parked:
                raise Conflict(_("Only a parked post-it can come back as a solution."),
                               field="from_postit_id")
        top = appraisal.solutions.aggregate(m=Max("position"))["m"]
        solution = Solution.objects.create(appraisal=appraisal, group=group, from_postit=postit,
                                           position=0 if top is None else top + 1, **cleaned)
        return events.SOLUTION_CREATED, {"solution": selectors.solution_payload(solution)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def solution_update(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                    solution_id: object, fields: dict, version: object = None) -> OpResult:
    cleaned = _clean_solution(fields, creating=False)
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        _may_write_group_item(actor, workshop, solution.group_id)
        _check_version(solution, version, _("Someone else changed this solution. Look at it again "
                                            "and try again."))
        _keeps_ootb(solution, losing=cleaned.get("out_of_the_box") is False)
        for name, value in cleaned.items():
            setattr(solution, name, value)
        _bump(solution, list(cleaned))
        return events.SOLUTION_UPDATED, {"solution": selectors.solution_payload(solution)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def solution_delete(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                    solution_id: object) -> OpResult:
    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        _may_write_group_item(actor, workshop, solution.group_id)
        _keeps_ootb(solution, losing=True)
        pk = solution.pk
        freed = list(solution.merged.values_list("pk", flat=True))
        solution.delete()
        return events.SOLUTION_DELETED, {"id": pk, "unmerged_ids": freed}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def solution_merge(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                   solution_id: object,
                   into_id: object = None) -> OpResult:
    """Merge an overlapping solution into another (``into_id`` null: take it out again)."""
    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        if into_id is None:
            solution.merged_into = None
        else:
            target = _solution(appraisal, into_id, "into_id")
            if target.pk == solution.pk:
                raise Invalid(_("A solution cannot be merged with itself."), field="into_id")
            if target.merged_into_id is not None:
                raise Invalid(_("Merge into a solution that is not merged itself."),
                              field="into_id")
            Solution.objects.filter(merged_into=solution).update(merged_into=target)
            solution.merged_into = target
        _bump(solution, ["merged_into"])
        return events.SOLUTION_UPDATED, {"solution": selectors.solution_payload(solution)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


# --- Step 5: solution cards and core effects ------------------------------------------------------

def _clean_effects(values, appraisal: Appraisal) -> list[dict]:
    if not isinstance(values, (list, tuple)) or len(values) > MAX_LIST:
        raise Invalid(_("Send a list of at most 30 effects."), field="effects")
    core_effects = set(appraisal.core_effects.values_list("pk", flat=True))
    effects = []
    for value in values:
        if not isinstance(value, dict):
            raise Invalid(_("An effect is not valid."), field="effects")
        core_effect_id = value.get("core_effect_id")
        if core_effect_id is not None:
            core_effect_id = _id(core_effect_id, "effects.core_effect_id")
            if core_effect_id not in core_effects:
                raise NotFound(_("This core effect does not exist."),
                               field="effects.core_effect_id")
        effects.append({
            "text": _line(value.get("text"), "effects.text", _("The effect"), max_length=300,
                          required=True),
            "sign": _choice(value.get("sign"), Effect.Sign.values, "effects.sign"),
            "who": _line(value.get("who", ""), "effects.who", _("Who experiences it")),
            "reach": _choice(value.get("reach") or "", ["", *Effect.Reach.values], "effects.reach"),
            "core_effect_id": core_effect_id,
        })
    return effects


def _clean_investigate(values) -> list[dict]:
    if values is None:
        return []
    if not isinstance(values, (list, tuple)) or len(values) > MAX_LIST:
        raise Invalid(_("Send a list of at most 30 things to investigate."), field="to_investigate")
    items = []
    for value in values:
        if not isinstance(value, dict):
            raise Invalid(_("A thing to investigate is not valid."), field="to_investigate")
        items.append({
            "title": _line(value.get("title"), "to_investigate.title", _("What to investigate"),
                           max_length=300, required=True),
            "owner_name": _line(value.get("owner_name", ""), "to_investigate.owner_name", _("Who"),
                                max_length=100),
            "due_date": _date(value.get("due_date"), "to_investigate.due_date"),
        })
    return items


CARD_MONEY = ("extra_one_off_cost", "extra_periodic_cost_per_year", "extra_one_off_income",
              "extra_periodic_income_per_year")


def card_save(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
              solution_id: object,
              fields: dict, version: object = None) -> OpResult:
    """Write a solution card: effects (+/−, who, reach), extra costs and income against the
    baseline over the same horizon (A8, A9), uncertainties, variants and things to investigate
    (actions).

    Lists sent replace the card's lists. More than five effects or no negative one are warnings."""
    cleaned: dict = {}
    if "description" in fields:
        cleaned["description"] = _text(fields["description"], "description", _("Description"))
    for name in CARD_MONEY:
        if name in fields:
            cleaned[name] = _money(fields[name], name)
    if "uncertainties" in fields:
        cleaned["uncertainties"] = _texts(fields["uncertainties"], "uncertainties",
                                          _("Uncertainty"))
    if "variants" in fields:
        cleaned["variants"] = _texts(fields["variants"], "variants", _("Variant"))
    horizon = None if fields.get("horizon_years") is None else _horizon(fields["horizon_years"])
    investigate = None
    if "to_investigate" in fields:
        investigate = _clean_investigate(fields["to_investigate"])

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        _may_write_card(actor, workshop, solution)
        if solution.merged_into_id is not None:
            raise Conflict(_("This solution is merged into another. Fill in the card of that one."))
        baseline = Baseline.objects.filter(appraisal=appraisal).first()
        shared = baseline.horizon_years if baseline is not None else appraisal.horizon_years
        if horizon is not None and shared is not None and horizon != shared:
            raise Invalid(ngettext(
                "Use the same horizon as the baseline: %(years)d year. Costs can only be compared "
                "over the same period.",
                "Use the same horizon as the baseline: %(years)d years. Costs can only be compared "
                "over the same period.", shared) % {"years": shared}, field="horizon_years")
        effects = None if "effects" not in fields else _clean_effects(fields["effects"], appraisal)
        card = SolutionCard.objects.filter(solution=solution).first()
        if card is None:
            card = SolutionCard(solution=solution, version=0)
        else:
            _check_version(card, version,
                           _("Someone else changed this card. Look at it again and try again."))
        for name, value in cleaned.items():
            setattr(card, name, value)
        card.horizon_years = horizon or shared or card.horizon_years
        card.version += 1
        card.save()
        if effects is not None:
            card.effects.all().delete()
            Effect.objects.bulk_create(Effect(card=card, position=i, **e) for i,
                                       e in enumerate(effects))
        if investigate is not None:
            card.to_investigate.all().delete()
            Action.objects.bulk_create(
                Action(appraisal=appraisal, card=card, kind=Action.Kind.RESEARCH_TASK,
                       source="card", **item)
                for item in investigate)
        payload = selectors.card_payload(card)
        return events.SOLUTION_CARD_CHANGED, {"card": payload, "warnings": payload["warnings"]}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def core_effects_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                     items: object) -> OpResult:
    """Name the one or two core effects, each ideally the mirror of a core problem (A12).

    Items with an ``id`` keep it (and the effects linked to it); the others are new; the rest go."""
    if not isinstance(items, (list, tuple)):
        raise Invalid(_("Send a list of core effects."), field="items")
    if len(items) > MAX_CORE_EFFECTS:
        raise Invalid(_("Name one or two core effects, not more."), field="items")

    def change(workshop, appraisal):
        kept = []
        for value in items:
            if not isinstance(value, dict):
                raise Invalid(_("A core effect is not valid."), field="items")
            text = _line(value.get("text"), "items.text", _("The core effect"), max_length=300,
                         required=True)
            mirrors = value.get("mirrors_core_problem_id")
            mirrors = None if mirrors is None else _core_problem(appraisal, mirrors,
                                                                 "items.mirrors_core_problem_id")
            if value.get("id") is not None:
                ce = _get(CoreEffect, _("This core effect does not exist."), appraisal=appraisal,
                          pk=_id(value["id"], "items.id"))
                ce.text, ce.mirrors = text, mirrors
                ce.save(update_fields=["text", "mirrors"])
            else:
                ce = CoreEffect.objects.create(appraisal=appraisal, text=text, mirrors=mirrors)
            kept.append(ce.pk)
        appraisal.core_effects.exclude(pk__in=kept).delete()
        kept_effects = appraisal.core_effects.all()
        return events.CORE_EFFECTS_CHANGED, {
            "core_effects": [selectors.core_effect_payload(ce) for ce in kept_effects]}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


# --- Step 6: criteria, rankings, selection --------------------------------------------------------

def criterion_add(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                  title: object) -> OpResult:
    """Add a ranking criterion (e.g. a policy goal or feasibility) to the defaults."""
    title = _line(title, "title", _("The criterion"), max_length=120, required=True)

    def change(workshop, appraisal):
        top = appraisal.criteria.aggregate(m=Max("position"))["m"]
        criterion = Criterion.objects.create(appraisal=appraisal, title=title,
                                             position=0 if top is None else top + 1)
        return events.CRITERION_CREATED, {"criterion": selectors.criterion_payload(criterion)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def criterion_remove(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                     criterion_id: object) -> OpResult:
    def change(workshop, appraisal):
        criterion = _get(Criterion, _("This criterion does not exist."), appraisal=appraisal,
                         pk=_id(criterion_id, "criterion_id"))
        pk = criterion.pk
        criterion.delete()
        return events.CRITERION_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def _clean_solving_power(value, appraisal: Appraisal, candidates: set[int]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(_("The solving power is not valid."), field="solving_power")
    core_problems = set(appraisal.core_problems.values_list("pk", flat=True))
    cleaned: dict = {}
    for cp_key, per_solution in value.items():
        cp_id = _id(cp_key, "solving_power")
        if cp_id not in core_problems:
            raise NotFound(_("This core problem does not exist."), field="solving_power")
        if not isinstance(per_solution, dict):
            raise Invalid(_("The solving power is not valid."), field="solving_power")
        row = {}
        for solution_key, pct in per_solution.items():
            solution_id = _id(solution_key, "solving_power")
            if solution_id not in candidates:
                raise NotFound(_("This solution does not exist."), field="solving_power")
            row[str(solution_id)] = _int(pct, "solving_power", low=0, high=100,
                                         message=_("Solving power is a percentage from 0 to 100."))
        cleaned[str(cp_id)] = row
    return cleaned


def ranking_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, group_id: object,
                ordered_solution_ids: object, solving_power: object = None, notes: object = None,
                version: object = None) -> OpResult:
    """A group puts the solution cards in order, best first (a subset is allowed). Solving power
    and notes left out (None) stay as they are, so an order dragged on a phone keeps them."""
    order = _ids(ordered_solution_ids, "ordered_solution_ids")
    notes = None if notes is None else _text(notes, "notes", _("Notes"))

    def change(workshop, appraisal):
        group = _group(appraisal, workshop, group_id)
        _may_write_group_item(actor, workshop, group.pk)
        candidates = set(selectors.candidate_solution_ids(appraisal))
        if set(order) - candidates:
            raise NotFound(_("One of these solutions does not exist or is merged into another."),
                           field="ordered_solution_ids")
        power = (None if solving_power is None
                 else _clean_solving_power(solving_power, appraisal, candidates))
        ranking = GroupRanking.objects.filter(group=group).first()
        if ranking is None:
            ranking = GroupRanking(group=group, version=0)
        else:
            _check_version(ranking, version,
                           _("Someone in your group changed the order. Look at it "
                                               "again and try again."))
        ranking.ordered_solution_ids = order
        if power is not None:
            ranking.solving_power = power
        if notes is not None:
            ranking.notes = notes
        ranking.version += 1
        ranking.save()
        return events.RANKING_CHANGED, {"ranking": selectors.ranking_payload(ranking),
                                        "aggregate": selectors.aggregate_payload(appraisal)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def selection_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                  solution_ids: object,
                  reason: object = "", outlier_notes: object = "",
                  dropout_notes: object = "") -> OpResult:
    """Select the top three to five together (A14); departing from the aggregate needs a reason."""
    ids = _ids(solution_ids, "solution_ids")
    reason = _text(reason, "reason", _("Reason"))
    outlier_notes = _text(outlier_notes, "outlier_notes", _("Outliers"))
    dropout_notes = _text(dropout_notes, "dropout_notes", _("Dropouts"))

    def change(workshop, appraisal):
        candidates = selectors.candidate_solution_ids(appraisal)
        if set(ids) - set(candidates):
            raise NotFound(_("One of these solutions does not exist or is merged into another."),
                           field="solution_ids")
        low = min(SELECTION_MIN, len(candidates))
        if not low <= len(ids) <= SELECTION_MAX or not ids:
            raise Invalid(_("Select three to five solutions (or all of them when there are "
                            "fewer)."), field="solution_ids")
        aggregate = selectors.aggregate_payload(appraisal)
        departs = selectors.departs_from_aggregate(ids, aggregate)
        if departs and not reason:
            raise Invalid(_("This selection differs from the advice of the rankings. "
                            "Write down why."), field="reason")
        selection = (Selection.objects.filter(appraisal=appraisal).first()
                     or Selection(appraisal=appraisal, version=0))
        selection.solution_ids, selection.reason = ids, reason
        selection.departs_from_aggregate = departs
        selection.outlier_notes, selection.dropout_notes = outlier_notes, dropout_notes
        selection.version += 1
        selection.save()
        return events.SELECTION_CHANGED, {"selection": selectors.selection_payload(selection)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


# --- Step 7: effect cards -------------------------------------------------------------------------

def effect_card_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                    solution_id: object,
                    core_problem_id: object, main_effects: object, size: object, notes: object = "",
                    version: object = None) -> OpResult:
    """For a selected solution and one problem owner: the main effects and their size (A15)."""
    effects = _texts(main_effects, "main_effects", _("Main effect"))
    size = _choice(size, EffectCard.Size.values, "size")
    notes = _text(notes, "notes", _("Notes"))

    def change(workshop, appraisal):
        solution = _solution(appraisal, solution_id)
        selection = Selection.objects.filter(appraisal=appraisal).first()
        if selection is None or solution.pk not in selection.solution_ids:
            raise Conflict(_("Effect cards are made for the selected solutions only."),
                           field="solution_id")
        cp = _core_problem(appraisal, core_problem_id)
        group = None if actor.is_facilitator_of(workshop) else _require_own_group(actor, workshop)
        card = EffectCard.objects.filter(solution=solution, core_problem=cp).first()
        if card is None:
            card = EffectCard(solution=solution, core_problem=cp, group=group, version=0)
        else:
            if group is not None and card.group_id not in (None, group.pk):
                raise NotAllowed(_("Another group is making this effect card."))
            _check_version(card, version,
                           _("Someone else changed this effect card. Look at it again "
                                            "and try again."))
        card.main_effects, card.size, card.notes = effects, size, notes
        card.version += 1
        card.save()
        return events.EFFECT_CARD_CHANGED, {"effect_card": selectors.effect_card_payload(card)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Step 8: the choice, insights, actions --------------------------------------------------------

def choice_set(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
               fields: dict) -> OpResult:
    """Record the choice. It can only be final when the baseline was considered (A16)."""
    kind = _choice(fields.get("kind"), Choice.Kind.values, "kind")
    ids = _ids(fields.get("solution_ids") or [], "solution_ids")
    cleaned = {
        "kind": kind,
        "solution_ids": ids,
        "baseline_considered": _bool(fields.get("baseline_considered", False),
                                     "baseline_considered"),
        "baseline_reason": _text(fields.get("baseline_reason", ""), "baseline_reason",
                                 _("Why (not) the baseline")),
        "combinations_considered": _text(fields.get("combinations_considered", ""),
                                         "combinations_considered",
                                         _("Combinations")),
        "other_aspects": _text(fields.get("other_aspects", ""), "other_aspects",
                               _("Other aspects")),
        "decision_procedure": _text(fields.get("decision_procedure", ""), "decision_procedure",
                                    _("How the decision is taken")),
        "decided_by": _line(fields.get("decided_by", ""), "decided_by", _("Decided by")),
        "decision_date": _date(fields.get("decision_date"), "decision_date"),
        "is_final": _bool(fields.get("is_final", False), "is_final"),
    }
    if kind == Choice.Kind.SOLUTION and len(ids) != 1:
        raise Invalid(_("Choose exactly one solution, or choose a combination."),
                      field="solution_ids")
    if kind == Choice.Kind.COMBINATION and len(ids) < 2:
        raise Invalid(_("A combination has at least two solutions."), field="solution_ids")
    if kind == Choice.Kind.BASELINE and ids:
        raise Invalid(_("When the baseline is chosen, choose no solution."), field="solution_ids")
    if cleaned["is_final"] and not cleaned["baseline_considered"]:
        raise Invalid(_("The choice cannot be final yet: first consider the baseline. Could doing "
                        "no "
                        "more than the baseline be the best solution?"),
                      field="baseline_considered")

    def change(workshop, appraisal):
        known = set(appraisal.solutions.values_list("pk", flat=True))
        if set(ids) - known:
            raise NotFound(_("One of these solutions does not exist."), field="solution_ids")
        if cleaned["is_final"] and not Baseline.objects.filter(appraisal=appraisal).exists():
            raise Conflict(_("The choice cannot be final yet: the baseline has not been "
                             "described."), field="baseline_considered")
        choice = Choice.objects.filter(appraisal=appraisal).first() or Choice(appraisal=appraisal,
                                                                              version=0)
        for name, value in cleaned.items():
            setattr(choice, name, value)
        choice.version += 1
        choice.save()
        status = Appraisal.Status.DECIDED if choice.is_final else Appraisal.Status.OPEN
        if appraisal.status != status and appraisal.status != Appraisal.Status.CLOSED:
            appraisal.status = status
            appraisal.save(update_fields=["status"])
        return events.CHOICE_CHANGED, {"choice": selectors.choice_payload(choice),
                                       "status": appraisal.status}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def insight_add(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, text: object,
                shared_with_residents_present: object = False,
                core_problem_ids: object = ()) -> OpResult:
    """Record what we learnt about the real problem (every member may)."""
    text = _text(text, "text", _("The insight"), required=True)
    shared = _bool(shared_with_residents_present, "shared_with_residents_present")
    cp_ids = _ids(core_problem_ids or [], "core_problem_ids")

    def change(workshop, appraisal):
        cps = list(appraisal.core_problems.filter(pk__in=cp_ids))
        if len(cps) != len(cp_ids):
            raise NotFound(_("This core problem does not exist."), field="core_problem_ids")
        insight = Insight.objects.create(appraisal=appraisal, text=text,
                                         shared_with_residents_present=shared)
        insight.core_problems.set(cps)
        return events.INSIGHT_CREATED, {"insight": selectors.insight_payload(insight)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def insight_delete(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                   insight_id: object) -> OpResult:
    def change(workshop, appraisal):
        insight = _get(Insight, _("This insight does not exist."), appraisal=appraisal,
                       pk=_id(insight_id, "insight_id"))
        pk = insight.pk
        insight.delete()
        return events.INSIGHT_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def _clean_action(fields: dict, *, creating: bool) -> dict:
    cleaned: dict = {}
    if "title" in fields or creating:
        cleaned["title"] = _line(fields.get("title"), "title", _("The action"), max_length=300,
                                 required=True)
    if "owner_name" in fields:
        cleaned["owner_name"] = _line(fields["owner_name"], "owner_name", _("Who"), max_length=100)
    if "due_date" in fields:
        cleaned["due_date"] = _date(fields["due_date"], "due_date")
    if "kind" in fields:
        cleaned["kind"] = _choice(fields["kind"], Action.Kind.values, "kind")
    if "source" in fields:
        cleaned["source"] = _line(fields["source"], "source", _("Source"), max_length=40)
    if "status" in fields:
        cleaned["status"] = _choice(fields["status"], Action.Status.values, "status")
    return cleaned


def action_add(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
               fields: dict) -> OpResult:
    """Record an action or agreement with an owner and a due date."""
    cleaned = _clean_action(fields, creating=True)

    def change(workshop, appraisal):
        action = Action.objects.create(appraisal=appraisal, **cleaned)
        return events.ACTION_CREATED, {"action": selectors.action_payload(action)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def action_update(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                  action_id: object,
                  fields: dict) -> OpResult:
    cleaned = _clean_action(fields, creating=False)
    if not cleaned:
        raise Invalid(_("Nothing to change."))

    def change(workshop, appraisal):
        action = _get(Action, _("This action does not exist."), appraisal=appraisal,
                      pk=_id(action_id, "action_id"))
        for name, value in cleaned.items():
            setattr(action, name, value)
        action.save(update_fields=list(cleaned))
        return events.ACTION_UPDATED, {"action": selectors.action_payload(action)}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)


def action_delete(*, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None,
                  action_id: object) -> OpResult:
    def change(workshop, appraisal):
        action = _get(Action, _("This action does not exist."), appraisal=appraisal,
                      pk=_id(action_id, "action_id"))
        pk = action.pk
        action.delete()
        return events.ACTION_DELETED, {"id": pk}

    return _op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change,
               facilitator_only=True)
