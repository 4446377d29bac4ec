"""Agenda templates shipped with Wijktafel, after ../shared/method/METHODS.md.

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


AFWEGEN_I = AgendaTemplate(
    key="afwegen-1",
    name=_("Weighing in the neighbourhood — work session I"),
    description=_("Steps 1 to 4: problems, core problems, baseline and solutions. About 3.5 hours."),
    items=(
        TemplateItem(_("Introduction"), 15, instruction=_(
            "Who is at the table, with which expertise or role? Why do we weigh this together? "
            "Keep it short and powerful."),
            output=_("Everyone knows who is here and why.")),
        TemplateItem(_("Step 1: inventory of problems"), 45, "individual", 1, _(
            "The organiser tells in at most 5 minutes which problem they see. Then you have 2 minutes "
            "to write your problems on post-its, in a few words, with why it is a problem and who "
            "owns the problem. Mark the problem you find most important. Everyone pitches for 2 "
            "minutes (at most 10 pitches; work in pairs with more than 10 people). After each pitch: "
            "1 or 2 questions to clarify. No discussion and no solutions yet."),
            _("Problems per problem owner on the wall."), "postits"),
        TemplateItem(_("Step 2: sharpen the problems"), 45, "small_groups", 2, _(
            "In groups of 3 or 4: take some post-its and write the core problem per problem owner "
            "as sharp as you can. Which problems lie underneath? Could the problem solve itself? "
            "How big is it, and what happens if nobody solves it? Last 15 minutes: each group "
            "presents."), _("A sharp core problem per problem owner."), "postits"),
        TemplateItem(_("Step 3: baseline alternative"), 15, "plenary", 3, _(
            "What happens in the coming years without new policy or a new intervention? "
            "Not the same as doing nothing: decisions already taken count."),
            _("A description of the baseline."), gap_before=15),
        TemplateItem(_("Break"), 30, "break"),
        TemplateItem(_("Step 4 and 5: solutions, effects and extra costs"), 60, "small_groups", 4, _(
            "In the same groups (about 40 minutes): three columns — solution, effects, who notices "
            "the effect. Every group makes at least one out-of-the-box solution. Last 20 minutes: "
            "each group pitches; where do solutions overlap? Make work agreements for session II."),
            _("Solutions with effects; work agreements for session II."), "postits"),
    ),
)

AFWEGEN_II = AgendaTemplate(
    key="afwegen-2",
    name=_("Weighing in the neighbourhood — work session II"),
    description=_("Steps 5 to 8: effects, ranking, effect cards and the choice."),
    items=(
        TemplateItem(_("Welcome and look back at session I"), 15, instruction=_(
            "We show the core problems and the baseline. Do we all still agree?"),
            output=_("Core problems and baseline confirmed.")),
        TemplateItem(_("Step 5: effects and area of influence"), 45, "plenary", 5, _(
            "Walk through the solution cards. Sharpen effects and extra costs. What is uncertain, "
            "which variants are there, what must we find out? Name one or two core effects."),
            _("Sharpened solution cards and 1 or 2 core effects.")),
        TemplateItem(_("Step 6: pre-selection"), 60, "small_groups", 6, _(
            "In small groups: rank the cards on solving power per problem owner, extra costs and "
            "other effects. Put the rankings side by side and choose a top three together. "
            "Discuss outliers and dropouts."), _("A shared top three.")),
        TemplateItem(_("Break"), 15, "break"),
        TemplateItem(_("Step 7: analyse effects"), 60, "small_groups", 7, _(
            "Make an effect card for each selected solution: per problem owner the main effects "
            "and how big they are (small, medium, large)."), _("An effect card per solution.")),
        # [INFERRED] the source breaks off after 12:15; step 8 and closing as a default.
        TemplateItem(_("Step 8: choose and next steps"), 30, "plenary", 8, _(
            "Choose a solution, a combination, the baseline, or decide to find out more first. "
            "Always consider the baseline. Record what we learned."), _("A choice and next steps.")),
    ),
)

SAMENWERKEN = AgendaTemplate(
    key="samenwerken",
    name=_("Working together in the neighbourhood"),
    description=_("The two-hour meeting about collaboration between professionals, with the ten questions."),
    items=(
        TemplateItem(_("Welcome and introductions; explanation"), 10, instruction=_(
            "Does everyone know each other? Why are we here? We walk through the ten questions about "
            "working together.")),
        TemplateItem(_("Reflection on working together"), 15, instruction=_(
            "You answered the reflection questions beforehand. Is there anything urgent? "
            "Do you recognise the ten questions? Is a question missing?")),
        TemplateItem(_("Get started: choose questions"), 10, "individual", instruction=_(
            "You get three stickers. Put them on the questions that matter most to you. "
            "Most stickers means highest priority."), output=_("Sticker votes on the questions.")),
        TemplateItem(_("In duos: look for solutions"), 20, "duos", instruction=_(
            "Form a duo, preferably with someone you do not know well. Discuss at least three "
            "different questions and write solutions and ideas on the sheets.")),
        TemplateItem(_("Break"), 10, "break", instruction=_(
            "Please fill in your contact details on the form, correctly and completely.")),
        TemplateItem(_("Sharpen solutions on your own"), 10, "individual", instruction=_(
            "Walk past the sheets in silence. Read the ideas of others and add to them.")),
        TemplateItem(_("Plenary feedback"), 10, instruction=_(
            "What came out? Which approaches and tips do you want to use?")),
        TemplateItem(_("Agree on actions"), 20, instruction=_(
            "Look at the top three. Choose one or two solutions to work on together. "
            "Keep it small and concrete. Use existing contacts and means."),
            output=_("Joint agreements.")),
        TemplateItem(_("Record individual actions"), 5, "individual", instruction=_(
            "Write down which steps you will take yourself. Share them briefly.")),
        TemplateItem(_("Agree on follow-up"), 5, instruction=_(
            "When do we meet again? When does everyone report on their actions?")),
        TemplateItem(_("Closing"), 5, instruction=_(
            "May the contact list be shared? Send an update on your action to the next organiser "
            "one week before the next meeting. Thank you!")),
    ),
)

WIJKSESSIE = AgendaTemplate(
    key="wijksessie",
    name=_("Neighbourhood session (Den Helder pattern)"),
    description=_("A shared picture of the neighbourhood, the map filled in together, parked topics "
                  "and a PMI evaluation. Durations are defaults."),
    items=(
        TemplateItem(_("Technical check-in"), 10, instruction=_("Can everyone see and hear us?")),
        TemplateItem(_("Welcome and what happened before"), 15, instruction=_(
            "The chair welcomes everyone and tells what happened before this session.")),
        TemplateItem(_("Reaction round"), 15, "individual", instruction=_(
            "Does this match your experience? What is missing in how we work together?"),
            activity="postits"),
        TemplateItem(_("Care use in the neighbourhood"), 20, instruction=_(
            "A colleague shows figures about the neighbourhood. Do you recognise them? What do you add?"),
            activity="postits"),
        TemplateItem(_("Breakouts: fill in the neighbourhood map"), 40, "small_groups", instruction=_(
            "In groups of at most 5: put facilities and opportunities on the map of the neighbourhood."),
            output=_("Facilities and opportunities on the map.")),
        TemplateItem(_("Back together"), 15, instruction=_("Each group tells what it found.")),
        TemplateItem(_("Break"), 15, "break", instruction=_("Take a short walk or a glass of water.")),
        TemplateItem(_("The filled maps"), 25, instruction=_(
            "We look at the maps together. Keep adding, also after the session.")),
        TemplateItem(_("Closing and next steps"), 10, instruction=_("What happens next, and who does what?")),
        TemplateItem(_("Evaluation (plus, minus, interesting)"), 15, "individual", instruction=_(
            "What went well (plus), what can be better next time (minus), what did you find "
            "interesting?"), activity="postits"),
    ),
    columns=(_("Plus"), _("Minus"), _("Interesting")),
)

TEMPLATES: dict[str, AgendaTemplate] = {t.key: t for t in (AFWEGEN_I, AFWEGEN_II, SAMENWERKEN, WIJKSESSIE)}


def get_template(key: object) -> AgendaTemplate | None:
    return TEMPLATES.get(key) if isinstance(key, str) else None
