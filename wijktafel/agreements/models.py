"""The register of agreements and actions of a session (METHODS.md §2.8, §4.7): what was agreed,
who does it by when, how it goes, and when the agreements were sent to whom."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    """An agreement or an action made in a work session, with one or more owners."""

    class Kind(models.TextChoices):
        WORK_AGREEMENT = "work_agreement", _("work agreement")
        JOINT_AGREEMENT = "joint_agreement", _("joint agreement")
        INDIVIDUAL_ACTION = "individual_action", _("individual action")
        RESEARCH_TASK = "research_task", _("research task")
        FOLLOW_UP = "follow_up", _("follow-up")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    class LinkKind(models.TextChoices):
        NONE = "", _("nothing")
        QUESTION = "question", _("question")
        SOLUTION = "solution", _("solution")
        PROBLEM = "problem", _("problem")
        PARKED_TOPIC = "parked_topic", _("parked topic")
        OTHER = "other", _("other")

    # The session the agreement was made in.
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500)
    owners = models.ManyToManyField(
        "workshops.Participant", related_name="agreements_owned", blank=True
    )
    # An owner who is not a participant of the session ("Gemeente", "the next organiser").
    owner_names = models.CharField(_("other owners"), max_length=200, blank=True)
    contributors = models.ManyToManyField(
        "workshops.Participant", related_name="agreements_contributed", blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # What it is linked to: an object of a method (question, solution, problem, parked topic),
    # by kind and id, with its text as it was, so a report can show it without the method.
    link_kind = models.CharField(
        _("linked to"), max_length=20, choices=LinkKind.choices, blank=True, default=""
    )
    link_id = models.PositiveBigIntegerField(null=True, blank=True)
    link_label = models.CharField(_("link"), max_length=200, blank=True)
    # Where in the method it came up (Afwegen: "step4", "card", "choice"), free text.
    source = models.CharField(_("source"), max_length=40, blank=True)
    # The block or method whose ops keep it ("" for the register's own): its screens list
    # their own agreements, every report reads them all from here.
    origin = models.CharField(max_length=20, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    uses_existing = models.CharField(
        _("existing contacts, means or processes"), max_length=500, blank=True
    )
    # The Samenwerken action form and register (METHODS.md §4.3 blocks 5 and 6, §4.7): a joint
    # agreement's solution direction; an individual action's first step; with whom, beside the
    # participants who help (people outside the session too); how the owner reports back.
    solution_direction = models.CharField(_("solution direction"), max_length=300, blank=True)
    first_step = models.CharField(_("first step"), max_length=300, blank=True)
    with_whom = models.CharField(_("with whom"), max_length=300, blank=True)
    report_back = models.CharField(_("how to report back"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        "workshops.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "pk"]

    def __str__(self) -> str:
        return self.description[:40]


class ProgressUpdate(models.Model):
    """A short report on how an agreement is going, on a date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="progress")
    text = models.CharField(_("text"), max_length=500)
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "date", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class Distribution(models.Model):
    """The facilitator sent the agreements of a session: when, to whom, which kinds.

    The recipients are kept as they were (participant id and name), never with an address."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="agreement_distributions"
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipients = models.JSONField(default=list)  # [{"participant_id", "name"}]
    kinds = models.JSONField(default=list)  # Agreement.Kind values included
    agreement_ids = models.JSONField(default=list)  # the agreements that were sent

    class Meta:
        ordering = ["workshop", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.sent_at:%Y-%m-%d}"
