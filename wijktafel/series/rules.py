"""Who may manage a series: the facilitators of its organisation (as for its sessions)."""

from __future__ import annotations

from wijktafel.workshops.rules import FACILITATING_ROLES, is_platform_admin


def can_manage(user, series) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_platform_admin(user):
        return True
    return user.organisation_id == series.organisation_id and user.role in FACILITATING_ROLES
