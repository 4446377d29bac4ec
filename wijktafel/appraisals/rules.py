"""Who may do what in an appraisal, as small predicates."""

from __future__ import annotations

from wijktafel.workshops.rules import FACILITATING_ROLES, is_platform_admin


def can_facilitate_appraisal(user, appraisal) -> bool:
    """Facilitators and admins of the appraisal's organisation, and platform admins."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_platform_admin(user):
        return True
    return user.organisation_id == appraisal.organisation_id and user.role in FACILITATING_ROLES


def is_group_member(participant, group) -> bool:
    """A participant of the group's own session who is one of its members."""
    return bool(
        participant
        and group.workshop_id == participant.workshop_id
        and group.members.filter(pk=participant.pk).exists()
    )
