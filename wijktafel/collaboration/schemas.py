"""Input and output of Samenwerken in de wijk (ops, API routes, the snapshot part)."""

from __future__ import annotations

from ninja import Field, Schema

from wijktafel.workshops.ops import (
    Chars,
    Day,
    Flag,
    Id,
    ListOf,
    OneOf,
    OpInput,
    id_of,
)

from .models import Note
from .questions import DIRECTION_MAX, MAX_DIRECTIONS, REFLECTION_KEYS, WORDING_MAX
from .services import (
    ANSWER_MAX,
    MAX_RULES,
    NAME_MAX,
    NOTE_MAX,
    PHONE_MAX,
    REPORT_BACK_MAX,
    RULE_MAX,
)

ORIGIN = "practice (own practice), invented, elsewhere (found elsewhere); empty in a reaction."


class NoteOut(Schema):
    id: int
    card_id: int = Field(description="The card: a choice of the meeting's sticker vote.")
    text: str
    round: str = Field(description="duo, silent or plenary")
    origin: str = Field(description=ORIGIN)
    author_id: int | None
    duo_id: int | None = Field(description="The author's duo (a group) when it was written.")
    reacts_to_id: int | None
    on_sheet: bool = Field(description="On the top-three sheet (the plenary feedback).")


class NoteChangeOut(Schema):
    seq: int
    note: NoteOut


class NotesRemovedOut(Schema):
    seq: int
    ids: list[int] = Field(description="The note and the reactions to it.")


class QuestionOut(Schema):
    number: int
    target_id: int = Field(description="Its card in the vote.")
    wording: str
    directions: list[str] = Field(description="The organisation's solution directions.")


class ContactOut(Schema):
    participant_id: int
    name: str
    organisation: str
    function: str
    phone: str
    email: str
    share: bool


class PersonOut(Schema):
    id: int
    name: str


class ContactsOut(Schema):
    filled_ids: list[int] = Field(description="Who filled in the contact form.")
    shared: list[ContactOut] = Field(description="Only those who agreed to share their details.")


class ContactListOut(Schema):
    contacts: list[ContactOut] = Field(
        description="Everyone's details for the facilitator; only the shared ones for others."
    )
    missing: list[PersonOut] = Field(description="Who has not filled in the form (facilitator).")


class ReflectionQuestionOut(Schema):
    key: str
    text: str


class ReflectionOut(Schema):
    answered_ids: list[int]
    questions: list[ReflectionQuestionOut]


class AnswerOut(Schema):
    participant_id: int
    name: str
    text: str


class ReflectionGroupOut(Schema):
    key: str
    text: str
    answers: list[AnswerOut]


class ReflectionAnswersOut(Schema):
    questions: list[ReflectionGroupOut]
    none_from: list[PersonOut] = Field(description="Who gave no answer.")


class FollowUpOut(Schema):
    next_meeting_date: str | None
    update_due: str | None = Field(description="A week before the next meeting.")
    report_back: str
    next_organiser_id: int | None
    next_organiser_name: str


class ClosingOut(Schema):
    stays_here: bool = Field(
        description="“What is said here stays here”: the report is confidential."
    )
    ground_rules: list[str]
    confidential: bool


class MeetingStateOut(Schema):
    follow_up: FollowUpOut
    closing: ClosingOut
    showing_actions_of: int | None = Field(description="Whose actions the big screen shows.")


class MeetingChangeOut(Schema):
    seq: int
    meeting: MeetingStateOut


class MeetingOut(MeetingStateOut):
    ballot_id: int = Field(description="The sticker vote on the cards (ballots in the snapshot).")
    questions: list[QuestionOut]
    notes: list[NoteOut]
    contacts: ContactsOut
    reflection: ReflectionOut


class SeqOut(Schema):
    seq: int


class OrganisationQuestionOut(Schema):
    number: int
    wording: str
    directions: list[str]
    original: str
    own: bool = Field(description="The organisation worded it or gave directions itself.")


# --- Input -----------------------------------------------------------------------------------


class NoteAddIn(OpInput):
    card_id: Id
    text: Chars(NOTE_MAX)
    origin: OneOf(["", *Note.Origin.values]) = Field("", description=ORIGIN)
    reacts_to_id: Id | None = Field(None, description="The note this one answers (same card).")


class NoteIn(OpInput):
    note_id: Id = id_of("note_id")


class NoteUpdateIn(NoteIn):
    text: Chars(NOTE_MAX)


class NoteSheetIn(NoteIn):
    on_sheet: Flag


class ContactIn(OpInput):
    name: Chars(NAME_MAX)
    organisation: Chars(NAME_MAX, empty=True) = ""
    function: Chars(NAME_MAX, empty=True) = ""
    phone: Chars(PHONE_MAX, empty=True) = ""
    email: Chars(254, empty=True) = ""
    share: Flag = Field(False, description="May the others see these details? No unless said.")


class ContactRemoveIn(OpInput):
    """Taking your details away needs no data."""


class ReflectionIn(OpInput):
    answers: dict[OneOf(REFLECTION_KEYS), Chars(ANSWER_MAX, empty=True)] = Field(
        description="Answers by question key; an empty answer takes yours away.", min_length=1
    )


class FollowUpIn(OpInput):
    next_meeting_date: Day | None = Field(None, description="After this meeting.")
    report_back: Chars(REPORT_BACK_MAX, empty=True) = ""
    next_organiser_id: Id | None = Field(None, description="A participant of this session, or")
    next_organiser_name: Chars(NAME_MAX, empty=True) = Field(
        "", description="the name of someone without an account here."
    )


class ClosingIn(OpInput):
    stays_here: Flag | None = None
    ground_rules: ListOf(Chars(RULE_MAX), most=MAX_RULES) | None = None


class ActionsShowIn(OpInput):
    participant_id: Id | None = Field(None, description="Nobody's when null.")


class QuestionWordIn(Schema):
    wording: Chars(WORDING_MAX)
    directions: ListOf(Chars(DIRECTION_MAX, empty=True), most=MAX_DIRECTIONS) = []
