"""Who takes part: finding a workshop by its code or QR token, joining it, the device token
of a participant, and removing a participant."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijktafel.core.db import rows
from wijktafel.core.errors import Invalid, NotAllowed, NotFound
from wijktafel.core.text import clean_text

from .. import codes, events, people
from ..models import Participant, Workshop, WorkshopEvent
from ..ops import facilitators_only
from ..selectors import participant_payload
from .log import Actor, OpResult, _system_op, apply_op

DISPLAY_NAME_MAX = 60
ORGANISATION_NAME_MAX = 100
ROLE_TEXT_MAX = 100


def find_workshop_by_code(raw_code: str) -> Workshop:
    """The workshop a typed code opens, or a refusal that does not say which part was wrong."""
    code = codes.normalise_code(raw_code)
    workshop = None
    if code is not None:
        workshop = Workshop.objects.filter(join_code_digest=codes.digest("code", code)).first()
    return _check_joinable(
        workshop,
        not_found=_("We do not know this code. Check the code on the big screen and try again."),
    )


def find_workshop_by_token(token: str) -> Workshop:
    workshop = None
    if isinstance(token, str) and 0 < len(token) <= codes.TOKEN_MAX_LENGTH:
        workshop = Workshop.objects.filter(join_token_digest=codes.digest("token", token)).first()
    return _check_joinable(
        workshop, not_found=_("This QR code no longer works. Ask the facilitator for the code.")
    )


def _check_joinable(workshop: Workshop | None, *, not_found) -> Workshop:
    if workshop is None:
        raise NotFound(not_found, field="code")
    if workshop.status == Workshop.Status.ENDED:
        raise NotAllowed(_("This session has ended."), field="code")
    if not workshop.joining_open:
        raise NotAllowed(_("Joining this session is closed. Ask the facilitator."), field="code")
    return workshop


@dataclass(frozen=True)
class Joined:
    participant: Participant
    token: str
    event: WorkshopEvent
    extras: dict  # what the blocks that take part in joining kept (seam.Joining), by block key


def participant_join(
    *,
    workshop: Workshop,
    display_name: str,
    organisation_name: str = "",
    role_text: str = "",
    kind: str = "",
    context: dict | None = None,
) -> Joined:
    """Add a participant to a joinable workshop and hand out the device's token. The blocks
    that take part in joining (``seam.Joining``) see the new participant in the same
    transaction, with ``context`` from the block's own page (who the device was recognised as)."""
    from .. import seam

    kind = _kind(kind)
    name = clean_text(
        display_name, max_length=DISPLAY_NAME_MAX, field="display_name", label=_("Your name")
    )
    org = clean_text(
        organisation_name,
        max_length=ORGANISATION_NAME_MAX,
        field="organisation_name",
        label=_("Organisation"),
        required=False,
    )
    role = clean_text(
        role_text, max_length=ROLE_TEXT_MAX, field="role_text", label=_("Role"), required=False
    )
    _check_not_the_facilitators(workshop, name)
    token = codes.new_participant_token()
    created: dict = {}

    def change(ws: Workshop) -> tuple[str, dict]:
        _check_joinable(ws, not_found=_("This session does not exist."))
        participant = Participant.objects.create(
            workshop=ws,
            display_name=name,
            organisation_name=org,
            role_text=role,
            kind=kind,
            token_digest=codes.digest("participant", token),
        )
        created["participant"] = participant
        created["extras"] = {
            key: joining.joined(participant, context or {}) for key, joining in seam.joinings()
        }
        return events.PARTICIPANT_JOINED, participant_payload(participant)

    result = _system_op(workshop.pk, change)
    return Joined(
        participant=created["participant"],
        token=token,
        event=result.event,
        extras=created["extras"],
    )


# Names that would pass a participant off as the one leading the session.
ROLE_NAMES = ("facilitator", "gespreksleider", "begeleider", "moderator", "organisator")


def _comparable(name: str) -> str:
    """A name as people read it: without case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def _check_not_the_facilitators(workshop: Workshop, name: str) -> None:
    """Refuse a name that copies the facilitator's (or names the role), so nobody in the room
    can speak as the facilitator on the wall or in the list."""
    taken = {_comparable(role) for role in ROLE_NAMES}
    creator = workshop.created_by if workshop.created_by_id else None
    if creator is not None and creator.get_full_name().strip():
        taken.add(_comparable(creator.get_full_name()))
    if _comparable(name) in taken:
        raise Invalid(
            _("This is the name of the facilitator. Type your own name."), field="display_name"
        )


def _kind(kind: object) -> str:
    if kind is None or kind == "":
        return ""
    if not isinstance(kind, str) or kind not in people.Kind.values:
        raise Invalid(_("Choose who you are from the list."), field="kind")
    return kind


def _roles(roles: object) -> list[str]:
    """Roles of ``people.Role``, each at most once (a role sent twice counts once)."""
    if (
        not isinstance(roles, (list, tuple))
        or len(roles) > len(people.Role)
        or not all(isinstance(role, str) and role in people.Role.values for role in roles)
    ):
        raise Invalid(_("Choose the roles from the list."), field="roles")
    return people.ordered_roles(roles) or list(people.DEFAULT_ROLES)


# Every page and socket connect of a participant reads these (core/db/rows.py: no compiling)
_ACTIVE_BY_TOKEN = rows.Rows(Participant, "workshop", "token_digest", also="removed_at IS NULL")
_WORKSHOP = rows.Rows(Workshop, "id")


def participant_from_token(*, workshop_id: int, token: object) -> Participant | None:
    """The active participant a device token belongs to, for this workshop only (with its
    workshop read)."""
    if not isinstance(token, str) or not 0 < len(token) <= codes.TOKEN_MAX_LENGTH:
        return None
    participant = _ACTIVE_BY_TOKEN.get(workshop_id, codes.digest("participant", token))
    workshop = None if participant is None else _WORKSHOP.get(workshop_id)
    if workshop is None:  # no such participant, or its workshop was deleted just now
        return None
    participant.workshop = workshop
    return participant


@facilitators_only
def participant_remove(
    *, workshop_id: int, actor: Actor, participant_id: int, client_op_id: uuid.UUID | None = None
) -> OpResult:
    """Remove a participant; their sockets close with 4403 and their token stops working."""

    def change(workshop: Workshop) -> tuple[str, dict]:
        try:
            participant = workshop.participants.get(pk=int(participant_id), removed_at__isnull=True)
        except (Participant.DoesNotExist, TypeError, ValueError):
            raise NotFound(_("This participant is not in the session.")) from None
        participant.removed_at = timezone.now()
        participant.save(update_fields=["removed_at"])
        transaction.on_commit(partial(events.close_participant_sockets, participant.pk))
        return events.PARTICIPANT_REMOVED, {"id": participant.pk}

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)


@facilitators_only
def participant_update(
    *,
    workshop_id: int,
    actor: Actor,
    participant_id: int,
    kind: str | None = None,
    roles: list[str] | None = None,
    client_op_id: uuid.UUID | None = None,
) -> OpResult:
    """Set who a participant is (their kind) and what they do here (their roles); a field left
    out stays as it is. No roles means an ordinary participant."""
    new_kind = None if kind is None else _kind(kind)
    new_roles = None if roles is None else _roles(roles)

    def change(workshop: Workshop) -> tuple[str, dict]:
        try:
            participant = workshop.participants.get(pk=int(participant_id), removed_at__isnull=True)
        except (Participant.DoesNotExist, TypeError, ValueError):
            raise NotFound(_("This participant is not in the session.")) from None
        if new_kind is not None:
            participant.kind = new_kind
        if new_roles is not None:
            participant.roles = new_roles
        participant.save(update_fields=["kind", "roles"])
        return events.PARTICIPANT_UPDATED, participant_payload(participant)

    return apply_op(workshop_id=workshop_id, actor=actor, client_op_id=client_op_id, change=change)
