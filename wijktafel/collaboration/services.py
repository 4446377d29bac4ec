"""The writes of Samenwerken in de wijk: what is written on the cards, the contact forms, the
reflection answers, the follow-up and the closing, and the organisation's wording of the ten
questions.

The vote on the cards (part 3), the blank cards, the duos (part 4) and the agreements and actions
(parts 8 and 9) are the blocks' own ops (stickers, groups, agreements); this module adds what is
the method's. Every live write is one logged op (``apply_op``) under the session's write lock."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.dates import parse_date
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text
from wijktafel.groups.models import Membership
from wijktafel.stickers.models import Ballot, Target
from wijktafel.workshops.models import Participant, Workshop
from wijktafel.workshops.ops import facilitators_only
from wijktafel.workshops.rules import FACILITATING_ROLES
from wijktafel.workshops.services import Actor, OpResult, apply_op

from . import agenda, events
from .models import Contact, Meeting, Note, QuestionWording, ReflectionAnswer
from .questions import (
    DIRECTION_MAX,
    MAX_DIRECTIONS,
    NUMBERS,
    REFLECTION_KEYS,
    WORDING_MAX,
    questions_of,
)
from .selectors import contacts_event, meeting_state, note_payload, reflection_event

NOTE_MAX = 500
MAX_NOTES = 2000  # per meeting
REPORT_BACK_MAX = 300
NAME_MAX = 100
PHONE_MAX = 30
EMAIL_MAX = 254
ANSWER_MAX = 1000
RULE_MAX = 200
MAX_RULES = 10
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{6,30}$")


# --- The meeting's parts ---------------------------------------------------------------------


def create_meeting(workshop: Workshop) -> Meeting:
    """The method's part of a new session (``Method.on_workshop_created``, inside its
    transaction): the vote on the cards, open for blank cards, with a card per question in the
    organisation's wording. Three stickers each, one per card, a top three (§4.5)."""
    ballot = Ballot.objects.create(
        workshop=workshop,
        title=_("Which questions first?"),
        target_kind="question",
        budget=3,
        cap=1,
        top_n=3,
        status=Ballot.Status.COLLECTING,
    )
    questions = []
    for position, question in enumerate(questions_of(workshop.organisation)):
        target = Target.objects.create(ballot=ballot, label=question.wording, position=position)
        questions.append(
            {
                "number": question.number,
                "target_id": target.pk,
                "wording": question.wording,
                "directions": list(question.directions),
            }
        )
    return Meeting.objects.create(workshop=workshop, ballot=ballot, questions=questions)


def meeting_of(workshop: Workshop) -> Meeting:
    """The session's meeting, or a 409: the session is not a meeting."""
    meeting = Meeting.objects.filter(workshop=workshop).first()
    if meeting is None:
        raise Conflict(_("This session is not a Samenwerken in de wijk meeting."))
    return meeting


def _step(workshop: Workshop) -> int | None:
    """The part of the meeting that runs now (the current agenda item's step)."""
    item = workshop.current_item
    return item.step if item is not None else None


def _participant(workshop: Workshop, participant_id: object, field: str) -> Participant:
    try:
        return Participant.objects.get(
            workshop=workshop,
            pk=int(participant_id),
            removed_at__isnull=True,  # type: ignore[arg-type]
        )
    except (Participant.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This person is not taking part in this session."), field=field) from None


def _only_participants(actor: Actor, message: str) -> Participant:
    if actor.participant is None:
        raise NotAllowed(message)
    return actor.participant


# --- Notes on the cards (parts 4, 6 and 7) ---------------------------------------------------


def _card(meeting: Meeting, card_id: object) -> Target:
    try:
        return Target.objects.get(ballot_id=meeting.ballot_id, pk=int(card_id))  # type: ignore[arg-type]
    except (Target.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This card is not part of the meeting."), field="card_id") from None


def _note(meeting: Meeting, note_id: object, field: str = "note_id") -> Note:
    try:
        return Note.objects.get(meeting=meeting, pk=int(note_id))  # type: ignore[arg-type]
    except (Note.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This note no longer exists."), field=field) from None


def _note_text(text: object) -> str:
    return clean_text(text, max_length=NOTE_MAX, field="text", label=_("Your note"))


def _may_change(actor: Actor, workshop: Workshop, note: Note) -> None:
    if actor.is_facilitator_of(workshop):
        return
    if actor.participant is None or note.author_id != actor.participant.pk:
        raise NotAllowed(_("You can only change your own notes."))


def flap_note_add(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    card_id: object,
    text: object,
    origin: object = "",
    reacts_to_id: object = None,
) -> OpResult:
    """Write on a card. Participants write in the duo round (with where the idea comes from:
    own practice, invented or found elsewhere) and in the silent round (a reaction answers the
    note it names); the facilitator writes at any time, in the plenary feedback onto the
    top-three sheet."""
    text = _note_text(text)
    if origin not in ("", *Note.Origin.values):
        raise Invalid(
            _("Say where the idea comes from: own practice, invented or found elsewhere."),
            field="origin",
        )

    def change(workshop: Workshop) -> tuple[str, dict]:
        meeting = meeting_of(workshop)
        card = _card(meeting, card_id)
        step = _step(workshop)
        facilitator = actor.is_facilitator_of(workshop)
        if step == agenda.DUOS:
            round_ = Note.Round.DUO
        elif step == agenda.SILENT:
            round_ = Note.Round.SILENT
        elif facilitator:
            round_ = Note.Round.PLENARY
        else:
            raise Conflict(
                _("You can write on the cards in the duo round and in the silent round."),
                field="text",
            )
        reacts_to = None
        if reacts_to_id is not None:
            reacts_to = _note(meeting, reacts_to_id, "reacts_to_id")
            if reacts_to.card_id != card.pk:
                raise Invalid(
                    _("A reaction goes on the same card as the note it answers."),
                    field="reacts_to_id",
                )
        if round_ == Note.Round.DUO and not facilitator and not origin:
            raise Invalid(
                _("Say where the idea comes from: own practice, invented or found elsewhere."),
                field="origin",
            )
        if Note.objects.filter(meeting=meeting).count() >= MAX_NOTES:
            raise Conflict(_("The cards are full: no more notes fit."), field="text")
        duo = None
        if actor.participant is not None:
            duo = (
                Membership.objects.filter(participant=actor.participant, kind="duo")
                .values_list("group_id", flat=True)
                .first()
            )
        note = Note.objects.create(
            meeting=meeting,
            card=card,
            text=text,
            round=round_,
            origin=origin,
            author=actor.participant,
            duo_id=duo,
            reacts_to=reacts_to,
            on_sheet=round_ == Note.Round.PLENARY,
        )
        return events.NOTE_ADDED, note_payload(note)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def flap_note_update(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    note_id: object,
    text: object,
) -> OpResult:
    """Change the text of a note (your own; the facilitator any)."""
    text = _note_text(text)

    def change(workshop: Workshop) -> tuple[str, dict]:
        note = _note(meeting_of(workshop), note_id)
        _may_change(actor, workshop, note)
        note.text = text
        note.save(update_fields=["text"])
        return events.NOTE_UPDATED, note_payload(note)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def flap_note_remove(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None, note_id: object
) -> OpResult:
    """Take a note off its card (your own; the facilitator any), with the reactions to it."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        note = _note(meeting_of(workshop), note_id)
        _may_change(actor, workshop, note)
        gone = [note.pk, *_reactions_of(note)]
        note.delete()
        return events.NOTE_REMOVED, {"ids": gone}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


def _reactions_of(note: Note) -> list[int]:
    ids, todo = [], [note.pk]
    while todo:
        found = list(Note.objects.filter(reacts_to_id__in=todo).values_list("pk", flat=True))
        ids += found
        todo = found
    return ids


@facilitators_only
def flap_note_sheet(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    note_id: object,
    on_sheet: object,
) -> OpResult:
    """Put a note on the top-three sheet, or take it off (the plenary feedback, part 7)."""
    if not isinstance(on_sheet, bool):
        raise Invalid(_("Choose yes or no."), field="on_sheet")

    def change(workshop: Workshop) -> tuple[str, dict]:
        note = _note(meeting_of(workshop), note_id)
        note.on_sheet = on_sheet
        note.save(update_fields=["on_sheet"])
        return events.NOTE_UPDATED, note_payload(note)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Contacts (the break and the closing; bouwsteen 7) ---------------------------------------


def _contact_fields(name, organisation, function, phone, email) -> dict:
    name = clean_text(name, max_length=NAME_MAX, field="name", label=_("Name"))
    organisation = clean_text(
        organisation,
        max_length=NAME_MAX,
        field="organisation",
        label=_("Organisation"),
        required=False,
    )
    function = clean_text(
        function, max_length=NAME_MAX, field="function", label=_("Function"), required=False
    )
    phone = clean_text(phone, max_length=PHONE_MAX, field="phone", label=_("Phone"), required=False)
    if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6):
        raise Invalid(_("Type a phone number like 06 12345678."), field="phone")
    email = clean_text(
        email, max_length=EMAIL_MAX, field="email", label=_("E-mail"), required=False
    )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Invalid(
                _("Type an e-mail address like naam@voorbeeld.nl."), field="email"
            ) from None
    if not phone and not email:
        raise Invalid(_("Fill in a phone number or an e-mail address."), field="phone")
    return {
        "name": name,
        "organisation": organisation,
        "function": function,
        "phone": phone,
        "email": email,
    }


def contact_save(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    name: object,
    organisation: object = "",
    function: object = "",
    phone: object = "",
    email: object = "",
    share: object = False,
) -> OpResult:
    """Fill in or correct your contact details, and say whether they may be shared with the
    others (not shared unless you say so; saying no later withdraws it). Withdrawing stays
    possible after the meeting ended: consent can always be taken back."""
    # Who asks comes first: a facilitator's account has no contact form to fill in.
    _only_participants(actor, _("Only participants fill in their own contact details."))
    fields = _contact_fields(name, organisation, function, phone, email)
    if not isinstance(share, bool):
        raise Invalid(_("Choose yes or no."), field="share")

    def change(workshop: Workshop) -> tuple[str, dict]:
        me = _only_participants(actor, _("Only participants fill in their own contact details."))
        meeting = meeting_of(workshop)
        Contact.objects.update_or_create(
            participant=me, defaults={"meeting": meeting, "share": share, **fields}
        )
        return events.CONTACTS_CHANGED, contacts_event(meeting)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=change,
        after_end=not share,
    )


def contact_remove(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Take your contact details away altogether (also after the meeting ended)."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        me = _only_participants(actor, _("Only participants fill in their own contact details."))
        meeting = meeting_of(workshop)
        deleted, _kinds = Contact.objects.filter(meeting=meeting, participant=me).delete()
        if not deleted:
            raise NotFound(_("You have not filled in your contact details."))
        return events.CONTACTS_CHANGED, contacts_event(meeting)

    return apply_op(
        workshop_id=workshop_id,
        actor=actor,
        client_op_id=client_op_id,
        change=change,
        after_end=True,
    )


# --- Reflection (before the meeting; bouwsteen 4) --------------------------------------------


def reflection_save(
    *, workshop_id: int, actor: Actor, client_op_id: uuid.UUID | None = None, answers: object
) -> OpResult:
    """Answer the reflection questions (all or some; an empty answer takes yours away). Only
    the facilitator reads them."""
    _only_participants(actor, _("Only participants answer the reflection questions."))
    if not isinstance(answers, dict) or not answers:
        raise Invalid(_("Answer at least one question."), field="answers")
    cleaned = {}
    for key, value in answers.items():
        if key not in REFLECTION_KEYS:
            raise Invalid(_("This is not one of the reflection questions."), field="answers")
        cleaned[key] = clean_text(
            value,
            max_length=ANSWER_MAX,
            field="answers",
            label=_("Your answer"),
            required=False,
            multiline=True,
        )

    def change(workshop: Workshop) -> tuple[str, dict]:
        me = _only_participants(actor, _("Only participants answer the reflection questions."))
        meeting = meeting_of(workshop)
        for key, text in cleaned.items():
            if text:
                ReflectionAnswer.objects.update_or_create(
                    participant=me, question=key, defaults={"meeting": meeting, "text": text}
                )
            else:
                ReflectionAnswer.objects.filter(participant=me, question=key).delete()
        return events.REFLECTION_CHANGED, reflection_event(meeting)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- Follow-up (part 10), closing (part 11), the round of actions (part 9) ---------------------


@facilitators_only
def follow_up_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    next_meeting_date: object = None,
    report_back: object = "",
    next_organiser_id: object = None,
    next_organiser_name: object = "",
) -> OpResult:
    """Record the follow-up: the next meeting's date, when everyone reports back on their
    actions, and the next organiser (a participant, or a name: the chair may rotate)."""
    date = parse_date(next_meeting_date, "next_meeting_date")
    report_back = clean_text(
        report_back,
        max_length=REPORT_BACK_MAX,
        field="report_back",
        label=_("Reporting back"),
        required=False,
    )
    name = clean_text(
        next_organiser_name,
        max_length=NAME_MAX,
        field="next_organiser_name",
        label=_("Next organiser"),
        required=False,
    )

    def change(workshop: Workshop) -> tuple[str, dict]:
        meeting = meeting_of(workshop)
        # The meeting's day where it is held: the stored start is UTC, an hour or two behind.
        today = timezone.localdate(workshop.planned_start)
        if date is not None and date <= today:
            raise Invalid(
                _("The next meeting must come after this one (%(date)s).")
                % {"date": today.isoformat()},
                field="next_meeting_date",
            )
        organiser = None
        if next_organiser_id is not None:
            organiser = _participant(workshop, next_organiser_id, "next_organiser_id")
        meeting.next_meeting_date = date
        meeting.report_back = report_back
        meeting.next_organiser = organiser
        meeting.next_organiser_name = "" if organiser else name
        meeting.save()
        return events.MEETING_CHANGED, meeting_state(meeting)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def closing_set(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    stays_here: object = None,
    ground_rules: object = None,
) -> OpResult:
    """Record the ground rules that were agreed. "What is said here stays here" marks the report
    confidential. A field left out stays as it is."""
    values: dict = {}
    if stays_here is not None:
        if not isinstance(stays_here, bool):
            raise Invalid(_("Choose yes or no."), field="stays_here")
        values["stays_here"] = stays_here
    if ground_rules is not None:
        if not isinstance(ground_rules, (list, tuple)) or len(ground_rules) > MAX_RULES:
            raise Invalid(
                _("Give at most %(max)d ground rules.") % {"max": MAX_RULES}, field="ground_rules"
            )
        rules = [
            clean_text(r, max_length=RULE_MAX, field="ground_rules", label=_("Ground rule"))
            for r in ground_rules
        ]
        values["ground_rules"] = list(dict.fromkeys(rules))

    def change(workshop: Workshop) -> tuple[str, dict]:
        meeting = meeting_of(workshop)
        for key, value in values.items():
            setattr(meeting, key, value)
        meeting.save()
        return events.MEETING_CHANGED, meeting_state(meeting)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def actions_show(
    *,
    workshop_id: int,
    actor: Actor,
    client_op_id: uuid.UUID | None = None,
    participant_id: object = None,
) -> OpResult:
    """Show one person's actions on the big screen (the short round of part 9), or nobody's."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        meeting = meeting_of(workshop)
        person = None
        if participant_id is not None:
            person = _participant(workshop, participant_id, "participant_id")
        meeting.showing_actions_of = person
        meeting.save(update_fields=["showing_actions_of"])
        return events.MEETING_CHANGED, meeting_state(meeting)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


# --- The organisation's wording of the ten questions -----------------------------------------


def _number(number: object) -> int:
    if isinstance(number, bool) or not isinstance(number, int) or number not in NUMBERS:
        raise NotFound(_("There are ten questions, numbered 1 to 10."))
    return number


def _organisation(user):
    """The organisation whose wording ``user`` may change: their own, as its facilitator or
    admin."""
    if user.organisation_id is None or user.role not in FACILITATING_ROLES:
        raise NotAllowed(_("Only facilitators of an organisation may word its questions."))
    return user.organisation


def question_word(*, user, number: object, wording: object, directions: object) -> None:
    """Word a question the organisation's own way, with its solution directions (a list)."""
    organisation = _organisation(user)
    number = _number(number)
    wording = clean_text(wording, max_length=WORDING_MAX, field="wording", label=_("Question"))
    if not isinstance(directions, (list, tuple)) or len(directions) > MAX_DIRECTIONS:
        raise Invalid(
            _("Give at most %(max)d solution directions.") % {"max": MAX_DIRECTIONS},
            field="directions",
        )
    cleaned = [
        clean_text(
            d,
            max_length=DIRECTION_MAX,
            field="directions",
            label=_("Solution direction"),
            required=False,
        )
        for d in directions
    ]
    cleaned = list(dict.fromkeys(d for d in cleaned if d))
    with transaction.atomic():
        QuestionWording.objects.update_or_create(
            organisation=organisation,
            number=number,
            defaults={"wording": wording, "directions": cleaned},
        )


def question_restore(*, user, number: object) -> None:
    """Back to the original wording, without solution directions."""
    organisation = _organisation(user)
    number = _number(number)
    QuestionWording.objects.filter(organisation=organisation, number=number).delete()
