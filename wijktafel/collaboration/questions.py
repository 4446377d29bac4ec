"""The ten most-mentioned questions about working together (METHODS.md §4.2, S3, W18) and the
reflection questions asked before the meeting (bouwsteen 4, §4.3).

The questions' wording is the publication's; an organisation may word them its own way and add
solution directions (``QuestionWording``), and restore the original. The publication's solution
directions could not be retrieved [GAP]: they ship empty, never invented."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import QuestionWording

QUESTIONS = (
    _("How do I make room in my schedule and tasks?"),
    _("How can I meet others and build contact?"),
    _("How do we get on one line in vision and way of working?"),
    _("How do I know for sure that the other helps me and the resident further?"),
    _("What do we do about the financial partitions?"),
    _("Who has which task and responsibility?"),
    _("How do I deal with interests and felt competition?"),
    _("How do I strengthen my independent position?"),
    _("How do I deal with organisational obstacles?"),
    _("How do I get more mandate and room to experiment?"),
)
NUMBERS = range(1, len(QUESTIONS) + 1)
WORDING_MAX = 200
DIRECTION_MAX = 300
MAX_DIRECTIONS = 20

# Bouwsteen 4's questions were not retrieved [GAP]; these are the specification's inferred
# defaults (§4.3), keyed for the answers.
REFLECTION = (
    ("works", _("What works well in how we work together now?")),
    ("stuck", _("Where does working together get stuck?")),
    ("recognise", _("Which of the ten questions do you recognise? Give an example from practice.")),
    ("missing", _("What is missing?")),
    ("hope", _("What do you hope to get out of this meeting?")),
)
REFLECTION_KEYS = tuple(key for key, _label in REFLECTION)


@dataclass(frozen=True)
class Question:
    number: int
    wording: str
    directions: tuple[str, ...]
    original: str
    own: bool  # the organisation worded it (or gave directions) itself


def questions_of(organisation) -> list[Question]:
    """The ten questions as this organisation words them, with its solution directions."""
    own = {w.number: w for w in QuestionWording.objects.filter(organisation=organisation)}
    result = []
    for number in NUMBERS:
        original = str(QUESTIONS[number - 1])
        row = own.get(number)
        result.append(
            Question(
                number=number,
                wording=row.wording if row else original,
                directions=tuple(row.directions) if row else (),
                original=original,
                own=row is not None,
            )
        )
    return result
