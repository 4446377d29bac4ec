"""What the socket op tests share: the world of session I (two groups, something made in each
step), the table of a valid op per kind (``CASES``), the kinds only a facilitator may send, and
``_open``, a socket as the facilitator or a participant."""

from __future__ import annotations

from channels.db import database_sync_to_async

from tests.support.appraisal import op, state_of
from wijktafel.appraisals import events as ev
from wijktafel.appraisals import services as aps

state = database_sync_to_async(state_of)


# What the method leaves to the session leader (decision 0009; the API's facilitator routes).
FACILITATOR_ONLY = {
    "group.create",
    "group.update",
    "group.delete",
    "groups.form",
    "groups.carry_over",
    "pitches.plan",
    "pitch.update",
    "core_problem.confirm",
    "baseline.set",
    "horizon.set",
    "solution.merge",
    "core_effects.set",
    "criterion.add",
    "criterion.remove",
    "selection.set",
    "choice.set",
    "insight.delete",
    "action.add",
    "action.update",
    "action.delete",
}


# --- The world: session I with two groups and something made in each step ---------------------


def _without_groups(w, fac_actor):
    for group in ("g1", "g2"):
        aps.group_delete(workshop_id=w["ws"], actor=fac_actor, client_op_id=op(), group_id=w[group])


def _as_session_two(w, fac_actor):
    """The world's workshop becomes work session II, without groups, after a new session I in
    which Ans and Cor (the same people: recognised) were a group."""
    from tests.support.factories import make_workshop
    from wijktafel.appraisals.models import Appraisal, Group
    from wijktafel.series.services import person_of
    from wijktafel.workshops.models import Participant
    from wijktafel.workshops.services import participant_join

    _without_groups(w, fac_actor)
    user = fac_actor.user
    appraisal = Appraisal.objects.get(session_one_id=w["ws"])
    first = make_workshop(user, title="Werksessie I (eerder)")
    aps.appraisal_link(user=user, appraisal_id=appraisal.pk, session=1, workshop_id=first.pk)
    aps.appraisal_link(user=user, appraisal_id=appraisal.pk, session=2, workshop_id=w["ws"])
    members = []
    for participant in Participant.objects.filter(
        workshop_id=w["ws"], display_name__in=["Ans", "Cor"]
    ):
        person = person_of(participant)
        members.append(
            participant_join(
                workshop=first, display_name=person.display_name, context={"person": person}
            ).participant
        )
    group = Group.objects.create(appraisal=appraisal, workshop=first, name="Groep 1")
    group.members.set(members)


# kind -> (sender, data from the world, event kind, a preparation or None)
CASES = {
    "group.create": (
        "fac",
        lambda w: {"name": "Groep 3", "member_ids": []},
        ev.GROUP_CREATED,
        None,
    ),
    "group.update": (
        "fac",
        lambda w: {"group_id": w["g1"], "name": "Groep A"},
        ev.GROUP_UPDATED,
        None,
    ),
    "group.delete": ("fac", lambda w: {"group_id": w["g1"]}, ev.GROUP_DELETED, None),
    "groups.form": ("fac", lambda w: {"size": 2}, ev.GROUPS_FORMED, _without_groups),
    "groups.carry_over": ("fac", lambda w: {}, ev.GROUPS_FORMED, _as_session_two),
    "group.step_close": (
        "ans",
        lambda w: {"group_id": w["g1"], "step": 4, "closed": True},
        ev.GROUP_UPDATED,
        None,
    ),
    "pitches.plan": ("fac", lambda w: {}, ev.PITCHES_PLANNED, None),
    "pitch.update": (
        "fac",
        lambda w: {"pitch_id": w["pitch"], "done": True, "clarifying_questions": ["Waar precies?"]},
        ev.PITCH_UPDATED,
        None,
    ),
    "problem_mark.set": ("ans", lambda w: {"postit_id": w["postit"]}, ev.PROBLEM_MARK_SET, None),
    "problem_mark.remove": ("bram", lambda w: {}, ev.PROBLEM_MARK_REMOVED, None),
    "core_problem.create": (
        "ans",
        lambda w: {
            "owner_id": w["column"],
            "formulation": "Geen plek om te spelen",
            "source_postit_ids": [w["postit"]],
        },
        ev.CORE_PROBLEM_CREATED,
        None,
    ),
    "core_problem.update": (
        "ans",
        lambda w: {"core_problem_id": w["cp1"], "nature": "Vies", "version": 1},
        ev.CORE_PROBLEM_UPDATED,
        None,
    ),
    "core_problem.confirm": (
        "fac",
        lambda w: {"core_problem_id": w["cp1"], "confirmed": True},
        ev.CORE_PROBLEM_UPDATED,
        None,
    ),
    "core_problem.delete": (
        "ans",
        lambda w: {"core_problem_id": w["cp1"]},
        ev.CORE_PROBLEM_DELETED,
        None,
    ),
    "baseline.set": (
        "fac",
        lambda w: {"one_off_cost": 500, "checklist": {"sober": True}, "version": 1},
        ev.BASELINE_CHANGED,
        None,
    ),
    "horizon.set": ("fac", lambda w: {"horizon_years": 20}, ev.HORIZON_CHANGED, None),
    "solution.create": (
        "ans",
        lambda w: {"title": "Buurthuis", "from_postit_id": w["idea"]},
        ev.SOLUTION_CREATED,
        None,
    ),
    "solution.update": (
        "ans",
        lambda w: {"solution_id": w["s1"], "version": 1, "title": "Huismeester"},
        ev.SOLUTION_UPDATED,
        None,
    ),
    "solution.delete": ("ans", lambda w: {"solution_id": w["s1b"]}, ev.SOLUTION_DELETED, None),
    "solution.merge": (
        "fac",
        lambda w: {"solution_id": w["s1b"], "into_id": w["s1"]},
        ev.SOLUTION_UPDATED,
        None,
    ),
    "solution_card.save": (
        "ans",
        lambda w: {
            "solution_id": w["s1"],
            "extra_one_off_cost": 2000,
            "effects": [{"text": "Schoner", "sign": "+"}, {"text": "Duurder", "sign": "-"}],
        },
        ev.SOLUTION_CARD_CHANGED,
        None,
    ),
    "core_effects.set": (
        "fac",
        lambda w: {"items": [{"text": "Veiliger", "mirrors_core_problem_id": w["cp1"]}]},
        ev.CORE_EFFECTS_CHANGED,
        None,
    ),
    "criterion.add": ("fac", lambda w: {"title": "Beleid"}, ev.CRITERION_CREATED, None),
    "criterion.remove": (
        "fac",
        lambda w: {"criterion_id": w["criterion"]},
        ev.CRITERION_DELETED,
        None,
    ),
    "ranking.set": (
        "ans",
        lambda w: {
            "group_id": w["g1"],
            "ordered_solution_ids": [w["s1"], w["s1b"]],
            "solving_power": {str(w["cp1"]): {str(w["s1"]): 80}},
            "notes": "Eerst de conciërge",
        },
        ev.RANKING_CHANGED,
        None,
    ),
    "selection.set": (
        "fac",
        lambda w: {"solution_ids": [w["s2"], w["s1"], w["s1b"]], "reason": "Alle drie"},
        ev.SELECTION_CHANGED,
        None,
    ),
    "effect_card.set": (
        "ans",
        lambda w: {
            "solution_id": w["s1"],
            "core_problem_id": w["cp1"],
            "main_effects": ["Schoner"],
            "size": "small",
        },
        ev.EFFECT_CARD_CHANGED,
        None,
    ),
    "choice.set": (
        "fac",
        lambda w: {"kind": "baseline", "baseline_considered": True, "is_final": True},
        ev.CHOICE_CHANGED,
        None,
    ),
    "insight.add": (
        "ans",
        lambda w: {
            "text": "Het gaat om je thuis voelen",
            "shared_with_residents_present": True,
            "core_problem_ids": [w["cp1"]],
        },
        ev.INSIGHT_CREATED,
        None,
    ),
    "insight.delete": ("fac", lambda w: {"insight_id": w["insight"]}, ev.INSIGHT_DELETED, None),
    "action.add": (
        "fac",
        lambda w: {"title": "Mailen", "due_date": "2026-12-31"},
        ev.ACTION_CREATED,
        None,
    ),
    "action.update": (
        "fac",
        lambda w: {"action_id": w["action"], "status": "done"},
        ev.ACTION_UPDATED,
        None,
    ),
    "action.delete": ("fac", lambda w: {"action_id": w["action"]}, ev.ACTION_DELETED, None),
}


async def _open(sockets, workshop, who, people, facilitator):
    if who == "fac":
        return await sockets(workshop, user=facilitator)
    return await sockets(workshop, tokens={workshop.pk: people[who.capitalize()].token})
