"""The register of agreements and actions as a building block of every session: its live ops,
its event kinds and its snapshot part (decision 0011). A method's report reads it with
``selectors.register_for``."""

from __future__ import annotations

from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.seam import Block, register

from . import events, services
from .schemas import (
    AgreementChangeOut,
    AgreementCreateIn,
    AgreementDeletedOut,
    AgreementIn,
    AgreementOut,
    AgreementUpdateIn,
    DistributionChangeOut,
    DistributionIn,
    DistributionOut,
    ProgressIn,
)
from .selectors import agreements_payload


def _agreement(result, data) -> dict:
    return {"seq": result.seq, "agreement": result.event.payload}


def _distribution(result, data) -> dict:
    return {"seq": result.seq, "distribution": result.event.payload}


AGREEMENT = "/agreements/{agreement_id}"

OPS = (
    Op(
        "agreement.create",
        services.agreement_create,
        AgreementCreateIn,
        "POST",
        "/agreements",
        "Add an agreement or action (a participant: an individual action of their own)",
        example={
            "kind": "individual_action",
            "description": "Ik bel de wijkagent over de hangplek",
            "owner_ids": [Ref("participant")],
            "due_date": "2026-12-31",
        },
        status=201,
        response=AgreementChangeOut,
        answer=_agreement,
    ),
    Op(
        "agreement.update",
        services.agreement_update,
        AgreementUpdateIn,
        "PATCH",
        AGREEMENT,
        "Change an agreement; fields left out stay as they are (an owner: the status only)",
        example={"agreement_id": Ref("agreement"), "status": "done"},
        response=AgreementChangeOut,
        answer=_agreement,
        into_fields=True,
        args=("agreement_id", "version"),
        drop_nulls=True,
        keep_nulls=("due_date", "link_id"),
    ),
    Op(
        "agreement.delete",
        services.agreement_delete,
        AgreementIn,
        "DELETE",
        AGREEMENT,
        "Delete an agreement with its progress updates",
        example={"agreement_id": Ref("agreement")},
        response=AgreementDeletedOut,
    ),
    Op(
        "agreement.progress",
        services.agreement_progress,
        ProgressIn,
        "POST",
        AGREEMENT + "/progress",
        "Add a progress update to an agreement you own (or any, as facilitator)",
        example={"agreement_id": Ref("agreement"), "text": "Afspraak staat op 12 januari"},
        status=201,
        response=AgreementChangeOut,
        answer=_agreement,
    ),
    Op(
        "agreement.distribute",
        services.agreement_distribution_record,
        DistributionIn,
        "POST",
        "/agreements/distributions",
        "Record that the agreements were sent, and to whom (every participant when left out)",
        example={"kinds": ["joint_agreement", "individual_action"]},
        status=201,
        response=DistributionChangeOut,
        answer=_distribution,
    ),
)


def _routers():
    from .api import router

    return [router]


register(
    Block(
        key="agreements",
        tag="agreements",
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        snapshot=agreements_payload,
        api_routers=_routers,
        snapshot_schema={
            "agreements": list[AgreementOut],
            "agreement_distributions": list[DistributionOut],
        },
    )
)
