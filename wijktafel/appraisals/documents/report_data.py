"""What the appraisal report shows, gathered once from the live appraisal payload.

``report_data`` is the appraisal as every member of a linked session sees it
(``selectors.appraisal_payload``), with names instead of ids and the method's order; ``context.py``
turns it into the text of the documents.
"""

from __future__ import annotations

import re

from wijktafel.activities.models import Postit
from wijktafel.agreements.selectors import agreement_payload, agreements_of
from wijktafel.appraisals.actions import ORIGIN
from wijktafel.appraisals.models import Appraisal, Choice
from wijktafel.appraisals.selectors import appraisal_payload, appraisal_summary
from wijktafel.evaluations.selectors import pmi_report
from wijktafel.parking.models import ParkedTopic
from wijktafel.workshops.models import Workshop


def report_data(appraisal: Appraisal) -> dict:
    """Everything the appraisal report shows, with names instead of ids, in the method's order.

    For the documents (PDF, DOCX): trigger, sessions with participants and roles, problems per
    owner with their "probleem 1" tally, core problems (original and sharpened), the baseline
    with its costs, solutions with their cards, rankings side by side with the aggregate, the
    selection, effect cards, the choice, insights, parked topics and actions."""
    payload = appraisal_payload(appraisal)
    titles = {s["id"]: s["title"] for s in payload["solutions"]}
    groups = {g["id"]: g["name"] for g in payload["groups"]}
    owners = {cp["id"]: cp["owner_name"] for cp in payload["core_problems"]}
    cards = {c["solution_id"]: c for c in payload["cards"]}
    tally = payload["mark_tally"]["per_postit"]
    workshops = (
        Workshop.objects.filter(pk__in=appraisal.workshop_ids)
        .select_related("created_by")
        .prefetch_related("participants")
    )
    sessions = sorted(workshops, key=lambda w: w.pk != appraisal.session_one_id)
    postits = Postit.objects.filter(workshop_id__in=appraisal.workshop_ids).select_related("column")
    by_owner: dict[str, list[dict]] = {}
    for postit in postits.filter(parked=False, merged_into__isnull=True).order_by("position", "pk"):
        owner = postit.column.title if postit.column else ""
        by_owner.setdefault(owner, []).append(
            {"text": postit.text, "why": postit.why, "problem_1": tally.get(str(postit.pk), 0)}
        )

    topic_status = dict(
        ParkedTopic.objects.filter(
            workshop_id__in=appraisal.workshop_ids, postit__isnull=False
        ).values_list("postit_id", "status")
    )

    def names(ids):
        return [titles.get(i, "") for i in ids]

    aggregate = payload["aggregate"]
    choice = payload["choice"]
    return {
        "appraisal": {
            **appraisal_summary(appraisal),
            "starting_point_label": str(appraisal.get_starting_point_display()),
            "area_name": appraisal.area.name if appraisal.area_id else "",
            "organisation_name": appraisal.organisation.name,
        },
        "sessions": [
            {
                "session": 1 if ws.pk == appraisal.session_one_id else 2,
                "title": ws.title,
                "planned_start": ws.planned_start.isoformat(),
                "facilitator": (ws.created_by.get_full_name() or "") if ws.created_by_id else "",
                "participants": [
                    {
                        "name": p.display_name,
                        "organisation": p.organisation_name,
                        "role": without_contact_details(p.role_text),
                        "kind": p.kind,
                        "roles": list(p.roles),
                    }
                    for p in ws.participants.all()
                    if p.removed_at is None
                ],
            }
            for ws in sessions
        ],
        "problems_per_owner": [
            {"owner": owner, "postits": items} for owner, items in by_owner.items()
        ],
        "core_problems": payload["core_problems"],
        "baseline": payload["baseline"],
        "solutions": [
            {
                **s,
                "group_name": groups.get(s["group_id"], ""),
                "merged_into_title": titles.get(s["merged_into_id"], ""),
                "card": cards.get(s["id"]),
            }
            for s in payload["solutions"]
        ],
        "core_effects": [
            {**ce, "mirrors_owner": owners.get(ce["mirrors_core_problem_id"], "")}
            for ce in payload["core_effects"]
        ],
        "criteria": [c["title"] for c in payload["criteria"]],
        "rankings": [
            {
                "group_name": groups.get(r["group_id"], ""),
                "order": names(r["ordered_solution_ids"]),
                "notes": r["notes"],
            }
            for r in payload["rankings"]
        ],
        "aggregate": {
            "order": names(aggregate["order"]),
            "top": names(aggregate["top"]),
            "top_n": aggregate["top_n"],
            "groups": [groups.get(r["group_id"], "") for r in payload["rankings"]],
            "rank_sums": [
                {
                    "title": titles.get(s["solution_id"], ""),
                    "position": s["position"],
                    "rank_sum": s["rank_sum"],
                    "mean_rank": s["mean_rank"],
                    "times_ranked": s["times_ranked"],
                    # the rank in each group, in the order of "groups" (None: not ranked)
                    "ranks": [s["ranks"].get(str(r["group_id"])) for r in payload["rankings"]],
                }
                for s in aggregate["summaries"]
            ],
            "consensus": names(aggregate["consensus"]["order"]) if aggregate["consensus"] else [],
            "consensus_agrees": aggregate["consensus_agrees"],
            "consensus_exact": bool(aggregate["consensus"] and aggregate["consensus"]["exact"]),
            "outliers": names(o["solution_id"] for o in aggregate["outliers"]),
            "outlier_details": [
                {
                    "title": titles.get(o["solution_id"], ""),
                    "top_groups": [groups.get(g, "") for g in o["top_group_ids"]],
                    "bottom_groups": [groups.get(g, "") for g in o["bottom_group_ids"]],
                }
                for o in aggregate["outliers"]
            ],
            "dropouts": names(d["solution_id"] for d in aggregate["dropouts"]),
            "dropout_details": [
                {
                    "title": titles.get(d["solution_id"], ""),
                    "position": d["position"],
                    "at_cut": d["at_cut"],
                    "high_groups": [groups.get(g, "") for g in d["high_group_ids"]],
                }
                for d in aggregate["dropouts"]
            ],
            "cost_effectiveness": [
                {
                    "group_name": groups.get(r["group_id"], ""),
                    "owner_name": owners.get(r["core_problem_id"], ""),
                    "title": titles.get(r["solution_id"], ""),
                    "solving_power_pct": r["solving_power_pct"],
                    "extra_cost_eur": r["extra_cost_eur"],
                    "kind": r["kind"],
                    "points_per_100k": r["points_per_100k"],
                }
                for r in aggregate["cost_effectiveness"]
            ],
        },
        "selection": (
            None
            if payload["selection"] is None
            else {**payload["selection"], "titles": names(payload["selection"]["solution_ids"])}
        ),
        "effect_cards": [
            {
                **c,
                "solution_title": titles.get(c["solution_id"], ""),
                "owner_name": owners.get(c["core_problem_id"], ""),
            }
            for c in payload["effect_cards"]
        ],
        "choice": None
        if choice is None
        else {
            **choice,
            "kind_label": str(Choice.Kind(choice["kind"]).label),
            "titles": names(choice["solution_ids"]),
        },
        "insights": [
            {**i, "owners": [owners.get(cp, "") for cp in i["core_problem_ids"]]}
            for i in payload["insights"]
        ],
        # The parked post-its of the wall (each one a topic of the parking lot), then the
        # parking lot's other topics: each once.
        "parked": [
            {"text": p.text, "note": p.parked_note, "status": topic_status.get(p.pk, "")}
            for p in postits.filter(parked=True).order_by("position", "pk")
        ]
        + [
            {"text": t.text, "note": t.reason, "status": t.status}
            for ws in sessions
            for t in ws.parked_topics.all()
            if t.postit_id is None
        ],
        "actions": [
            {**a, "solution_title": titles.get(a["card_solution_id"], "")}
            for a in payload["actions"]
        ],
        # The shared blocks every method's report reads: the register of agreements and the PMI.
        "register": [
            {
                "title": a["description"],
                "owner_name": ", ".join(
                    [o["name"] for o in a["owners"]]
                    + ([a["owner_names"]] if a["owner_names"] else [])
                ),
                "due_date": a["due_date"],
                "kind": a["kind"],
                "status": a["status"],
            }
            for ws in sessions
            for a in (agreement_payload(x) for x in agreements_of(ws))
            # the appraisal's own actions are in "actions" above, with their solution
            if a["origin"] != ORIGIN
        ],
        "evaluations": [
            {"session": 1 if ws.pk == appraisal.session_one_id else 2, **pmi_report(ws)}
            for ws in sessions
            if ws.pmi_entries.exists()
        ],
    }


_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def without_contact_details(text: str) -> str:
    """A participant's free text with anything that looks like an e-mail address or a phone
    number left out: documents travel further than the session, contact details stay behind."""
    return _PHONE.sub("…", _EMAIL.sub("…", text or "")).strip()
