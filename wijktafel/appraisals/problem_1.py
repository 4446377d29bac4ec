"""Afwegen's "probleem 1" as the pages and the API read it: each participant's mark is one
sticker in a sticker vote the appraisal owns (``PROBLEM_1_PURPOSE``), on their own post-it."""

from __future__ import annotations

from wijktafel.activities.models import Postit
from wijktafel.stickers.models import Ballot, Sticker
from wijktafel.stickers.selectors import ballot_payload, result

from .models import PROBLEM_1_PURPOSE, Appraisal


def _problem_1_ballots(appraisal: Appraisal):
    """The "probleem 1" sticker votes of the appraisal's sessions (one per session at most)."""
    return Ballot.objects.filter(workshop_id__in=appraisal.workshop_ids, purpose=PROBLEM_1_PURPOSE)


def problem_marks(appraisal: Appraisal) -> list[dict]:
    """Each participant's "probleem 1": their sticker, as the post-it it is on."""
    stickers = (
        Sticker.objects.filter(ballot__in=_problem_1_ballots(appraisal))
        .select_related("target")
        .order_by("pk")
    )
    return [{"participant_id": s.voter_id, "postit_id": s.target.ref_id} for s in stickers]


def mark_tally(appraisal: Appraisal) -> dict:
    """How many "probleem 1" marks each post-it and each problem owner (column) got: the sticker
    votes' result, per post-it and per column the post-it is in now."""
    per_postit: dict[int, int] = {}
    for ballot in _problem_1_ballots(appraisal).prefetch_related("targets", "stickers"):
        payload = ballot_payload(ballot)
        postit_of = {t["id"]: t["ref_id"] for t in payload["targets"]}
        for row in result(payload)["ranking"]:
            if row["count"]:
                postit_id = postit_of[row["target_id"]]
                per_postit[postit_id] = per_postit.get(postit_id, 0) + row["count"]
    per_column: dict[int, int] = {}
    columns = Postit.objects.filter(pk__in=per_postit).values_list("pk", "column_id")
    for postit_id, column_id in columns:
        if column_id is not None:
            per_column[column_id] = per_column.get(column_id, 0) + per_postit[postit_id]
    return {
        "per_postit": {str(k): v for k, v in sorted(per_postit.items())},
        "per_column": {str(k): v for k, v in sorted(per_column.items())},
    }
