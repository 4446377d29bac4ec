"""JSON shapes of the register of agreements and actions in the API and on the socket."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from wijktafel.workshops.ops import (
    INT_MAX,
    Chars,
    Day,
    Id,
    IdsUpTo,
    Int,
    IntRange,
    ListOf,
    OneOf,
    OpInput,
    id_of,
    one_of_given,
)

from .services import (
    DESCRIPTION_MAX,
    FIRST_STEP_MAX,
    KINDS,
    LINK_KINDS,
    LINK_LABEL_MAX,
    MAX_CONTRIBUTORS,
    MAX_OWNERS,
    MAX_RECIPIENTS,
    OWNER_NAMES_MAX,
    PROGRESS_MAX,
    REPORT_BACK_MAX,
    SOLUTION_DIRECTION_MAX,
    STATUSES,
    USES_EXISTING_MAX,
    WITH_WHOM_MAX,
)

Description = Chars(DESCRIPTION_MAX)
Kind = OneOf(KINDS)
Status = OneOf(STATUSES)

KIND = (
    "work_agreement (between sessions), joint_agreement, individual_action, research_task "
    "or follow_up."
)
STATUS = "open, done or dropped."
DAY = "A date like 2026-12-31."
LINK_KIND = "question, solution, problem, parked_topic, other, or empty for no link."
# The action form's fields (Samenwerken in de wijk, METHODS.md §4.3 blocks 5 and 6, §4.7).
SOLUTION_DIRECTION = "A joint agreement's solution direction (“Oplossingsrichting”)."
FIRST_STEP = "An individual action's first step (“Eerste stap”)."
WITH_WHOM = (
    "With whom (“Met wie”), as typed: also people who are not in the session; the "
    "participants who help are contributor_ids."
)
REPORT_BACK = (
    "How the owner reports back (“Hoe je terugmeldt”), e.g. by e-mail to the next organiser."
)


class PersonOut(Schema):
    id: int
    name: str = Field(description="The name the participant joined with.")


class LinkOut(Schema):
    kind: str = Field(description=LINK_KIND)
    id: int | None
    label: str = Field(description="The text of what it is linked to, as it was when linked.")


class ProgressOut(Schema):
    id: int
    text: str
    date: str = Field(description=DAY)
    author_id: int | None = Field(description="The participant who wrote it; null: a facilitator.")
    author_name: str
    by_facilitator: bool


class AgreementOut(Schema):
    id: int
    kind: str = Field(description=KIND)
    description: str
    owner_ids: list[int]
    owners: list[PersonOut]
    owner_names: str = Field(description="Owners who are not participants, as typed.")
    contributor_ids: list[int]
    contributors: list[PersonOut]
    due_date: str | None = Field(description=DAY)
    link: LinkOut
    source: str = Field(description="Where in the method it came up (a step, a card), as given.")
    origin: str = Field(
        description="The method or block whose ops keep it (appraisal: Afwegen's actions); "
        "empty: the register's own."
    )
    status: str = Field(description=STATUS)
    uses_existing: str = Field(description="Existing contacts, means or processes it uses.")
    solution_direction: str = Field(description=SOLUTION_DIRECTION)
    first_step: str = Field(description=FIRST_STEP)
    with_whom: str = Field(description=WITH_WHOM)
    report_back: str = Field(description=REPORT_BACK)
    created_by_id: int | None = Field(
        description="The participant who added it; null: a facilitator."
    )
    by_facilitator: bool
    progress: list[ProgressOut]
    version: int = Field(description="Goes up by one with every change.")


class RecipientOut(Schema):
    participant_id: int
    name: str


class DistributionOut(Schema):
    id: int
    sent_at: str = Field(description="When the facilitator sent them (ISO 8601).")
    recipients: list[RecipientOut]
    kinds: list[str]
    agreement_ids: list[int]


class AgreementFields(OpInput):
    description: Description | None = Field(
        None, description="Small and concrete, at most 500 characters."
    )
    owner_ids: IdsUpTo(MAX_OWNERS) | None = Field(
        None, description="Participants of this session who own it."
    )
    owner_names: Chars(OWNER_NAMES_MAX, empty=True) | None = Field(
        None, description="Owners who are not participants (“Gemeente”), at most 200 characters."
    )
    contributor_ids: IdsUpTo(MAX_CONTRIBUTORS) | None = Field(
        None, description="Participants who help."
    )
    due_date: Day | None = Field(None, description=DAY)
    link_kind: OneOf(LINK_KINDS) | None = Field(None, description=LINK_KIND)
    # A number the linking method gives (its object's id), not an object of this block.
    link_id: IntRange(1, INT_MAX) | None = Field(
        None, description="The id of what it is linked to (1 or more); needs a link_kind."
    )
    link_label: Chars(LINK_LABEL_MAX, empty=True) | None = Field(
        None, description="Its text, at most 200 characters."
    )
    status: Status | None = Field(None, description=STATUS)
    uses_existing: Chars(USES_EXISTING_MAX, empty=True) | None = Field(
        None, description="Existing contacts, means or processes it uses, at most 500 characters."
    )
    solution_direction: Chars(SOLUTION_DIRECTION_MAX, empty=True) | None = Field(
        None, description=SOLUTION_DIRECTION + " At most 300 characters."
    )
    first_step: Chars(FIRST_STEP_MAX, empty=True) | None = Field(
        None, description=FIRST_STEP + " At most 300 characters."
    )
    with_whom: Chars(WITH_WHOM_MAX, empty=True) | None = Field(
        None, description=WITH_WHOM + " At most 300 characters."
    )
    report_back: Chars(REPORT_BACK_MAX, empty=True) | None = Field(
        None, description=REPORT_BACK + " At most 300 characters."
    )


# Who owns it: participants, or others by name (a participant's own action: left out, themselves;
# the document says what a facilitator must send). A link's id needs the kind of what it links.
CREATE_RULES = {
    "allOf": [
        {
            "anyOf": [
                {
                    "required": ["owner_ids"],
                    "properties": {"owner_ids": {"type": "array", "minItems": 1}},
                },
                {
                    "required": ["owner_names"],
                    "properties": {"owner_names": {"type": "string", "minLength": 1}},
                },
            ]
        },
        {
            "if": {"required": ["link_id"], "properties": {"link_id": {"type": "integer"}}},
            "then": {
                "required": ["link_kind"],
                "properties": {"link_kind": {"type": "string", "minLength": 1}},
            },
        },
    ]
}


class AgreementCreateIn(AgreementFields):
    model_config = ConfigDict(json_schema_extra=CREATE_RULES)

    kind: Kind = Field(description=KIND + " A participant may add only an individual_action.")
    description: Description = Field(description="Small and concrete, at most 500 characters.")


class AgreementIn(OpInput):
    agreement_id: Id = id_of("agreement_id", description="The agreement.")


class AgreementUpdateIn(AgreementFields, AgreementIn):
    model_config = ConfigDict(
        json_schema_extra=one_of_given(
            "kind",
            "description",
            "owner_ids",
            "owner_names",
            "contributor_ids",
            "due_date",
            "link_kind",
            "link_id",
            "link_label",
            "status",
            "uses_existing",
            "solution_direction",
            "first_step",
            "with_whom",
            "report_back",
            nulls=("due_date", "link_id"),
        )
    )

    kind: Kind | None = Field(None, description=KIND)
    version: Int | None = Field(
        None, description="The version you edited; when someone changed it since, you get 409."
    )


class ProgressIn(AgreementIn):
    text: Chars(PROGRESS_MAX) = Field(description="How it goes, at most 500 characters.")
    date: Day | None = Field(None, description=DAY + " Left out: today.")
    status: Status | None = Field(None, description="Set the status with it: " + STATUS)


class DistributionIn(OpInput):
    recipient_ids: IdsUpTo(MAX_RECIPIENTS) | None = Field(
        None, description="The participants they were sent to; left out: every participant."
    )
    kinds: ListOf(Kind, most=len(KINDS), least=1) | None = Field(
        None, description="The kinds that were sent; left out: all."
    )


class AgreementChangeOut(Schema):
    seq: int = Field(description="Sequence number of the change in the workshop's event log.")
    agreement: AgreementOut


class AgreementDeletedOut(Schema):
    seq: int
    id: int


class DistributionChangeOut(Schema):
    seq: int
    distribution: DistributionOut
