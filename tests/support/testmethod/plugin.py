"""Notes: a session whose members write short notes, the smallest method there can be."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _
from ninja import Field

from wijktafel.core.text import clean_text
from wijktafel.workshops.agenda_templates import AgendaTemplate, TemplateItem
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.ops import Chars, Op, OpInput
from wijktafel.workshops.seam import Method, Panels, Rehearsal, register
from wijktafel.workshops.services import Actor, OpResult, apply_op

KEY = "notes"
NOTE_ADDED = "note.added"
NOTE_MAX = 200


class NoteIn(OpInput):
    text: Chars(NOTE_MAX) = Field(description="The note, at most 200 characters.")


def note_add(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None, text: object
) -> OpResult:
    """Add a note to the session (every member may)."""
    text = clean_text(text, max_length=NOTE_MAX, field="text", label=_("Note"))
    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=lambda workshop: (NOTE_ADDED, {"text": text}),
    )


def notes_of(workshop: Workshop) -> dict:
    """The method's part of the snapshot: the notes, oldest first (read from the log)."""
    events = WorkshopEvent.objects.filter(workshop=workshop, kind=NOTE_ADDED).order_by("seq")
    return {"notes": [event.payload["text"] for event in events]}


def rehearse(user, step: int) -> Rehearsal:
    """A notes session at its one step, with a participant (whose phone only follows: the method
    has no phone panel)."""
    import datetime as dt

    from django.utils import timezone

    from wijktafel.workshops import services

    workshop = services.workshop_create(
        user=user,
        title="Notities",
        template_key=TEMPLATE.key,
        planned_start=timezone.now() + dt.timedelta(hours=1),
    )
    joined = services.participant_join(workshop=workshop, display_name="Ans")
    item = workshop.agenda_items.get(step=step)
    services.timer_control(
        workshop_id=workshop.pk, actor=Actor(user=user), action="goto", item_id=item.pk
    )
    return Rehearsal(workshop, joined.participant, joined.token, phone_input=False)


TEMPLATE = AgendaTemplate(
    key="notes",
    name="Notes (test method)",
    description="One item in which everyone writes notes.",
    items=(TemplateItem("Write notes", 10, "individual", 1, "Write what you noticed."),),
)

register(
    Method(
        key=KEY,
        name="Notes (test method)",
        tag="notes (test method)",
        snapshot_key="notes",
        snapshot=notes_of,
        ops=(
            Op(
                "note.add",
                note_add,
                NoteIn,
                "POST",
                "/notes",
                "Add a note",
                example={"text": "De bankjes zijn weg"},
                status=201,
            ),
        ),
        event_kinds=(NOTE_ADDED,),
        templates=(TEMPLATE,),
        steps=(1,),
        rehearse=rehearse,
        panels=Panels(
            console="testmethod/panel.html",
            screen="testmethod/panel.html",
            participant="testmethod/panel.html",
        ),
    )
)
