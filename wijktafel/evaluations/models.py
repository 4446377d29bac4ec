"""The PMI evaluation (de Bono: plus, minus, interesting; METHODS.md §2.9) of a session."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pmi(models.Model):
    """A session's PMI board: open for notes or not, anonymous or not."""

    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="pmi"
    )
    open = models.BooleanField(default=False)  # phones show the PMI and take notes
    anonymous = models.BooleanField(default=False)  # nobody sees who wrote what
    # The sticker vote on the minus notes (the most important improvements), once started.
    ballot = models.OneToOneField(
        "stickers.Ballot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


class PmiEntry(models.Model):
    class Column(models.TextChoices):
        PLUS = "plus", _("plus: what went well")
        MINUS = "minus", _("minus: what could be better")
        INTERESTING = "interesting", _("interesting")

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="pmi_entries"
    )
    column = models.CharField(max_length=12, choices=Column.choices)
    text = models.CharField(_("text"), max_length=280)
    # Kept so that its writer can take it back; never shown when the board is anonymous.
    author = models.ForeignKey(
        "workshops.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase = models.CharField(max_length=60, blank=True)  # optional: a part or phase it is about
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "pk"]
