"""What a session sees of its sticker votes, and their result."""

from __future__ import annotations

from wijktafel.workshops.models import Workshop

from .models import Ballot


def ballot_payload(ballot: Ballot) -> dict:
    return {
        "id": ballot.pk,
        "title": ballot.title,
        "target_kind": ballot.target_kind,
        "budget": ballot.budget,
        "cap": ballot.cap,
        "top_n": ballot.top_n,
        "tally_hidden": ballot.tally_hidden,
        "status": ballot.status,
        "settled": list(ballot.settled),
        "targets": [
            {"id": t.pk, "label": t.label, "ref_id": t.ref_id, "added_by_id": t.added_by_id}
            for t in ballot.targets.all()
        ],
        # Voters by participant id, as post-its carry their author's: the room knows who is who.
        "stickers": [
            {"id": s.pk, "target_id": s.target_id, "voter_id": s.voter_id}
            for s in ballot.stickers.all()
        ],
    }


def ballots_payload(workshop: Workshop) -> dict:
    """The session's own votes; a ballot a method owns (``purpose``) is shown by the method."""
    ballots = Ballot.objects.filter(workshop=workshop, purpose="").prefetch_related(
        "targets", "stickers"
    )
    return {"ballots": [ballot_payload(b) for b in ballots]}


def result(ballot: dict) -> dict:
    """The targets by number of stickers (ties in the settled order, then in their own order), the
    top N, and the targets tied across the cut-off that the facilitator has not settled yet.

    Works on a ``ballot_payload``; ``static/js/stickers.js`` is the same for the screens."""
    counts = {t["id"]: 0 for t in ballot["targets"]}
    for sticker in ballot["stickers"]:
        if sticker["target_id"] in counts:
            counts[sticker["target_id"]] += 1
    settled = {target_id: n for n, target_id in enumerate(ballot["settled"])}
    order = {t["id"]: n for n, t in enumerate(ballot["targets"])}
    ranking = sorted(counts, key=lambda t: (-counts[t], settled.get(t, len(settled)), order[t]))
    top_n = min(ballot["top_n"], len(ranking))
    tie: list[int] = []
    if 0 < top_n < len(ranking):
        cut = counts[ranking[top_n - 1]]
        if counts[ranking[top_n]] == cut and cut > 0:
            tied = [t for t in ranking if counts[t] == cut]
            if not set(tied) <= set(settled):
                tie = tied
    return {
        "ranking": [{"target_id": t, "count": counts[t]} for t in ranking],
        "top": ranking[:top_n],
        "tie": tie,
    }
