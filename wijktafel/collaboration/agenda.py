"""The agenda of the meeting (METHODS.md §4.4, S3): eleven parts, 120 minutes with the break.
Each part is a step of the method (1–11), so the screens know which part runs.

Titles, instructions and materials are translatable and copied into a workshop in the language of
the facilitator who creates it; after that they are the workshop's own, to adapt."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wijktafel.workshops.agenda_templates import AgendaTemplate, TemplateItem

# The parts, by step number.
WELCOME = 1
REFLECTION = 2
VOTE = 3
DUOS = 4
BREAK = 5
SILENT = 6
FEEDBACK = 7
AGREEMENTS = 8
ACTIONS = 9
FOLLOW_UP = 10
CLOSING = 11
STEPS = range(WELCOME, CLOSING + 1)

SAMENWERKEN = AgendaTemplate(
    key="samenwerken",
    name=_("Working together in the neighbourhood"),
    description=_(
        "The two-hour meeting about collaboration between professionals, with the ten questions."
    ),
    items=(
        TemplateItem(
            _("Welcome and introductions; explanation"),
            10,
            instruction=_(
                "Does everyone know each other? Why are we here? We walk through the ten questions about "
                "working together."
            ),
            step=1,
            materials=_("Overview of the ten questions (bouwsteen 1)"),
        ),
        TemplateItem(
            _("Reflection on working together"),
            15,
            instruction=_(
                "You answered the reflection questions beforehand. Is there anything urgent? "
                "Do you recognise the ten questions? Is a question missing?"
            ),
            step=2,
            materials=_("The ten questions; the reflection answers (bouwsteen 4)"),
        ),
        TemplateItem(
            _("Get started: choose questions"),
            10,
            "individual",
            instruction=_(
                "You get three stickers. Put them on the questions that matter most to you. "
                "Most stickers means highest priority."
            ),
            output=_("Sticker votes on the questions."),
            step=3,
            materials=_("The ten question cards, blank cards, stickers"),
        ),
        TemplateItem(
            _("In duos: look for solutions"),
            20,
            "duos",
            instruction=_(
                "Form a duo, preferably with someone you do not know well. Discuss at least three "
                "different questions and write solutions and ideas on the sheets."
            ),
            step=4,
            materials=_("The cards, pens"),
        ),
        TemplateItem(
            _("Break"),
            10,
            "break",
            instruction=_(
                "Please fill in your contact details on the form, correctly and completely."
            ),
            step=5,
            materials=_("Contact form (bouwsteen 7)"),
        ),
        TemplateItem(
            _("Sharpen solutions on your own"),
            10,
            "individual",
            instruction=_(
                "Walk past the sheets in silence. Read the ideas of others and add to them."
            ),
            step=6,
            materials=_("The cards, pens, the top-three sheet"),
        ),
        TemplateItem(
            _("Plenary feedback"),
            10,
            instruction=_("What came out? Which approaches and tips do you want to use?"),
            step=7,
            materials=_("The top-three sheet"),
        ),
        TemplateItem(
            _("Agree on actions"),
            20,
            instruction=_(
                "Look at the top three. Choose one or two solutions to work on together. "
                "Keep it small and concrete. Use existing contacts and means."
            ),
            output=_("Joint agreements."),
            step=8,
            materials=_("The top-three sheet, action form (bouwsteen 5), register (bouwsteen 6)"),
        ),
        TemplateItem(
            _("Record individual actions"),
            5,
            "individual",
            instruction=_("Write down which steps you will take yourself. Share them briefly."),
            step=9,
            materials=_("Action form (bouwsteen 5)"),
        ),
        TemplateItem(
            _("Agree on follow-up"),
            5,
            instruction=_("When do we meet again? When does everyone report on their actions?"),
            step=10,
        ),
        TemplateItem(
            _("Closing"),
            5,
            instruction=_(
                "May the contact list be shared? Send an update on your action to the next organiser "
                "one week before the next meeting. Thank you!"
            ),
            step=11,
            materials=_("Register (bouwsteen 6), contact form (bouwsteen 7)"),
        ),
    ),
)
