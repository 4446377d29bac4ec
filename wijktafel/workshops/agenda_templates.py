"""Agenda templates: their shape, and the engine's own templates for sessions without a method.

Titles and instructions are translatable; a workshop copies them in the language of
the facilitator who creates it, after which they are the workshop's own text.
Durations the sources do not give are marked [INFERRED] and are defaults to edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TemplateItem:
    title: Promise
    minutes: int
    form: str = "plenary"
    step: int | None = None
    instruction: Promise | str = ""
    output: Promise | str = ""
    activity: str = "none"
    gap_before: int = 0
    materials: Promise | str = ""

    def as_fields(self) -> dict:
        return {
            "title": str(self.title),
            "duration_minutes": self.minutes,
            "work_form": self.form,
            "step": self.step,
            "instruction": str(self.instruction),
            "expected_output": str(self.output),
            "activity": self.activity,
            "gap_before_minutes": self.gap_before,
            "materials": str(self.materials),
        }


@dataclass(frozen=True)
class AgendaTemplate:
    key: str
    name: Promise
    description: Promise
    items: tuple[TemplateItem, ...]
    columns: tuple[Promise, ...] = field(default=())

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes + i.gap_before for i in self.items)


WIJKSESSIE = AgendaTemplate(
    key="wijksessie",
    name=_("Neighbourhood session (Den Helder pattern)"),
    description=_(
        "A shared picture of the neighbourhood, the map filled in together, parked topics "
        "and a PMI evaluation. Durations are defaults."
    ),
    items=(
        TemplateItem(_("Technical check-in"), 10, instruction=_("Can everyone see and hear us?")),
        TemplateItem(
            _("Welcome and what happened before"),
            15,
            instruction=_(
                "The chair welcomes everyone and tells what happened before this session."
            ),
        ),
        TemplateItem(
            _("Reaction round"),
            15,
            "individual",
            instruction=_(
                "Does this match your experience? What is missing in how we work together?"
            ),
            activity="postits",
        ),
        TemplateItem(
            _("Care use in the neighbourhood"),
            20,
            instruction=_(
                "A colleague shows figures about the neighbourhood. Do you recognise them? What do you add?"
            ),
            activity="postits",
        ),
        TemplateItem(
            _("Breakouts: fill in the neighbourhood map"),
            40,
            "small_groups",
            instruction=_(
                "In groups of at most 5: put facilities and opportunities on the map of the neighbourhood."
            ),
            output=_("Facilities and opportunities on the map."),
        ),
        TemplateItem(_("Back together"), 15, instruction=_("Each group tells what it found.")),
        TemplateItem(
            _("Break"), 15, "break", instruction=_("Take a short walk or a glass of water.")
        ),
        TemplateItem(
            _("The filled maps"),
            25,
            instruction=_("We look at the maps together. Keep adding, also after the session."),
        ),
        TemplateItem(
            _("Closing and next steps"), 10, instruction=_("What happens next, and who does what?")
        ),
        TemplateItem(
            _("Evaluation (plus, minus, interesting)"),
            15,
            "individual",
            instruction=_(
                "What went well (plus), what can be better next time (minus), what did you find "
                "interesting?"
            ),
            activity="postits",
        ),
    ),
    columns=(_("Plus"), _("Minus"), _("Interesting")),
)


@dataclass(frozen=True)
class RoundPreset:
    """A timed round a facilitator starts with one tap beside the agenda timer."""

    key: str
    title: Promise
    minutes: int


#: The timed rounds every session has (``seam.round_presets`` adds the method's).
ROUND_PRESETS = (
    RoundPreset("silent", _("Silent round"), 5),
    RoundPreset("duos", _("Duo round"), 10),
)

#: The engine's own templates, for sessions without a method; methods bring theirs
#: (``seam.Method.templates``; all of them: ``seam.templates()``).
PLAIN_TEMPLATES: tuple[AgendaTemplate, ...] = (WIJKSESSIE,)
