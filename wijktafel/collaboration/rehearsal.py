"""A meeting at any of its parts, for the screen tests and the screenshots (seam
``Method.rehearse``), and the demo meeting of ``load_demo``.

Both play the meeting through the same services the live ops run, so what they show is what a
real meeting makes: six people of three organisations, a vote, duos, notes, agreements."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wijktafel.agreements import services as register
from wijktafel.groups import services as grouping
from wijktafel.stickers import services as stickers
from wijktafel.workshops import services as engine
from wijktafel.workshops.models import Workshop
from wijktafel.workshops.seam import Rehearsal
from wijktafel.workshops.services import Actor

from . import agenda, services
from .models import Meeting

PEOPLE = (
    ("Ans", "Wijkteam Noord"),
    ("Bram", "Woningcorporatie Helder Wonen"),
    ("Chantal", "GGD"),
    ("Dirk", "Wijkteam Noord"),
    ("Esra", "Woningcorporatie Helder Wonen"),
    ("Femke", "GGD"),
)
# Which parts have an input on the phone (the others follow the big screen).
PHONE_INPUT = {
    agenda.REFLECTION: True,
    agenda.VOTE: True,
    agenda.DUOS: True,
    agenda.BREAK: True,
    agenda.SILENT: True,
    agenda.ACTIONS: True,
    agenda.CLOSING: True,
}
DEMO_TITLE = "Samenwerken in Den Helder-Noord (demo)"
NOTES = (
    "Elke maand een gezamenlijke lunch van het wijkteam en de corporatie.",
    "Een vaste contactpersoon per organisatie, op één lijst.",
    "Casusoverleg met de GGD erbij, om de week.",
)


def _play(user, workshop: Workshop, upto: int) -> list:
    """Join the six and play the meeting through the services up to part ``upto`` (not
    including it); the people, in order."""
    facilitator = Actor(user=user)
    meeting = Meeting.objects.get(workshop=workshop)
    people = [
        engine.participant_join(
            workshop=workshop, display_name=name, organisation_name=org, kind="professional"
        )
        for name, org in PEOPLE
    ]
    cards = [q["target_id"] for q in meeting.questions]
    ids = {"workshop_id": workshop.pk, "client_op_id": None}
    if upto > agenda.REFLECTION:
        for joined in people[:4]:
            services.reflection_save(
                **ids,
                actor=Actor(participant=joined.participant),
                answers={"works": "We kennen elkaar.", "stuck": "Wie betaalt wat?"},
            )
    if upto > agenda.VOTE:
        stickers.ballot_update(
            **ids, actor=facilitator, ballot_id=meeting.ballot_id, status="voting"
        )
        for n, joined in enumerate(people):
            for card in (cards[5], cards[1], cards[2 + n % 3]):
                stickers.sticker_place(
                    **ids,
                    actor=Actor(participant=joined.participant),
                    ballot_id=meeting.ballot_id,
                    target_id=card,
                )
        stickers.ballot_update(
            **ids, actor=facilitator, ballot_id=meeting.ballot_id, status="closed"
        )
        grouping.grouping_form(**ids, actor=facilitator, kind="duo")
    if upto > agenda.DUOS:
        _goto(user, workshop, agenda.DUOS)
        for n, joined in enumerate(people[1:4]):
            services.flap_note_add(
                **ids,
                actor=Actor(participant=joined.participant),
                card_id=cards[(5, 1, 2)[n]],
                text=NOTES[n],
                origin="practice",
            )
    if upto > agenda.AGREEMENTS:
        register.agreement_create(
            **ids,
            actor=facilitator,
            kind="joint_agreement",
            description="Een vaste contactpersoon per organisatie, op één lijst",
            owner_ids=[people[1].participant.pk],
            link_kind="question",
            link_id=cards[5],
            link_label=meeting.questions[5]["wording"],
            due_date=(timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        )
    return people


def _goto(user, workshop: Workshop, step: int) -> None:
    item = workshop.agenda_items.get(step=step)
    engine.timer_control(
        workshop_id=workshop.pk, actor=Actor(user=user), action="goto", item_id=item.pk
    )


def _new(user, title: str, **extra) -> Workshop:
    return engine.workshop_create(
        user=user,
        title=title,
        template_key=agenda.SAMENWERKEN.key,
        planned_start=timezone.now() + dt.timedelta(hours=1),
        **extra,
    )


def rehearse(user, step: int) -> Rehearsal:
    """A meeting at part ``step``, with what the parts before made; the phone is Ans's."""
    workshop = _new(user, "Samenwerken in de wijk")
    people = _play(user, workshop, step)
    _goto(user, workshop, step)
    workshop.refresh_from_db()
    phone = people[0]
    return Rehearsal(workshop, phone.participant, phone.token, PHONE_INPUT.get(step, False))


def build_demo(*, organisation, facilitator, workshop, stdout) -> list[tuple[str, str]]:
    """A meeting of its own (the demo session runs the first method's template): made once,
    before it starts, so the demo shows it from the first minute."""
    from django.urls import reverse

    meeting = (
        Workshop.objects.filter(organisation=organisation, title=DEMO_TITLE)
        .exclude(status=Workshop.Status.ENDED)
        .first()
    )
    if meeting is None:
        meeting = _new(facilitator, DEMO_TITLE, area=workshop.area)
        stdout.write(f"Created the demo meeting #{meeting.pk}.")
    return [("Samenwerken in de wijk", reverse("workshops:console", args=[meeting.pk]))]
