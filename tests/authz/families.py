"""The words the policy table (``policy.py``, ``policy_live.py``) is written in: the seven roles,
the groups of them, and the families of rows, each the defaults of one kind of endpoint that a
row starts from before its exceptions."""

from __future__ import annotations

ROLES = (
    "anonymous",
    "participant_a",
    "participant_b",
    "facilitator_a",
    "facilitator_other",
    "org_admin",
    "platform_admin",
)
PARTICIPANTS = ("participant_a", "participant_b")
ACCOUNTS = ("facilitator_a", "facilitator_other", "org_admin", "platform_admin")
FACILITATORS_OF_A = ("facilitator_a", "org_admin", "platform_admin")

LOGIN = "302 accounts:login"
ADMIN_LOGIN = "302 admin:login"


def row(default: str | None = None, *groups: dict[str, str], **cells: str) -> dict[str, str]:
    """A full row: ``default`` for every role, then the groups, then the named exceptions."""
    out = dict.fromkeys(ROLES, default)
    for group in groups:
        out.update(group)
    out.update(cells)
    missing = [role for role, value in out.items() if value is None]
    assert not missing, f"no outcome for {missing}"
    return out


def each(roles, outcome: str) -> dict[str, str]:
    return dict.fromkeys(roles, outcome)


# --- Families: the defaults ---------------------------------------------------------------------


def facilitator_page(allowed: str) -> dict:
    """A page of one workshop for its facilitators (login_required + can_facilitate).
    Others logged in get 404: another organisation's workshop looks like one that does not exist."""
    return row(LOGIN, each(FACILITATORS_OF_A, allowed), facilitator_other="404")


def wrong_method(not_logged_in: str = LOGIN) -> dict:
    """A method the page does not accept: the login check comes first, then 405."""
    return row(not_logged_in, each(ACCOUNTS, "405"))


def everyone(outcome: str, *groups: dict[str, str], **cells: str) -> dict:
    return row(outcome, *groups, **cells)


def admin_page(staff: str, others: str = ADMIN_LOGIN) -> dict:
    """Django admin (/beheer/): only staff (the platform admin); everyone else to its login."""
    return row(others, platform_admin=staff)


def api_account(allowed: str, **cells: str) -> dict:
    """An API route without a workshop in the path: logged-in accounts only (no bearer token)."""
    return row("401", each(ACCOUNTS, allowed), **cells)


def api_member(allowed: str) -> dict:
    """A route of workshop A that its participants and facilitators may use. A bearer token of
    workshop B is no credential for A (401); another organisation's facilitator gets 404."""
    return row(
        "401", each(FACILITATORS_OF_A, allowed), participant_a=allowed, facilitator_other="404"
    )


def api_facilitator(allowed: str) -> dict:
    """A route of workshop A only for its facilitators: its own participants get 403."""
    return row(
        "401", each(FACILITATORS_OF_A, allowed), participant_a="403", facilitator_other="404"
    )


def ws(participant: str, facilitator: str) -> dict:
    """A socket of workshop A: everyone who is not a member is closed with 4401 at connect."""
    return row("close 4401", each(FACILITATORS_OF_A, facilitator), participant_a=participant)


def mirror(base: dict, denied: str) -> dict:
    """The same endpoint with organisation Y's ids inside workshop A: whoever was allowed now
    gets ``denied`` (not found, and nothing changes); the refusals stay as they were."""
    allowed = ("200", "201", "302", "ack")
    return {
        role: (denied if outcome.split()[0] in allowed else outcome)
        for role, outcome in base.items()
    }
