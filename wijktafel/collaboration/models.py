"""Samenwerken in de wijk (METHODS.md §4): the organisation's wording of the ten questions, and
per meeting its cards, the notes on them, the reflection answers, the contact forms and the
follow-up.

The cards are the choices of a sticker vote of the session (wijktafel/stickers), so the vote, the
blank cards people add until voting opens, the tally and the tie at the cut-off are the block's;
the agreements and the individual actions are rows of the register (wijktafel/agreements)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

METHOD_KEY = "samenwerken"


class QuestionWording(models.Model):
    """An organisation's own wording of one of the ten questions and its solution directions.
    Without a row the original wording stands, with no solution directions (they could not be
    retrieved, METHODS.md §4.2 [GAP], so none are invented)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="question_wordings"
    )
    number = models.PositiveSmallIntegerField(_("number"))  # 1..10
    wording = models.CharField(_("wording"), max_length=200)
    directions = models.JSONField(_("solution directions"), default=list)  # [text]
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="collaboration_one_wording_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.wording}"


class Meeting(models.Model):
    """The method's part of one session: its vote, the questions as they stood when it was made,
    what was agreed for the follow-up and at the closing."""

    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="meeting"
    )
    # The sticker vote whose choices are the cards: it cannot be deleted on its own (RESTRICT),
    # only with the session.
    ballot = models.OneToOneField(
        "stickers.Ballot", on_delete=models.RESTRICT, related_name="meeting"
    )
    # The ten questions as copied from the organisation's wording when the meeting was made:
    # [{"number", "target_id", "wording", "directions": [text]}]
    questions = models.JSONField(default=list)
    # Follow-up (part 10, §4.7).
    next_meeting_date = models.DateField(_("next meeting"), null=True, blank=True)
    report_back = models.CharField(_("report back"), max_length=300, blank=True)
    next_organiser = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    next_organiser_name = models.CharField(_("next organiser"), max_length=100, blank=True)
    # Closing (part 11): the ground rules agreed; "what is said here stays here" makes the
    # report confidential.
    stays_here = models.BooleanField(_("what is said here stays here"), default=False)
    ground_rules = models.JSONField(_("ground rules"), default=list)  # [text]
    # Part 9: whose actions the big screen shows now (the round of individual actions).
    showing_actions_of = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.workshop)

    @property
    def confidential(self) -> bool:
        return self.stays_here


class Note(models.Model):
    """What is written on a card: in the duo round, the silent round (a reaction answers another
    note) or the plenary feedback (on the top-three sheet)."""

    class Round(models.TextChoices):
        DUO = "duo", _("duo round")
        SILENT = "silent", _("silent round")
        PLENARY = "plenary", _("plenary feedback")

    class Origin(models.TextChoices):
        PRACTICE = "practice", _("from our own practice")
        INVENTED = "invented", _("invented")
        ELSEWHERE = "elsewhere", _("found elsewhere")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    # A card with notes cannot be removed from the vote on its own (RESTRICT), only with the
    # session: what was written on it stays.
    card = models.ForeignKey("stickers.Target", on_delete=models.RESTRICT, related_name="+")
    text = models.CharField(_("text"), max_length=500)
    round = models.CharField(max_length=10, choices=Round.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, blank=True)
    author = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The author's duo when the note was written (the duo round), by group id.
    duo_id = models.PositiveBigIntegerField(null=True, blank=True)
    reacts_to = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="reactions"
    )
    # Added to the top-three sheet (part 7).
    on_sheet = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]


class ReflectionAnswer(models.Model):
    """A participant's answer to one reflection question (bouwsteen 4), given before the
    meeting; only the facilitator reads them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reflections")
    participant = models.ForeignKey(
        "workshops.Participant", on_delete=models.CASCADE, related_name="+"
    )
    question = models.CharField(max_length=20)  # a key of questions.REFLECTION
    text = models.CharField(_("answer"), max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "question", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question"], name="collaboration_one_answer_per_question"
            )
        ]


class Contact(models.Model):
    """A participant's contact form (bouwsteen 7). Shared with the others only with their
    explicit consent; not shared is the default, and consent can be withdrawn."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="contacts")
    participant = models.OneToOneField(
        "workshops.Participant", on_delete=models.CASCADE, related_name="contact"
    )
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    function = models.CharField(_("function"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    share = models.BooleanField(_("may be shared"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "name", "pk"]
        indexes = [models.Index(fields=["meeting"], condition=Q(share=True), name="collab_shared")]
