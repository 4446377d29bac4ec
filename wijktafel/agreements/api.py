"""API of the register of agreements and actions: what a member of a workshop may read of it.

Its writes are live ops (``plugin.py``), whose routes are made from their declarations.
"""

from __future__ import annotations

from ninja import Router

from wijktafel.workshops.api import ERRORS
from wijktafel.workshops.api_auth import MEMBER_AUTH, member_workshop

from . import selectors
from .schemas import AgreementOut, DistributionOut

router = Router(tags=["agreements"])


@router.get(
    "/workshops/{int:workshop_id}/agreements",
    response={200: list[AgreementOut], **ERRORS},
    auth=MEMBER_AUTH,
    summary="Every agreement and action of the session, with owners and progress",
)
def list_agreements(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.agreements_payload(workshop)["agreements"]


@router.get(
    "/workshops/{int:workshop_id}/agreements/distributions",
    response={200: list[DistributionOut], **ERRORS},
    auth=MEMBER_AUTH,
    summary="When the agreements were sent, and to whom",
)
def list_distributions(request, workshop_id: int):
    workshop = member_workshop(request, workshop_id)
    return selectors.distributions_of(workshop)
