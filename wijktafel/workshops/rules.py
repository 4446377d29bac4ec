"""Who may do what in a workshop, as small predicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wijktafel.accounts.models import User

    from .models import Participant, Workshop

FACILITATING_ROLES = {"facilitator", "org_admin", "platform_admin"}


def is_platform_admin(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def can_facilitate(user: User | None, workshop: Workshop) -> bool:
    """Facilitators and admins of the workshop's organisation, and platform admins."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_platform_admin(user):
        return True
    return user.organisation_id == workshop.organisation_id and user.role in FACILITATING_ROLES


def can_create_workshops(user: User | None) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.organisation_id
        and user.role in FACILITATING_ROLES
    )


def is_member(participant: Participant | None, workshop: Workshop) -> bool:
    """A participant who joined this very workshop and was not removed."""
    return bool(
        participant and participant.workshop_id == workshop.pk and participant.removed_at is None
    )


def owns_postit(participant: Participant | None, postit) -> bool:
    return bool(participant and postit.author_id == participant.pk)
