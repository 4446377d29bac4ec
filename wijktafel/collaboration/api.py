"""API of Samenwerken in de wijk: what a member of a meeting may read, and the organisation's
wording of the ten questions. Its writes in a session are live ops (``ops.py``), whose routes are
made from their declarations.

Personal data: the contact list holds everyone's details for the facilitator and only those who
agreed for anyone else; the reflection answers are the facilitator's alone; ``/samenwerken/me``
gives a participant what they filled in themselves."""

from __future__ import annotations

from ninja import Router, Schema

from wijktafel.workshops.api import ERRORS
from wijktafel.workshops.api_auth import (
    ACCOUNT_AUTH,
    MEMBER_AUTH,
    account,
    facilitated_workshop,
    is_facilitator,
    member_workshop,
)

from . import selectors, services
from .models import Contact
from .questions import questions_of
from .schemas import (
    ContactListOut,
    ContactOut,
    OrganisationQuestionOut,
    QuestionWordIn,
    ReflectionAnswersOut,
)

router = Router(tags=["samenwerken in de wijk"])
BASE = "/workshops/{int:workshop_id}/samenwerken"


class MineOut(Schema):
    contact: ContactOut | None
    answers: dict[str, str]


@router.get(
    BASE + "/contacts",
    response={200: ContactListOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="The contact list: everyone's for the facilitator, only the shared ones for others",
)
def contacts(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.contacts_for(
        services.meeting_of(workshop), everyone=is_facilitator(request, workshop)
    )


@router.get(
    BASE + "/reflection",
    response={200: ReflectionAnswersOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="The reflection answers per question, and who gave none (facilitator)",
)
def reflection(request, workshop_id: int):
    workshop = facilitated_workshop(request, workshop_id)
    return selectors.reflection_for(services.meeting_of(workshop))


@router.get(
    BASE + "/me",
    response={200: MineOut, **ERRORS},
    auth=MEMBER_AUTH,
    summary="What you filled in yourself: your contact details and reflection answers",
)
def mine(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    meeting = services.meeting_of(workshop)
    participant = request.auth.participant
    if participant is None:
        return {"contact": None, "answers": {}}
    contact = Contact.objects.filter(meeting=meeting, participant=participant).first()
    return {
        "contact": selectors.contact_payload(contact) if contact else None,
        "answers": selectors.answers_of(meeting, participant),
    }


# --- The organisation's wording of the ten questions -----------------------------------------


def _questions(user) -> list[dict]:
    return [
        {
            "number": q.number,
            "wording": q.wording,
            "directions": list(q.directions),
            "original": q.original,
            "own": q.own,
        }
        for q in questions_of(user.organisation)
    ]


@router.get(
    "/samenwerken/questions",
    response={200: list[OrganisationQuestionOut], **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="The ten questions as your organisation words them, with its solution directions",
)
def organisation_questions(request):
    return _questions(account(request))


@router.put(
    "/samenwerken/questions/{int:number}",
    response={200: list[OrganisationQuestionOut], **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Word a question your organisation's own way, with solution directions",
)
def word_question(request, number: int, body: QuestionWordIn):
    user = account(request)
    services.question_word(
        user=user, number=number, wording=body.wording, directions=body.directions
    )
    return _questions(user)


@router.delete(
    "/samenwerken/questions/{int:number}",
    response={200: list[OrganisationQuestionOut], **ERRORS},
    auth=ACCOUNT_AUTH,
    summary="Restore the original wording of a question (its solution directions go too)",
)
def restore_question(request, number: int):
    user = account(request)
    services.question_restore(user=user, number=number)
    return _questions(user)
