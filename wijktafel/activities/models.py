"""What happens inside a session: the post-it wall with its columns and parking lot."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Column(models.Model):
    """A column of the wall; for Afwegen step 1 one column per problem owner."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="columns"
    )
    title = models.CharField(_("title"), max_length=80)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "title"], name="uniq_column_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Postit(models.Model):
    """A short text on the wall, with an optional reason why it is a problem."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="postits"
    )
    author = models.ForeignKey(
        "workshops.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postits",
    )
    author_user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("text"), max_length=280)
    why = models.CharField(_("why is this a problem"), max_length=500, blank=True)
    column = models.ForeignKey(
        Column, on_delete=models.SET_NULL, null=True, blank=True, related_name="postits"
    )
    position = models.PositiveIntegerField(default=0)
    parked = models.BooleanField(_("parked"), default=False)
    parked_note = models.CharField(_("note"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
