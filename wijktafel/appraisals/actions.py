"""Afwegen's actions live in the register of agreements (``wijktafel.agreements``, §2.8).

An action of the appraisal is an ``Agreement`` with ``origin = "appraisal"``, in the session
whose op made it: its title is the agreement's description, "who" its other owners
(``owner_names``), its kind one of ``ActionKind``; a thing to investigate on a solution card is
linked to the solution (``link_kind = "solution"``, ``link_id`` = the solution's id). The
appraisal's ops, payloads and screens keep the shape they had (``action_payload``); the register's
screens and every report read the same rows.
"""

from __future__ import annotations

from wijktafel.agreements.models import Agreement
from wijktafel.agreements.selectors import agreement_payload

ORIGIN = "appraisal"
SOLUTION = Agreement.LinkKind.SOLUTION
CARD_SOURCE = "card"


def actions_of(appraisal):
    """The appraisal's actions in every session it is linked to, oldest first."""
    return Agreement.objects.filter(workshop_id__in=appraisal.workshop_ids, origin=ORIGIN).order_by(
        "pk"
    )


def to_investigate(solution_id: int | list[int]):
    """What is still to be investigated for a solution (its card's research tasks), or for each
    of a list of solutions."""
    ids = solution_id if isinstance(solution_id, list) else [solution_id]
    return Agreement.objects.filter(origin=ORIGIN, link_kind=SOLUTION, link_id__in=ids).order_by(
        "pk"
    )


def action_payload(agreement: Agreement) -> dict:
    """An action as the appraisal always showed it."""
    return {
        "id": agreement.pk,
        "title": agreement.description,
        "owner_name": agreement.owner_names,
        "due_date": agreement.due_date.isoformat() if agreement.due_date else None,
        "kind": agreement.kind,
        "source": agreement.source,
        "card_solution_id": agreement.link_id if agreement.link_kind == SOLUTION else None,
        "status": agreement.status,
    }


def register_payload(agreement: Agreement) -> dict:
    """The same row as the register shows it (carried along in the appraisal's events, so the
    register on the screens stays live)."""
    return agreement_payload(agreement)


# The appraisal's names of an action's fields, and the register's.
FIELDS = {
    "title": "description",
    "owner_name": "owner_names",
    "due_date": "due_date",
    "kind": "kind",
    "source": "source",
    "status": "status",
}


def new_action(workshop, actor, cleaned: dict, *, solution=None) -> Agreement:
    """Add an action of the appraisal to the register (``cleaned`` in the appraisal's names)."""
    agreement = Agreement(
        workshop=workshop,
        origin=ORIGIN,
        kind=cleaned.get("kind", Agreement.Kind.FOLLOW_UP),
        created_by=actor.participant,
        created_by_user=None if actor.participant else actor.user,
        **{FIELDS[k]: v for k, v in cleaned.items() if k != "kind"},
    )
    if solution is not None:
        agreement.link_kind = SOLUTION
        agreement.link_id = solution.pk
        agreement.link_label = solution.title[:200]
    agreement.save()
    return agreement
