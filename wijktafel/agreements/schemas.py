"""JSON shapes of the register of agreements and actions in the API and on the socket."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import Field as PydanticField

from wijktafel.workshops.ops import Id, Ids, Int, OpInput, Text, id_of

Day = Annotated[str, PydanticField(strict=True, json_schema_extra={"format": "date"})]
Texts = Annotated[list[Text], PydanticField(strict=True)]

KIND = (
    "work_agreement (between sessions), joint_agreement, individual_action, research_task "
    "or follow_up."
)
STATUS = "open, done or dropped."
DAY = "A date like 2026-12-31."
LINK_KIND = "question, solution, problem, parked_topic, other, or empty for no link."


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
    description: Text | None = Field(
        None, description="Small and concrete, at most 500 characters."
    )
    owner_ids: Ids | None = Field(None, description="Participants of this session who own it.")
    owner_names: Text | None = Field(
        None, description="Owners who are not participants (“Gemeente”), at most 200 characters."
    )
    contributor_ids: Ids | None = Field(None, description="Participants who help.")
    due_date: Day | None = Field(None, description=DAY)
    link_kind: Text | None = Field(None, description=LINK_KIND)
    # A number the linking method gives (its object's id), not an object of this block: an Int.
    link_id: Int | None = Field(None, description="The id of what it is linked to (1 or more).")
    link_label: Text | None = Field(None, description="Its text, at most 200 characters.")
    status: Text | None = Field(None, description=STATUS)
    uses_existing: Text | None = Field(
        None, description="Existing contacts, means or processes it uses, at most 500 characters."
    )


class AgreementCreateIn(AgreementFields):
    kind: Text = Field(description=KIND + " A participant may add only an individual_action.")
    description: Text = Field(description="Small and concrete, at most 500 characters.")


class AgreementIn(OpInput):
    agreement_id: Id = id_of("agreement_id", description="The agreement.")


class AgreementUpdateIn(AgreementFields, AgreementIn):
    kind: Text | None = Field(None, description=KIND)
    version: Int | None = Field(
        None, description="The version you edited; when someone changed it since, you get 409."
    )


class ProgressIn(AgreementIn):
    text: Text = Field(description="How it goes, at most 500 characters.")
    date: Day | None = Field(None, description=DAY + " Left out: today.")
    status: Text | None = Field(None, description="Set the status with it: " + STATUS)


class DistributionIn(OpInput):
    recipient_ids: Ids | None = Field(
        None, description="The participants they were sent to; left out: every participant."
    )
    kinds: Texts | None = Field(None, description="The kinds that were sent; left out: all.")


class AgreementChangeOut(Schema):
    seq: int = Field(description="Sequence number of the change in the workshop's event log.")
    agreement: AgreementOut


class AgreementDeletedOut(Schema):
    seq: int
    id: int


class DistributionChangeOut(Schema):
    seq: int
    distribution: DistributionOut
