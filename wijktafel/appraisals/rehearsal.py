"""An appraisal at any of its eight steps, for the screen tests and the screenshots (seam
``Method.rehearse``): a work session whose agenda runs that step, with what the steps before made,
made through the services as a facilitator and the participants would, and one participant placed
where a phone would be (in a group of four, whose work is partly done).

Session I (steps 1–4): six participants, three problem owners, post-its, two groups, core
problems, a baseline and solutions. Session II (steps 5–8): eight participants in four groups,
two solutions per group with their cards, the rankings of the other three groups, a selection
and effect cards (so the big screen has four groups' work to show).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wijktafel.activities import services as wall
from wijktafel.workshops import services as engine
from wijktafel.workshops.seam import Rehearsal
from wijktafel.workshops.services import Actor

from . import services
from .agenda import AFWEGEN_I, AFWEGEN_II

OWNERS = ("Bewoners", "Woningcorporatie", "Gemeente")
PEOPLE = ("Wanda", "Youssef", "Ilse", "Kees", "Noor", "Sem", "Lotte")
POSTITS = (
    "Zwerfvuil naast de containers",
    "Kapotte verlichting in de portiek",
    "Jongeren hangen 's avonds bij de ingang",
    "Bewoners kennen elkaar niet",
    "Meldingen worden niet opgepakt",
    "Geluidsoverlast in het weekend",
)
SOLUTIONS = (
    "Buurtconciërge voor de flats",
    "Extra afvalbakken en vaste ophaaldag",
    "Ontmoetingsplek in de lege winkel",
    "Led-verlichting met bewegingsmelder",
    "Jongerenwerk op vrijdagavond",
    "Bewonerscommissie schoonmaak",
    "Camera's bij de containers",
    "Buurtapp met de wijkagent",
)


def rehearse(user, step: int) -> Rehearsal:
    """Work session I (steps 1–4) or II (5–8) of a new appraisal, its agenda at ``step``."""
    if step not in range(1, 9):
        raise ValueError(f"An appraisal has steps 1 to 8, not {step!r}.")
    with transaction.atomic():
        return (_session_one if step <= 4 else _session_two)(user, step)


def _made(result, key: str) -> int:
    return result.event.payload[key]["id"]


def _start(user, template, session: int, people: int, title: str):
    appraisal = services.appraisal_create(
        user=user,
        title=f"{title} ({timezone.now():%H:%M:%S})",
        trigger="Bewoners melden al twee jaar veel overlast rond de flats: zwerfvuil, "
        "kapotte verlichting en jongeren die 's avonds bij de ingang hangen.",
        horizon_years=10,
    )
    workshop = engine.workshop_create(
        user=user,
        title=f"{title}, werksessie {session}",
        template_key=template.key,
        planned_start=timezone.now() + dt.timedelta(hours=1),
    )
    services.appraisal_link(
        user=user, appraisal_id=appraisal.pk, session=session, workshop_id=workshop.pk
    )
    phone = engine.participant_join(workshop=workshop, display_name="Ans", kind="resident")
    others = [
        engine.participant_join(workshop=workshop, display_name=name).participant
        for name in PEOPLE[: people - 1]
    ]
    fac = Actor(user=user)
    columns = [
        wall.column_create(
            workshop_id=workshop.pk, actor=fac, client_op_id=None, title=t
        ).event.payload["id"]
        for t in OWNERS
    ]
    return workshop, phone, others, fac, columns


def _groups(workshop, fac, members: list[list[int]]) -> list[int]:
    return [
        _made(
            services.group_create(
                workshop_id=workshop.pk,
                actor=fac,
                client_op_id=None,
                name=f"Groep {n + 1}",
                member_ids=ids,
            ),
            "group",
        )
        for n, ids in enumerate(members)
    ]


def _goto(workshop, fac, step: int) -> None:
    item = next(i for i in workshop.agenda_items.order_by("position") if i.step == step)
    engine.timer_control(workshop_id=workshop.pk, actor=fac, action="goto", item_id=item.pk)


def _core_problems(workshop, columns, actors) -> list[int]:
    texts = (
        "Bewoners voelen zich niet veilig bij de ingang, vooral 's avonds.",
        "De corporatie krijgt steeds meer klachten en de schoonmaak kost te veel.",
    )
    return [
        _made(
            services.core_problem_create(
                workshop_id=workshop.pk,
                actor=actor,
                client_op_id=None,
                owner_id=column,
                fields={"formulation": text},
            ),
            "core_problem",
        )
        for text, column, actor in zip(texts, columns, actors, strict=False)
    ]


def _baseline(workshop, fac) -> None:
    services.baseline_set(
        workshop_id=workshop.pk,
        actor=fac,
        client_op_id=None,
        fields={
            "description": "Het huidige beheer gaat door: schoonmaak eens per week.",
            "decisions_taken": "De gemeente vervangt in 2027 de straatverlichting.",
            "horizon_years": 10,
        },
    )


def _session_one(user, step: int) -> Rehearsal:
    workshop, phone, others, fac, columns = _start(user, AFWEGEN_I, 1, 6, "Afweging Ankerpark")
    for n, text in enumerate(POSTITS):
        wall.postit_create(
            workshop_id=workshop.pk,
            actor=Actor(participant=others[n % len(others)]),
            client_op_id=None,
            text=text,
            column_id=columns[n % len(columns)],
        )
    wall.postit_create(
        workshop_id=workshop.pk,
        actor=Actor(participant=phone.participant),
        client_op_id=None,
        text="Niemand ruimt het grasveld op",
        column_id=columns[0],
    )
    if step >= 2:
        _groups(
            workshop,
            fac,
            [[phone.participant.pk, *(p.pk for p in others[:2])], [p.pk for p in others[2:]]],
        )
    if step >= 3:
        _core_problems(
            workshop, columns, [Actor(participant=others[0]), Actor(participant=others[2])]
        )
    if step >= 4:
        _baseline(workshop, fac)
        services.solution_create(
            workshop_id=workshop.pk,
            actor=Actor(participant=others[2]),
            client_op_id=None,
            fields={"title": SOLUTIONS[0], "out_of_the_box": False},
        )
    _goto(workshop, fac, step)
    # Step 3 is plenary: the facilitator writes the baseline and the phones follow it.
    return Rehearsal(workshop, phone.participant, phone.token, phone_input=step != 3)


def _session_two(user, step: int) -> Rehearsal:
    workshop, phone, others, fac, columns = _start(user, AFWEGEN_II, 2, 8, "Afweging Ankerpark II")
    people = [phone.participant.pk, *(p.pk for p in others)]
    groups = _groups(workshop, fac, [people[n : n + 2] for n in range(0, 8, 2)])
    _core_problems(workshop, columns, [fac, fac])
    _baseline(workshop, fac)
    solutions = [
        _made(
            services.solution_create(
                workshop_id=workshop.pk,
                actor=fac,
                client_op_id=None,
                group_id=groups[n // 2],
                fields={"title": title, "out_of_the_box": n % 2 == 1},
            ),
            "solution",
        )
        for n, title in enumerate(SOLUTIONS)
    ]
    for n, solution in enumerate(solutions):
        if n == 0 and step == 5:
            continue  # the phone's group fills in its first card now
        services.card_save(
            workshop_id=workshop.pk,
            actor=fac,
            client_op_id=None,
            solution_id=solution,
            fields={
                "description": f"{SOLUTIONS[n]}: zo werkt het in de praktijk.",
                "extra_one_off_cost": 1500 * (n + 1),
                "extra_periodic_cost_per_year": 400 * (n + 1),
                "effects": [
                    {
                        "text": "Minder zwerfvuil",
                        "sign": "+",
                        "who": "bewoners",
                        "reach": "complex",
                    },
                    {"text": "Meer beheerwerk", "sign": "-", "who": "corporatie", "reach": "buurt"},
                ],
            },
        )
    if step >= 6:
        for n, group in enumerate(groups):
            if n == 0 and step == 6:
                continue  # the phone's group ranks now
            order = solutions[n:] + solutions[:n]
            services.ranking_set(
                workshop_id=workshop.pk,
                actor=fac,
                client_op_id=None,
                group_id=group,
                ordered_solution_ids=order,
            )
    if step >= 7:
        services.selection_set(
            workshop_id=workshop.pk,
            actor=fac,
            client_op_id=None,
            solution_ids=solutions[:3],
            reason="De drie die in de meeste groepen bovenaan staan.",
        )
    _goto(workshop, fac, step)
    return Rehearsal(workshop, phone.participant, phone.token, phone_input=True)
