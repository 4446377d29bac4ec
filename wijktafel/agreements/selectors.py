"""Reads of the register of agreements and actions: the snapshot part and the reader for reports.

What a member of the session sees of a participant here is their name, as in the snapshot's
``participants``; never what they typed about their organisation or role, never an address."""

from __future__ import annotations

from django.db.models import Prefetch

from wijktafel.workshops.models import Participant, Workshop

from .models import Agreement, Distribution, ProgressUpdate


def _person(participant: Participant) -> dict:
    return {"id": participant.pk, "name": participant.display_name}


def progress_payload(update: ProgressUpdate) -> dict:
    return {
        "id": update.pk,
        "text": update.text,
        "date": update.date.isoformat(),
        "author_id": update.author_id,
        "author_name": update.author.display_name if update.author else "",
        "by_facilitator": update.author_user_id is not None,
    }


def agreement_payload(agreement: Agreement) -> dict:
    """An agreement as every member of the session may see it (owners as ids and names)."""
    owners = sorted(agreement.owners.all(), key=lambda p: p.pk)
    contributors = sorted(agreement.contributors.all(), key=lambda p: p.pk)
    progress = sorted(agreement.progress.all(), key=lambda u: (u.date, u.pk))
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "description": agreement.description,
        "owner_ids": [p.pk for p in owners],
        "owners": [_person(p) for p in owners],
        "owner_names": agreement.owner_names,
        "contributor_ids": [p.pk for p in contributors],
        "contributors": [_person(p) for p in contributors],
        "due_date": agreement.due_date.isoformat() if agreement.due_date else None,
        "link": {
            "kind": agreement.link_kind,
            "id": agreement.link_id,
            "label": agreement.link_label,
        },
        "source": agreement.source,
        "origin": agreement.origin,
        "status": agreement.status,
        "uses_existing": agreement.uses_existing,
        "solution_direction": agreement.solution_direction,
        "first_step": agreement.first_step,
        "with_whom": agreement.with_whom,
        "report_back": agreement.report_back,
        "created_by_id": agreement.created_by_id,
        "by_facilitator": agreement.created_by_user_id is not None,
        "progress": [progress_payload(u) for u in progress],
        "version": agreement.version,
    }


def distribution_payload(distribution: Distribution) -> dict:
    return {
        "id": distribution.pk,
        "sent_at": distribution.sent_at.isoformat(),
        "recipients": list(distribution.recipients),
        "kinds": list(distribution.kinds),
        "agreement_ids": list(distribution.agreement_ids),
    }


def agreements_of(workshop: Workshop):
    return (
        Agreement.objects.filter(workshop=workshop)
        .prefetch_related(
            "owners",
            "contributors",
            Prefetch("progress", queryset=ProgressUpdate.objects.select_related("author")),
        )
        .order_by("pk")
    )


def distributions_of(workshop: Workshop) -> list[dict]:
    return [
        distribution_payload(d)
        for d in Distribution.objects.filter(workshop=workshop).order_by("sent_at", "pk")
    ]


def agreements_payload(workshop: Workshop) -> dict:
    """The snapshot's part: ``agreements`` and ``agreement_distributions``."""
    return {
        "agreements": [agreement_payload(a) for a in agreements_of(workshop)],
        "agreement_distributions": distributions_of(workshop),
    }


def register_for(workshop: Workshop) -> dict:
    """The register of a session for a method's report or follow-up: every agreement (grouped by
    kind in the order of ``Agreement.Kind``, with the labels of its kind and status in the active
    language) and every distribution."""
    kinds = {value: str(label) for value, label in Agreement.Kind.choices}
    statuses = {value: str(label) for value, label in Agreement.Status.choices}
    order = list(kinds)
    agreements = [
        {
            **agreement_payload(a),
            "kind_label": kinds[a.kind],
            "status_label": statuses[a.status],
        }
        for a in agreements_of(workshop)
    ]
    agreements.sort(key=lambda a: (order.index(a["kind"]), a["id"]))
    return {"agreements": agreements, "distributions": distributions_of(workshop)}
