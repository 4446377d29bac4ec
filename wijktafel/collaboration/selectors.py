"""What a session sees of its Samenwerken in de wijk meeting, what only its facilitator sees, and
what its report holds.

Personal data: the snapshot and the events go to every socket of the session, so they hold the
contact details of only those who agreed to share them, and no reflection answer at all; the
facilitator reads those through the API (``contacts_for``, ``reflection_for``)."""

from __future__ import annotations

import datetime as dt

from wijktafel.agreements.models import Agreement
from wijktafel.stickers.models import Ballot
from wijktafel.stickers.selectors import ballot_payload, result
from wijktafel.workshops.models import Participant, Workshop

from .models import Contact, Meeting, Note, ReflectionAnswer
from .questions import REFLECTION

UPDATE_DAYS_BEFORE = 7


def note_payload(note: Note) -> dict:
    return {
        "id": note.pk,
        "card_id": note.card_id,
        "text": note.text,
        "round": note.round,
        "origin": note.origin,
        "author_id": note.author_id,
        "duo_id": note.duo_id,
        "reacts_to_id": note.reacts_to_id,
        "on_sheet": note.on_sheet,
    }


def contact_payload(contact: Contact) -> dict:
    return {
        "participant_id": contact.participant_id,
        "name": contact.name,
        "organisation": contact.organisation,
        "function": contact.function,
        "phone": contact.phone,
        "email": contact.email,
        "share": contact.share,
    }


def shared_contacts(meeting: Meeting) -> list[dict]:
    """The shared contact list: only those who agreed and still take part, never anyone else."""
    shared = meeting.contacts.filter(share=True, participant__removed_at__isnull=True)
    return [contact_payload(c) for c in shared.order_by("name", "pk")]


def contacts_event(meeting: Meeting) -> dict:
    """What a contact op tells the room: who filled in the form (ids), nothing else. The pages
    then ask for a snapshot (its shared list is as it is now, also after a withdrawal)."""
    return {"filled_ids": sorted(meeting.contacts.values_list("participant_id", flat=True))}


def reflection_event(meeting: Meeting) -> dict:
    """Who answered the reflection questions (ids); what they answered only the facilitator
    reads."""
    return {
        "answered_ids": sorted(set(meeting.reflections.values_list("participant_id", flat=True)))
    }


def update_due(next_meeting: dt.date | None) -> dt.date | None:
    """When everyone's update reaches the next organiser: a week before the next meeting (S3)."""
    return next_meeting - dt.timedelta(days=UPDATE_DAYS_BEFORE) if next_meeting else None


def meeting_state(meeting: Meeting) -> dict:
    """The follow-up, the closing and the round of actions (the ``meeting.changed`` event)."""
    return {
        "follow_up": {
            "next_meeting_date": _iso(meeting.next_meeting_date),
            "update_due": _iso(update_due(meeting.next_meeting_date)),
            "report_back": meeting.report_back,
            "next_organiser_id": meeting.next_organiser_id,
            "next_organiser_name": meeting.next_organiser_name,
        },
        "closing": {
            "stays_here": meeting.stays_here,
            "ground_rules": list(meeting.ground_rules),
            "confidential": meeting.confidential,
        },
        "showing_actions_of": meeting.showing_actions_of_id,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def meeting_payload(workshop: Workshop) -> dict | None:
    """The method's part of the snapshot (``snapshot["meeting"]``)."""
    meeting = Meeting.objects.filter(workshop=workshop).first()
    if meeting is None:
        return None
    return {
        "ballot_id": meeting.ballot_id,
        "questions": meeting.questions,
        "notes": [note_payload(n) for n in meeting.notes.all()],
        "contacts": {**contacts_event(meeting), "shared": shared_contacts(meeting)},
        "reflection": {
            **reflection_event(meeting),
            "questions": [{"key": key, "text": str(text)} for key, text in REFLECTION],
        },
        **meeting_state(meeting),
    }


# --- What only the facilitator reads ---------------------------------------------------------


def contacts_for(meeting: Meeting, *, everyone: bool) -> dict:
    """The contact list: everyone's details for the organiser (``everyone``), with who has not
    filled in the form; the shared list (only those who agreed) for the others."""
    if not everyone:
        return {"contacts": shared_contacts(meeting), "missing": []}
    contacts = [contact_payload(c) for c in meeting.contacts.order_by("name", "pk")]
    filled = {c["participant_id"] for c in contacts}
    missing = [
        {"id": p.pk, "name": p.display_name}
        for p in _present(meeting.workshop)
        if p.pk not in filled
    ]
    return {"contacts": contacts, "missing": missing}


def _present(workshop: Workshop):
    return Participant.objects.filter(workshop=workshop, removed_at__isnull=True).order_by(
        "joined_at", "pk"
    )


def reflection_for(meeting: Meeting) -> dict:
    """The answers given before the meeting, grouped per question, and who gave none."""
    people = {p.pk: p.display_name for p in _present(meeting.workshop)}
    answers = list(meeting.reflections.filter(participant_id__in=people).order_by("pk"))
    answered = {a.participant_id for a in answers}
    return {
        "questions": [
            {
                "key": key,
                "text": str(text),
                "answers": [
                    {
                        "participant_id": a.participant_id,
                        "name": people[a.participant_id],
                        "text": a.text,
                    }
                    for a in answers
                    if a.question == key
                ],
            }
            for key, text in REFLECTION
        ],
        "none_from": [
            {"id": pk, "name": name} for pk, name in people.items() if pk not in answered
        ],
    }


# --- The report ------------------------------------------------------------------------------


def duo_coverage(notes: list[dict]) -> dict[int, int]:
    """Per duo (group id), on how many different cards it wrote in the duo round."""
    cards: dict[int, set[int]] = {}
    for note in notes:
        if note["round"] == Note.Round.DUO and note["duo_id"] is not None:
            cards.setdefault(note["duo_id"], set()).add(note["card_id"])
    return {duo: len(ids) for duo, ids in cards.items()}


def meeting_report(workshop: Workshop) -> dict:
    """Everything the meeting's report holds (the documents render it): attendance with contact
    details only of those who agreed, the tally, the top three with their notes and reactions,
    the joint agreements, everyone's actions, the follow-up, the PMI, and whether it is
    confidential."""
    from wijktafel.agreements.selectors import agreement_payload
    from wijktafel.evaluations.selectors import pmi_report

    meeting = Meeting.objects.select_related("workshop", "next_organiser").get(workshop=workshop)
    ballot = ballot_payload(Ballot.objects.get(pk=meeting.ballot_id))
    outcome = result(ballot)
    labels = {t["id"]: t["label"] for t in ballot["targets"]}
    counts = {r["target_id"]: r["count"] for r in outcome["ranking"]}
    numbers = {q["target_id"]: q["number"] for q in meeting.questions}
    directions = {q["target_id"]: q["directions"] for q in meeting.questions}
    people = list(_present(workshop))
    names = {p.pk: p.display_name for p in people}
    shared = {c["participant_id"]: c for c in shared_contacts(meeting)}
    notes = [note_payload(n) for n in meeting.notes.all()]
    reactions: dict[int, list[dict]] = {}
    for note in notes:
        if note["reacts_to_id"] is not None:
            reactions.setdefault(note["reacts_to_id"], []).append(note)

    def thread(note: dict) -> dict:
        """The note with its reactions nested, built without recursion: a chain of reactions
        can be as long as the meeting has notes (MAX_NOTES), far deeper than Python's stack."""

        def shown(n: dict) -> dict:
            return {
                "text": n["text"],
                "origin": n["origin"],
                "round": n["round"],
                "on_sheet": n["on_sheet"],
                "reactions": [],
            }

        top = shown(note)
        todo = [(note, top)]
        while todo:
            parent, out = todo.pop()
            for reaction in reactions.get(parent["id"], ()):
                child = shown(reaction)
                out["reactions"].append(child)
                todo.append((reaction, child))
        return top

    def card(target_id: int) -> dict:
        return {
            "id": target_id,
            "label": labels[target_id],
            "number": numbers.get(target_id),
            "count": counts[target_id],
            "directions": directions.get(target_id, []),
            "notes": [
                thread(n) for n in notes if n["card_id"] == target_id and n["reacts_to_id"] is None
            ],
        }

    register = [
        agreement_payload(a)
        for a in Agreement.objects.filter(workshop=workshop).prefetch_related(
            "owners", "contributors", "progress"
        )
    ]
    joint = [a for a in register if a["kind"] == Agreement.Kind.JOINT_AGREEMENT]
    actions = [a for a in register if a["kind"] == Agreement.Kind.INDIVIDUAL_ACTION]
    per_person = []
    for person in people:
        own = [a for a in actions if person.pk in a["owner_ids"]]
        if own:
            per_person.append({"name": person.display_name, "actions": own})
    state = meeting_state(meeting)
    organiser = meeting.next_organiser
    return {
        "title": workshop.title,
        "date": workshop.planned_start,
        "confidential": meeting.confidential,
        "ground_rules": list(meeting.ground_rules),
        "stays_here": meeting.stays_here,
        "attendance": [
            {
                "name": p.display_name,
                "organisation": p.organisation_name,
                "contact": shared.get(p.pk),
            }
            for p in people
        ],
        "tally": [card(r["target_id"]) for r in outcome["ranking"]],
        "top": [card(t) for t in outcome["top"]],
        "tie": [labels[t] for t in outcome["tie"]],
        "joint_agreements": joint,
        "actions": per_person,
        "follow_up": {
            **state["follow_up"],
            "next_organiser": organiser.display_name if organiser else meeting.next_organiser_name,
        },
        "pmi": pmi_report(workshop),
        "names": names,
    }


def answers_of(meeting: Meeting, participant: Participant) -> dict[str, str]:
    """A participant's own reflection answers (their phone's form)."""
    return dict(
        ReflectionAnswer.objects.filter(meeting=meeting, participant=participant).values_list(
            "question", "text"
        )
    )
