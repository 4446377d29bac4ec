"""Who may see background work, as small predicates."""

from __future__ import annotations

from wijktafel.workshops.rules import FACILITATING_ROLES, is_platform_admin


def can_read_outbox(user, organisation_id: int | None) -> bool:
    """Facilitators and admins of the organisation, and platform admins (as for its sessions)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_platform_admin(user):
        return True
    return bool(
        organisation_id
        and user.organisation_id == organisation_id
        and user.role in FACILITATING_ROLES
    )


def can_see_job(user, job) -> bool:
    """Only the person who started a job follows it."""
    return bool(user and user.is_authenticated and user.is_active and job.started_by_id == user.pk)
