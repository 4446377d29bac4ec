"""The agenda templates of Afwegen in de Wijk: work session I (steps 1–4) and II (steps 5–8).

After the method's description (docs/method.md); titles and instructions are translatable and
copied into a workshop in the language of the facilitator who creates it. Durations the sources
do not give are marked [INFERRED] and are defaults to edit.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wijktafel.workshops.agenda_templates import AgendaTemplate, TemplateItem

AFWEGEN_I = AgendaTemplate(
    key="afwegen-1",
    name=_("Weighing in the neighbourhood — work session I"),
    description=_(
        "Steps 1 to 4: problems, core problems, baseline and solutions. About 3.5 hours."
    ),
    items=(
        TemplateItem(
            _("Introduction"),
            15,
            instruction=_(
                "Who is at the table, with which expertise or role? Why do we weigh this together? "
                "Keep it short and powerful."
            ),
            output=_("Everyone knows who is here and why."),
        ),
        TemplateItem(
            _("Step 1: inventory of problems"),
            45,
            "individual",
            1,
            _(
                "The organiser tells in at most 5 minutes which problem they see. Then you have 2 minutes "
                "to write your problems on post-its, in a few words, with why it is a problem and who "
                "owns the problem. Mark the problem you find most important. Everyone pitches for 2 "
                "minutes (at most 10 pitches; work in pairs with more than 10 people). After each pitch: "
                "1 or 2 questions to clarify. No discussion and no solutions yet."
            ),
            _("Problems per problem owner on the wall."),
            "postits",
        ),
        TemplateItem(
            _("Step 2: sharpen the problems"),
            45,
            "small_groups",
            2,
            _(
                "In groups of 3 or 4: take some post-its and write the core problem per problem owner "
                "as sharp as you can. Which problems lie underneath? Could the problem solve itself? "
                "How big is it, and what happens if nobody solves it? Last 15 minutes: each group "
                "presents."
            ),
            _("A sharp core problem per problem owner."),
            "postits",
        ),
        TemplateItem(
            _("Step 3: baseline alternative"),
            15,
            "plenary",
            3,
            _(
                "What happens in the coming years without new policy or a new intervention? "
                "Not the same as doing nothing: decisions already taken count."
            ),
            _("A description of the baseline."),
            gap_before=15,
        ),
        TemplateItem(_("Break"), 30, "break"),
        TemplateItem(
            _("Step 4 and 5: solutions, effects and extra costs"),
            60,
            "small_groups",
            4,
            _(
                "In the same groups (about 40 minutes): three columns — solution, effects, who notices "
                "the effect. Every group makes at least one out-of-the-box solution. Last 20 minutes: "
                "each group pitches; where do solutions overlap? Make work agreements for session II."
            ),
            _("Solutions with effects; work agreements for session II."),
            "postits",
        ),
    ),
)

AFWEGEN_II = AgendaTemplate(
    key="afwegen-2",
    name=_("Weighing in the neighbourhood — work session II"),
    description=_("Steps 5 to 8: effects, ranking, effect cards and the choice."),
    items=(
        TemplateItem(
            _("Welcome and look back at session I"),
            15,
            instruction=_("We show the core problems and the baseline. Do we all still agree?"),
            output=_("Core problems and baseline confirmed."),
        ),
        TemplateItem(
            _("Step 5: effects and area of influence"),
            45,
            "plenary",
            5,
            _(
                "Walk through the solution cards. Sharpen effects and extra costs. What is uncertain, "
                "which variants are there, what must we find out? Name one or two core effects."
            ),
            _("Sharpened solution cards and 1 or 2 core effects."),
        ),
        TemplateItem(
            _("Step 6: pre-selection"),
            60,
            "small_groups",
            6,
            _(
                "In small groups: rank the cards on solving power per problem owner, extra costs and "
                "other effects. Put the rankings side by side and choose a top three together. "
                "Discuss outliers and dropouts."
            ),
            _("A shared top three."),
        ),
        TemplateItem(_("Break"), 15, "break"),
        TemplateItem(
            _("Step 7: analyse effects"),
            60,
            "small_groups",
            7,
            _(
                "Make an effect card for each selected solution: per problem owner the main effects "
                "and how big they are (small, medium, large)."
            ),
            _("An effect card per solution."),
        ),
        # [INFERRED] the source breaks off after 12:15; step 8 and closing as a default.
        TemplateItem(
            _("Step 8: choose and next steps"),
            30,
            "plenary",
            8,
            _(
                "Choose a solution, a combination, the baseline, or decide to find out more first. "
                "Always consider the baseline. Record what we learned."
            ),
            _("A choice and next steps."),
        ),
    ),
)
