"""Sessions that follow each other (a series), the people who come back to them, and the
personal links that bring a person without an account back as themselves (METHODS.md §2.4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijktafel.workshops.people import Kind


class Series(models.Model):
    """Sessions in order that carry forward their people, groups and open work."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="series"
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(max_length=40, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title


class SeriesSession(models.Model):
    """A workshop's place in a series: session 1, 2, ..."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="entries")
    workshop = models.OneToOneField(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="series_entry"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["series", "position"]
        constraints = [
            models.UniqueConstraint(fields=["series", "position"], name="uniq_series_position")
        ]


class Person(models.Model):
    """Someone who takes part in the sessions of a series, once per series: the participants
    of its sessions that are this person point here (``Attendance``)."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="persons")
    display_name = models.CharField(_("name"), max_length=60)
    organisation_name = models.CharField(_("organisation"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    # Raised to forget every device that recognised this person (their cookies carry the old one).
    device_epoch = models.PositiveIntegerField(default=0)
    # Set when the facilitator merged this record into another one; it then only forwards.
    merged_into = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name


class Attendance(models.Model):
    """A person took part in one session of the series as this participant."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    participant = models.OneToOneField(
        "workshops.Participant", on_delete=models.CASCADE, related_name="attendance"
    )
    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "workshop"], name="uniq_person_workshop")
        ]


class PersonalLink(models.Model):
    """A signed link that brings a person back as themselves; it expires and can be revoked.
    Only a digest of its secret part is stored."""

    class Purpose(models.TextChoices):
        RETURN = "return", _("come back to the series")
        ANSWERS = "answers", _("answer questions before a meeting")
        UPDATE = "update", _("write an update on an action")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.RETURN)
    nonce_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
