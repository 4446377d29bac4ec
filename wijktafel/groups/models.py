"""Groups of set sizes in a session (METHODS.md §2.6): breakouts, duos and trios, and whom each
participant already knows (for duos of people who did not know each other).

Afwegen's groups of 3-4 keep their own model (``appraisals.Group``); the rules of every kind
live in ``workshops/grouping.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of ``grouping.KINDS`` this block forms (Afwegen's groups are its own)."""

    BREAKOUT = "breakout", _("breakouts")
    DUO = "duo", _("duos")
    TRIO = "trio", _("trios")


class Group(models.Model):
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="sized_groups"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveIntegerField(default=0)
    members = models.ManyToManyField(
        "workshops.Participant", through="Membership", related_name="sized_groups"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "kind", "position", "pk"]


class Membership(models.Model):
    """A participant in a group; ``kind`` repeats the group's, so the database itself keeps a
    participant in at most one group of a kind (a participant belongs to one workshop)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        "workshops.Participant", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"], name="groups_one_group_of_a_kind"
            )
        ]


class GroupSet(models.Model):
    """The groups of one kind in a session as a whole: ``done`` once the facilitator says they
    are complete; from then on every group of the kind must keep its size rule."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="group_sets"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["workshop", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "kind"], name="groups_one_set_of_a_kind")
        ]


class Acquaintance(models.Model):
    """``participant`` said they already know ``known`` (both of the same workshop). Personal:
    never broadcast, never in the shared snapshot."""

    participant = models.ForeignKey(
        "workshops.Participant", on_delete=models.CASCADE, related_name="acquaintances"
    )
    known = models.ForeignKey("workshops.Participant", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["participant", "known"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "known"], name="groups_knows_once")
        ]
