"""The live session engine: a workshop, its agenda, its participants and its event log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .people import DEFAULT_ROLES, Kind


class Workshop(models.Model):
    """A work session (werksessie) that a facilitator runs and participants join by code."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("in preparation")
        LIVE = "live", _("live")
        ENDED = "ended", _("ended")

    class TimerState(models.TextChoices):
        IDLE = "idle", _("not started")
        RUNNING = "running", _("running")
        PAUSED = "paused", _("paused")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=200)
    template_key = models.CharField(max_length=40, blank=True)
    # The method the session runs (a key of ``seam.methods()``), blank for a plain session.
    method = models.CharField(max_length=40, blank=True, default="")
    area = models.ForeignKey(
        "neighbourhoods.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
    )
    planned_start = models.DateTimeField(_("start"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARING)
    joining_open = models.BooleanField(_("joining open"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Server-authoritative timer: when the current agenda item ends.
    current_item = models.ForeignKey(
        "AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    timer_state = models.CharField(
        max_length=10, choices=TimerState.choices, default=TimerState.IDLE
    )
    item_ends_at = models.DateTimeField(null=True, blank=True)
    paused_remaining_ms = models.BigIntegerField(null=True, blank=True)

    # A timed round beside the agenda timer (a pitch, a duo round, a silent round): it counts down
    # on every screen while the item's own timer keeps running.
    round_title = models.CharField(max_length=100, blank=True)
    round_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    round_ends_at = models.DateTimeField(null=True, blank=True)

    # What the facilitator put in the spotlight of the big screen ("postit:12", "group:3",
    # "part:tally"; empty: the whole stage). services/spotlight.py says what a target may be. A
    # default in the database too: a row written by an older migration's model leaves it out.
    spotlight = models.CharField(max_length=60, blank=True, default="", db_default="")

    # Head of the event log.
    last_seq = models.BigIntegerField(default=0)

    # Join secrets are derived from SECRET_KEY and this nonce; only digests are stored.
    join_nonce = models.CharField(max_length=32)
    join_code_digest = models.CharField(max_length=64, unique=True)
    join_token_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-planned_start"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One timed item of a workshop's agenda."""

    class WorkForm(models.TextChoices):
        PLENARY = "plenary", _("plenary")
        SMALL_GROUPS = "small_groups", _("small groups")
        DUOS = "duos", _("duos")
        INDIVIDUAL = "individual", _("individual")
        BREAK = "break", _("break")

    class Activity(models.TextChoices):
        NONE = "none", _("no input")
        POSTITS = "postits", _("post-it wall")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    work_form = models.CharField(
        _("work form"), max_length=20, choices=WorkForm.choices, default=WorkForm.PLENARY
    )
    step = models.PositiveSmallIntegerField(_("method step"), null=True, blank=True)
    instruction = models.TextField(_("instruction"), blank=True)
    expected_output = models.CharField(_("expected output"), max_length=300, blank=True)
    # What the item needs in the room (flaps, stickers, a form); the big screen shows it.
    materials = models.CharField(_("materials"), max_length=300, blank=True, default="")
    activity = models.CharField(
        _("input"), max_length=20, choices=Activity.choices, default=Activity.NONE
    )
    # A deliberate gap before this item (the source templates have one); flagged, never filled.
    gap_before_minutes = models.PositiveIntegerField(_("gap before (minutes)"), default=0)

    class Meta:
        ordering = ["workshop", "position"]

    def __str__(self) -> str:
        return self.title


def default_roles() -> list[str]:
    return list(DEFAULT_ROLES)


class Participant(models.Model):
    """Someone who joined a workshop by code, without an account."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("name"), max_length=60)
    organisation_name = models.CharField(_("organisation"), max_length=100, blank=True)
    role_text = models.CharField(_("role"), max_length=100, blank=True)
    # Who they are (people.Kind, "" when not said) and what they do here (people.Role keys).
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    roles = models.JSONField(_("roles"), default=default_roles)
    token_digest = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class WorkshopEvent(models.Model):
    """Append-only log of every change in a workshop, numbered without gaps."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="events")
    seq = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    # Only fields every member of the workshop may see.
    payload = models.JSONField(default=dict)
    actor_key = models.CharField(max_length=24)
    client_op_id = models.UUIDField(null=True, blank=True)
    # The op that wrote it (``ops.Op.kind``; "" for a page or the server): a client_op_id reused
    # for another op is refused instead of answered with this event.
    op_kind = models.CharField(max_length=40, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "seq"], name="uniq_workshop_seq"),
            models.UniqueConstraint(
                fields=["workshop", "actor_key", "client_op_id"], name="uniq_workshop_actor_op"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}#{self.seq} {self.kind}"

    def as_message(self) -> dict:
        return {
            "type": "event",
            "seq": self.seq,
            "kind": self.kind,
            "data": self.payload,
            "at": self.created_at.isoformat(),
        }
