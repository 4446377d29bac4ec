"""The live ops of Samenwerken in de wijk, each declared once for the socket and the API
(decision 0011). The vote, the duos and the register have their blocks' ops."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref

from . import services
from .schemas import (
    ActionsShowIn,
    ClosingIn,
    ContactIn,
    ContactRemoveIn,
    FollowUpIn,
    MeetingChangeOut,
    NoteAddIn,
    NoteChangeOut,
    NoteIn,
    NoteSheetIn,
    NotesRemovedOut,
    NoteUpdateIn,
    ReflectionIn,
    SeqOut,
)

BASE = "/samenwerken"
NOTE = BASE + "/notes/{note_id}"


def _note(result, data) -> dict:
    return {"seq": result.seq, "note": result.event.payload}


def _meeting(result, data) -> dict:
    return {"seq": result.seq, "meeting": result.event.payload}


def _seq(result, data) -> dict:
    return {"seq": result.seq}


OPS = (
    Op(
        "flap_note.add",
        services.flap_note_add,
        NoteAddIn,
        "POST",
        BASE + "/notes",
        "Write on a card (duo round, silent round; the facilitator also in the plenary feedback)",
        example={"card_id": Ref("card"), "text": "Elke maand samen lunchen", "origin": "practice"},
        status=201,
        response=NoteChangeOut,
        answer=_note,
    ),
    Op(
        "flap_note.update",
        services.flap_note_update,
        NoteUpdateIn,
        "PATCH",
        NOTE,
        "Change the text of a note (your own)",
        example={"note_id": Ref("flap_note"), "text": "Elke maand samen lunchen, om de beurt"},
        response=NoteChangeOut,
        answer=_note,
    ),
    Op(
        "flap_note.remove",
        services.flap_note_remove,
        NoteIn,
        "DELETE",
        NOTE,
        "Take a note off its card (your own), with the reactions to it",
        example={"note_id": Ref("flap_note")},
        response=NotesRemovedOut,
    ),
    Op(
        "flap_note.sheet",
        services.flap_note_sheet,
        NoteSheetIn,
        "PUT",
        NOTE + "/sheet",
        "Put a note on the top-three sheet, or take it off",
        example={"note_id": Ref("flap_note"), "on_sheet": True},
        response=NoteChangeOut,
        answer=_note,
    ),
    Op(
        "contact.save",
        services.contact_save,
        ContactIn,
        "PUT",
        BASE + "/contact",
        "Fill in your own contact details and say whether they may be shared (not by default)",
        example={
            "name": "Ans de Vries",
            "organisation": "Wijkteam Noord",
            "function": "Wijkcoach",
            "phone": "06 12345678",
            "email": "ans@wijkteam.example",
            "share": True,
        },
        response=SeqOut,
        answer=_seq,
    ),
    Op(
        "contact.remove",
        services.contact_remove,
        ContactRemoveIn,
        "DELETE",
        BASE + "/contact",
        "Take your contact details away",
        response=SeqOut,
        answer=_seq,
    ),
    Op(
        "reflection.save",
        services.reflection_save,
        ReflectionIn,
        "PUT",
        BASE + "/reflection",
        "Answer the reflection questions (only the facilitator reads them)",
        example={"answers": {"works": "We kennen elkaar goed.", "stuck": "Wie betaalt wat?"}},
        response=SeqOut,
        answer=_seq,
    ),
    Op(
        "follow_up.set",
        services.follow_up_set,
        FollowUpIn,
        "PUT",
        BASE + "/follow-up",
        "Record the next meeting, reporting back and the next organiser",
        example={
            "next_meeting_date": "2027-03-01",
            "report_back": "Online, in de app",
            "next_organiser_name": "Bram Jansen",
        },
        response=MeetingChangeOut,
        answer=_meeting,
    ),
    Op(
        "closing.set",
        services.closing_set,
        ClosingIn,
        "PATCH",
        BASE + "/closing",
        "Record the ground rules; “what is said here stays here” makes the report confidential",
        example={"stays_here": True, "ground_rules": ["Er zijn geen domme vragen."]},
        response=MeetingChangeOut,
        answer=_meeting,
        drop_nulls=True,
    ),
    Op(
        "actions.show",
        services.actions_show,
        ActionsShowIn,
        "PUT",
        BASE + "/showing",
        "Show one person's actions on the big screen, or nobody's",
        example={"participant_id": Ref("participant")},
        response=MeetingChangeOut,
        answer=_meeting,
        keep_nulls=("participant_id",),
    ),
)
