"""The parking lot (METHODS.md §2.7): topics that matter later, parked so the meeting keeps its
focus, with a reason, who raised them where, a status and a follow-up."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParkedTopic(models.Model):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        # Afwegen: a remark in steps 1-2 that is really a solution, offered again at step 4.
        SOLUTION_IDEA = "solution_idea", _("solution idea")

    class Status(models.TextChoices):
        PARKED = "parked", _("parked")
        SCHEDULED = "scheduled", _("scheduled")
        RESOLVED = "resolved", _("resolved")
        DROPPED = "dropped", _("dropped")

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="parked_topics"
    )
    text = models.CharField(_("topic"), max_length=300)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PARKED)
    raised_by = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_in_item = models.ForeignKey(
        "workshops.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The method's step where it comes back (Afwegen: 4 for a solution idea), if any.
    return_at_step = models.PositiveSmallIntegerField(null=True, blank=True)
    follow_up = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A post-it parked on the wall is a parked topic: its text, its note as the reason, its
    # author as who raised it. It goes when the post-it goes back onto the wall (or is deleted).
    postit = models.OneToOneField(
        "activities.Postit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parked_topic",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "pk"]
