"""Sticker votes (dot voting, METHODS.md §2.11): a ballot on targets of any kind, the stickers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Ballot(models.Model):
    """One sticker vote in a session: its targets, each voter's budget and cap, its result."""

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("collecting")  # targets may be added; no voting yet
        VOTING = "voting", _("voting")
        CLOSED = "closed", _("closed")

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="ballots"
    )
    title = models.CharField(_("title"), max_length=120)
    # What the targets are ("question", "postit", "minus", ...): a method's word, not a table.
    target_kind = models.CharField(max_length=30, default="item")
    budget = models.PositiveSmallIntegerField(default=3)  # stickers per voter
    cap = models.PositiveSmallIntegerField(default=1)  # stickers per target per voter
    top_n = models.PositiveSmallIntegerField(default=3)
    tally_hidden = models.BooleanField(default=False)  # screens hide the counts while voting
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COLLECTING)
    # The facilitator's order of the targets tied at the cut-off (ids), once settled.
    settled = models.JSONField(default=list)
    # Blank for the session's own votes. Otherwise the method part that owns this ballot (one per
    # session, e.g. Afwegen's "probleem 1"): only the method's ops write it and it is not in the
    # block's part of the snapshot, so no generic vote panel shows it.
    purpose = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "purpose"],
                condition=~Q(purpose=""),
                name="stickers_one_ballot_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """Something stickers go on: a question, a post-it, a minus of a PMI, a blank card."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(_("label"), max_length=200)
    ref_id = models.PositiveBigIntegerField(null=True, blank=True)  # the method's object, if any
    added_by = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["ballot", "position", "pk"]


class Sticker(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="stickers")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="stickers")
    voter = models.ForeignKey("workshops.Participant", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ballot", "pk"]
        indexes = [models.Index(fields=["ballot", "voter"])]
