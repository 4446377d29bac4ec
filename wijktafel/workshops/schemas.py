"""JSON shapes of the live session engine in the API (the payloads of workshops.selectors)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from wijktafel.core.dates import MOMENT_MAX_LENGTH, MOMENT_PATTERN

from . import seam
from .codes import CODE_MAX_LENGTH, TOKEN_MAX_LENGTH
from .models import AgendaItem
from .ops import (
    Chars,
    Flag,
    Id,
    IdsUpTo,
    IntRange,
    ListOf,
    OneOf,
    OpInput,
    id_of,
    one_of_given,
)
from .people import Kind, Role
from .services import agenda, participants, rounds, spotlight
from .services import workshop as workshops

KINDS = ["", *Kind.values]  # "" is not said


def _steps() -> list[int]:
    """The steps an agenda item may name, in the methods there are (a session's own method may
    have fewer, 409: ``agenda._clean_step``)."""
    return seam.any_steps()


class ErrorOut(Schema):
    code: str = Field(
        description="invalid | unauthenticated | forbidden | not_found | conflict | ..."
    )
    message: str = Field(
        description="For people, in the language of the request (Dutch by default)."
    )
    field: str | None = Field(None, description="The input field the message is about, if any.")


class TemplateItemOut(Schema):
    title: str
    duration_minutes: int
    work_form: str
    step: int | None
    activity: str


class TemplateOut(Schema):
    key: str
    name: str
    description: str
    total_minutes: int
    items: list[TemplateItemOut]


class WorkshopCreateIn(Schema):
    title: Chars(workshops.TITLE_MAX)
    template_key: OneOf(lambda: [t.key for t in seam.templates()]) = Field(
        description="One of the keys of GET /templates."
    )
    planned_start: Annotated[
        dt.datetime,
        Field(json_schema_extra={"pattern": MOMENT_PATTERN, "maxLength": MOMENT_MAX_LENGTH}),
    ] = Field(
        description="ISO 8601, in the years 2000 to 2099; without an offset it is Dutch time."
    )
    area_id: Id | None = Field(None, description="A neighbourhood of your organisation.")


class WorkshopSummaryOut(Schema):
    id: int
    title: str
    status: str = Field(description="preparing | live | ended")
    joining_open: bool
    template_key: str
    planned_start: dt.datetime
    area_id: int | None
    head: int = Field(description="Sequence number of the last change in the event log.")


class WorkshopOut(WorkshopSummaryOut):
    join_code: str | None = Field(
        None, description="Only for facilitators: the code to type, as K7QM-4XTD."
    )
    join_url: str | None = Field(
        None, description="Only for facilitators: the link in the QR code."
    )


class WorkshopStateOut(Schema):
    status: str
    joining_open: bool
    title: str


class WorkshopChangeOut(Schema):
    seq: int
    workshop: WorkshopStateOut


class JoiningIn(OpInput):
    open: Flag = Field(description="true opens joining by code, false closes it.")


class WorkshopEndIn(OpInput):
    """Ending needs no data."""


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    duration_minutes: int
    work_form: str = Field(description="plenary | small_groups | duos | individual | break")
    step: int | None
    instruction: str
    expected_output: str
    materials: str
    activity: str = Field(description="none | postits")
    gap_before_minutes: int


STEP = (
    "A step of the session's method, if any (the templates show which steps it has); a step of "
    "another method that this session's does not have is 409."
)


ItemTitle = Chars(agenda.ITEM_TITLE_MAX)
Minutes = IntRange(*agenda.DURATION_MINUTES)
WorkForm = OneOf(AgendaItem.WorkForm.values)
Activity = OneOf(AgendaItem.Activity.values)
Instruction = Chars(agenda.INSTRUCTION_MAX, empty=True)
ExpectedOutput = Chars(agenda.EXPECTED_OUTPUT_MAX, empty=True)
Materials = Chars(agenda.MATERIALS_MAX, empty=True)
Step = IntRange(lambda: _steps()[0], lambda: _steps()[-1])


class AgendaItemIn(OpInput):
    title: ItemTitle
    duration_minutes: Minutes
    work_form: WorkForm = "plenary"
    activity: Activity = "none"
    instruction: Instruction = ""
    expected_output: ExpectedOutput = ""
    materials: Materials = ""
    step: Step | None = Field(None, description=STEP)


class AgendaItemUpdateIn(OpInput):
    model_config = ConfigDict(
        json_schema_extra=one_of_given(
            "title",
            "duration_minutes",
            "work_form",
            "activity",
            "instruction",
            "expected_output",
            "materials",
            "step",
        )
    )

    item_id: Id
    title: ItemTitle | None = None
    duration_minutes: Minutes | None = None
    work_form: WorkForm | None = None
    activity: Activity | None = None
    instruction: Instruction | None = None
    expected_output: ExpectedOutput | None = None
    materials: Materials | None = None
    step: Step | None = Field(None, description=STEP)


class AgendaItemRemoveIn(OpInput):
    item_id: Id


class AgendaOrderIn(OpInput):
    item_ids: IdsUpTo(agenda.MAX_AGENDA_ITEMS, unique=True) = Field(
        description="Every agenda item id of the workshop, once, in the new order; 409 when "
        "the agenda has other items now."
    )


class TimerOut(Schema):
    state: str = Field(description="idle | running | paused")
    current_item_id: int | None
    ends_at: str | None = Field(
        description="When the current item ends (server time), while running."
    )
    remaining_ms: int | None = Field(description="What is left, while paused.")
    status: str


class AgendaChangeOut(Schema):
    seq: int
    item: AgendaItemOut | None = Field(None, description="The added or changed item.")
    items: list[AgendaItemOut] = Field(description="The whole agenda after the change.")
    timer: TimerOut


class PlannedItemOut(Schema):
    item_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    gap_before_minutes: int


class AgendaPlanOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime = Field(description="The planned end of the workshop.")
    total_minutes: int
    items: list[PlannedItemOut]
    gaps: list[PlannedItemOut] = Field(description="Items with unplanned time before them.")
    missing_break_at: dt.datetime | None = Field(
        description="The first moment 2.5 hours pass without a break; null when breaks are fine."
    )


def _when(action: str, minutes: dict) -> dict:
    return {
        "if": {"properties": {"action": {"const": action}}},
        "then": {"required": ["minutes"], "properties": {"minutes": minutes}},
    }


class TimerIn(OpInput):
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _when(
                    "countdown",
                    {
                        "type": "integer",
                        "minimum": agenda.COUNTDOWN_MINUTES[0],
                        "maximum": agenda.COUNTDOWN_MINUTES[1],
                    },
                ),
                _when("extend", {"type": "integer", "not": {"const": 0}}),
            ]
        }
    )

    action: OneOf(agenda.TIMER_ACTIONS) = Field(
        description="start | pause | resume | extend | next | goto | stop | "
        "countdown (minutes from now, 1-60)"
    )
    minutes: (
        IntRange(-agenda.EXTEND_MINUTES, max(agenda.EXTEND_MINUTES, agenda.COUNTDOWN_MINUTES[1]))
        | None
    ) = Field(
        None, description="For extend: -60 to 60, not 0; for countdown: 1 to 60 (needed for both)."
    )
    item_id: Id | None = Field(None, description="For goto: the agenda item to start.")


class RoundOut(Schema):
    title: str = Field(description="The name of the round; empty when none runs.")
    minutes: int | None
    ends_at: str | None = Field(description="When the round ends (server time); null: none runs.")


class RoundPresetOut(Schema):
    key: str
    title: str
    minutes: int


def _presets() -> list[str]:
    """The round presets there are: the engine's and every method's (a session offers the
    engine's and those of its own method, ``seam.round_presets``; another is 409)."""
    return seam.any_round_presets()


class RoundStartIn(OpInput):
    model_config = ConfigDict(json_schema_extra=one_of_given("preset", "minutes"))

    preset: OneOf(_presets) | None = Field(
        None,
        description="A key of the session's `round_presets` (another method's preset is 409).",
    )
    minutes: IntRange(*rounds.ROUND_MINUTES) | None = Field(
        None, description="1 to 60; the preset's length when left out."
    )
    title: Chars(rounds.ROUND_TITLE_MAX, empty=True) | None = Field(
        None, description="The preset's name when left out or empty."
    )


class RoundStopIn(OpInput):
    """Stopping needs no data."""


class RoundChangeOut(Schema):
    seq: int
    round: RoundOut


class SpotlightOut(Schema):
    target: str | None = Field(
        description="What the big screen shows large: postit:<id>, group:<id> or part:<name>; "
        "null: the whole stage."
    )


class SpotlightIn(OpInput):
    target: (
        Annotated[
            str,
            Field(
                strict=True,
                json_schema_extra={
                    "pattern": f"^(?:{spotlight.TARGET.pattern})?$",
                    "maxLength": spotlight.TARGET_MAX_LENGTH,
                },
            ),
        ]
        | None
    ) = Field(
        None, description="postit:<id>, group:<id> or part:<name>; null or empty: turn it off."
    )


class SpotlightChangeOut(Schema):
    seq: int
    spotlight: SpotlightOut


class TimerChangeOut(Schema):
    seq: int
    timer: TimerOut


class ParticipantOut(Schema):
    id: int
    display_name: str
    organisation_name: str
    role_text: str
    kind: str = Field(description="Who they are: a key of `people.Kind`, empty when not said.")
    roles: list[str] = Field(description="What they do in the session: keys of `people.Role`.")


class ParticipantUpdateIn(OpInput):
    participant_id: Id = id_of("participant_id")
    kind: OneOf(KINDS) | None = Field(
        None,
        description="resident, former_resident, professional, municipal_official, "
        "housing_association, volunteer, other, or empty; left out: unchanged.",
    )
    roles: ListOf(OneOf(Role.values), most=len(Role)) | None = Field(
        None,
        description="organiser, chair, facilitator, co_facilitator, tech_facilitator, "
        "map_expert, devils_advocate, presenter, participant; left out: unchanged.",
    )


class ParticipantChangeOut(Schema):
    seq: int
    participant: ParticipantOut


class ParticipantRemoveIn(OpInput):
    participant_id: Id = id_of("participant_id", legacy="id")


class ParticipantRemovedOut(Schema):
    seq: int
    id: int


class JoinIn(Schema):
    model_config = ConfigDict(json_schema_extra=one_of_given("code", "token", nonempty=True))

    code: Chars(CODE_MAX_LENGTH, empty=True) | None = Field(
        None, description="The code on the big screen, with or without the dash."
    )
    token: Chars(TOKEN_MAX_LENGTH, empty=True) | None = Field(
        None, description="Or the token of the QR code link (/m/<token>/)."
    )
    display_name: Chars(participants.DISPLAY_NAME_MAX) = Field(
        description="The name the group sees, at most 60 characters; not the facilitator's."
    )
    organisation_name: Chars(participants.ORGANISATION_NAME_MAX, empty=True) = ""
    role_text: Chars(participants.ROLE_TEXT_MAX, empty=True) = ""
    kind: OneOf(KINDS) = Field(
        "", description="Who you are: resident, professional, ... (optional)."
    )


class JoinOut(Schema):
    workshop_id: int
    participant_id: int
    token: str = Field(
        description="Send as 'Authorization: Bearer <token>'. Valid for this workshop only."
    )
    seq: int


class SnapshotWorkshopOut(Schema):
    id: int
    title: str
    status: str
    joining_open: bool


class SessionStateOut(Schema):
    """The engine's part of the snapshot; ``api.StateOut`` adds the building blocks' keys and
    one part per method (seam.py)."""

    head: int = Field(
        description="Sequence number the snapshot is at; events after it bring it up to date."
    )
    workshop: SnapshotWorkshopOut
    agenda: list[AgendaItemOut]
    timer: TimerOut
    round: RoundOut = Field(description="The timed round beside the agenda timer, if one runs.")
    round_presets: list[RoundPresetOut] = Field(
        description="The rounds the facilitator can start with one tap."
    )
    spotlight: SpotlightOut
    participants: list[ParticipantOut]


class EventOut(Schema):
    type: str = "event"
    seq: int
    kind: str = Field(
        description="agenda.changed | timer.changed | workshop.changed | participant.joined | ..."
    )
    data: dict[str, Any]
    at: str


class EventsBaseOut(Schema):
    head: int
    events: list[EventOut] | None = Field(
        None, description="The log after `after`; null when a snapshot is sent instead."
    )
