"""The socket op tests run in session I of an appraisal with two groups and something made in each step."""

import pytest

from tests.support.appraisal import actor_of, add_postit, op
from wijktafel.activities import services as wall
from wijktafel.appraisals import services as aps


@pytest.fixture
def world(workshop, appraisal, fac_actor, people, groups, owner_column):
    """Ans and Bram in group 1, Cor and Dewi in group 2; both groups wrote a core problem and
    solutions (group 1 one out-of-the-box), the baseline is described, three are selected."""
    ws = workshop.pk
    g1, g2 = groups
    ans, cor = actor_of(people["Ans"]), actor_of(people["Cor"])
    postit = add_postit(workshop, people["Ans"], "Zwerfvuil", owner_column)
    idea = add_postit(workshop, people["Ans"], "Een buurthuis")
    wall.postit_park(workshop_id=ws, actor=fac_actor, client_op_id=None, postit_id=idea.pk)
    bram_postit = add_postit(workshop, people["Bram"], "Parkeren", owner_column)
    aps.problem_mark_set(
        workshop_id=ws, actor=actor_of(people["Bram"]), client_op_id=op(), postit_id=bram_postit.pk
    )

    def made(result, key):
        return result.event.payload[key]["id"]

    def core_problem(actor, text):
        return made(
            aps.core_problem_create(
                workshop_id=ws,
                actor=actor,
                client_op_id=op(),
                owner_id=owner_column.pk,
                fields={"formulation": text},
            ),
            "core_problem",
        )

    def solution(actor, title, ootb):
        return made(
            aps.solution_create(
                workshop_id=ws,
                actor=actor,
                client_op_id=op(),
                fields={"title": title, "out_of_the_box": ootb},
            ),
            "solution",
        )

    cp1, cp2 = core_problem(ans, "Afval naast de containers"), core_problem(cor, "Te hard rijden")
    s1, s1b = solution(ans, "Buurtconciërge", True), solution(ans, "Wedstrijd", False)
    s2 = solution(cor, "Drempels", False)
    aps.baseline_set(
        workshop_id=ws, actor=fac_actor, client_op_id=op(), fields={"description": "Huidig beheer"}
    )
    aps.selection_set(
        workshop_id=ws,
        actor=fac_actor,
        client_op_id=op(),
        solution_ids=[s1, s1b, s2],
        reason="Alle drie",
    )
    return {
        "ws": ws,
        "g1": g1.pk,
        "g2": g2.pk,
        "cp1": cp1,
        "cp2": cp2,
        "s1": s1,
        "s1b": s1b,
        "s2": s2,
        "postit": postit.pk,
        "idea": idea.pk,
        "column": owner_column.pk,
        "bram": people["Bram"].participant.pk,
        "pitch": aps.pitches_plan(workshop_id=ws, actor=fac_actor, client_op_id=op()).event.payload[
            "pitches"
        ][0]["id"],
        "criterion": made(
            aps.criterion_add(
                workshop_id=ws, actor=fac_actor, client_op_id=op(), title="Haalbaarheid"
            ),
            "criterion",
        ),
        "insight": made(
            aps.insight_add(workshop_id=ws, actor=fac_actor, client_op_id=op(), text="Inzicht"),
            "insight",
        ),
        "action": made(
            aps.action_add(
                workshop_id=ws, actor=fac_actor, client_op_id=op(), fields={"title": "Bellen"}
            ),
            "action",
        ),
    }
