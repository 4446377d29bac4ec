"""What the appraisal documents show, built once from ``report_data.report_data``.

The PDF (HTML template through WeasyPrint) and the Word file (python-docx) both read this
context, so they cannot drift apart: same sections, same order, same words. Everything here is
text in the active language (the requesting user's); nothing here knows about a file format.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wijktafel.agreements.models import Agreement
from wijktafel.appraisals import selectors
from wijktafel.appraisals.models import ActionKind, Appraisal, CoreProblem, Effect, EffectCard
from wijktafel.parking.models import ParkedTopic
from wijktafel.workshops import people

from .report_data import report_data


def _person(p: dict) -> dict:
    """A participant's row: what they typed as their role, then their kind and session roles."""
    roles = [r for r in p.get("roles", ()) if r != people.Role.PARTICIPANT]
    described = [
        p["role"],
        people.kind_label(p.get("kind", "")),
        ", ".join(people.role_labels(roles)),
    ]
    return {**p, "role": " · ".join(part for part in described if part)}


def money(value) -> str:
    """Whole euros with grouping in the active language: "€ 250.000" (nl), "€ 250,000" (en)."""
    if value is None:
        return "–"
    amount = formats.number_format(abs(int(value)), 0, use_l10n=True, force_grouping=True)
    return f"{'−' if value < 0 else ''}€ {amount}"


def number(value) -> str:
    """A rank or a sum of ranks: "3" for a whole number, "4,5" (nl) / "4.5" (en) otherwise."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return formats.number_format(value, 1, use_l10n=True)


def day(value) -> str:
    """An ISO date (or date) as "31 December 2026" in the active language (day first, as the
    pages write dates, also in English), "" when there is none."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return formats.date_format(value, "j F Y")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _step(number: int, title: str) -> str:
    return _("Step %(number)d: %(title)s") % {"number": number, "title": title}


def report_context(appraisal: Appraisal) -> dict:
    """The whole report: the method's outputs in its order (docs/methods.md §3.5, §9)."""
    data = report_data(appraisal)
    info = data["appraisal"]
    baseline = data["baseline"]
    horizon = (baseline or {}).get("horizon_years") or info["horizon_years"]

    core_problems = [
        {
            **cp,
            "original_wording": cp["original_wording"].strip(),
            "changed": cp["original_wording"].strip() not in ("", cp["formulation"].strip()),
            "solves_itself_label": _label(CoreProblem.SolvesItself, cp["could_solve_itself"]),
            "scale": " ".join(
                str(part)
                for part in (cp["affected_count"], cp["affected_unit"])
                if part not in (None, "")
            ),
        }
        for cp in data["core_problems"]
    ]

    baseline_rows = []
    if baseline:
        baseline_rows = [
            (_("One-off costs (investment)"), money(baseline["one_off_cost"]), ""),
            (
                _("Periodic costs per year (management)"),
                money(baseline["periodic_cost_per_year"]),
                money(baseline["periodic_cost_per_year"] * baseline["horizon_years"]),
            ),
            (_("One-off income (for example sales)"), money(baseline["one_off_income"]), ""),
            (
                _("Periodic income per year (for example rent)"),
                money(baseline["periodic_income_per_year"]),
                money(baseline["periodic_income_per_year"] * baseline["horizon_years"]),
            ),
        ]
    checklist_labels = {
        "not_a_solution": _("Never a real solution"),
        "decisions_taken": _("Decisions already taken"),
        "sober": _("As sober as possible"),
        "legal_norms": _("Legal norms"),
        "behaviour_change": _("Behaviour change"),
        "autonomous_change": _("Autonomous change"),
    }
    checklist = []
    if baseline:
        for key, label in checklist_labels.items():
            checklist.append(
                {
                    "label": label,
                    "done": baseline["checklist"][key],
                    "note": baseline.get(key, "") if key in baseline else "",
                }
            )

    solutions = []
    for s in data["solutions"]:
        card = s["card"]
        solutions.append({**s, "card": _card(card) if card else None})
    live_solutions = [s for s in solutions if not s["merged_into_id"]]

    rankings = data["rankings"]
    depth = max((len(r["order"]) for r in rankings), default=0)
    ranking_rows = [
        [r["order"][i] if i < len(r["order"]) else "" for r in rankings] for i in range(depth)
    ]
    aggregate = data["aggregate"]
    top = set(aggregate["top"])
    consensus_place = {title: place for place, title in enumerate(aggregate["consensus"], start=1)}
    aggregate_rows = [
        {
            **row,
            "in_top": row["title"] in top,
            "consensus_place": consensus_place.get(row["title"], "–"),
            "ranks": [number(r) for r in row["ranks"]],
            "rank_sum_label": number(row["rank_sum"]),
            "mean_rank": formats.number_format(row["mean_rank"], 1, use_l10n=True)
            if row["mean_rank"] is not None
            else "–",
        }
        for row in aggregate["rank_sums"]
    ]

    # Step 7 asks for a card per selected solution and problem owner: show the missing ones too.
    made = {(c["solution_title"], c["owner_name"]): c for c in data["effect_cards"]}
    selected = data["selection"]["titles"] if data["selection"] else []
    effect_cards: dict[str, list] = {}
    for title in [*selected, *(c["solution_title"] for c in data["effect_cards"])]:
        if title in effect_cards:
            continue
        effect_cards[title] = []
        for cp in core_problems:
            card = made.get((title, cp["owner_name"]))
            effect_cards[title].append(
                {**card, "size_label": _label(EffectCard.Size, card["size"])}
                if card
                else {
                    "owner_name": cp["owner_name"],
                    "main_effects": [],
                    "notes": "",
                    "size_label": "",
                    "missing": True,
                }
            )

    choice = data["choice"]
    if choice:
        choice = {
            **choice,
            "decision_date_label": day(choice["decision_date"]),
            "chosen": (
                _("The baseline") if choice["kind"] == "baseline" else ", ".join(choice["titles"])
            ),
        }

    actions = [
        {
            **a,
            "kind_label": _label(
                ActionKind if a["kind"] in ActionKind.values else Agreement.Kind, a["kind"]
            ),
            "status_label": _label(Agreement.Status, a["status"]),
            "due_label": day(a["due_date"]),
        }
        for a in data["actions"]
    ] + [
        {
            **a,
            "solution_title": "",
            "kind_label": _label(Agreement.Kind, a["kind"]),
            "status_label": _label(Agreement.Status, a["status"]),
            "due_label": day(a["due_date"]),
        }
        for a in data["register"]
    ]

    participants = []
    for session in data["sessions"]:
        # The session leader first (an account: a name, no contact details), then the people.
        leader = (
            [
                {
                    "name": session["facilitator"],
                    "organisation": info["organisation_name"],
                    "role": _("Facilitator"),
                }
            ]
            if session["facilitator"]
            else []
        )
        participants.append(
            {
                **session,
                "participants": leader + [_person(p) for p in session["participants"]],
                "label": _("Work session I") if session["session"] == 1 else _("Work session II"),
                "date": day(session["planned_start"]),
            }
        )

    return {
        "lang": (get_language() or "nl").split("-")[0],
        "title": info["title"],
        "document_title": _("Appraisal report: %(title)s") % {"title": info["title"]},
        "made_on": day(timezone.localdate()),
        "appraisal": info,
        "horizon": horizon,
        "sessions": participants,
        "problems_per_owner": data["problems_per_owner"],
        "core_problems": core_problems,
        "baseline": baseline
        and {
            **baseline,
            "total_cost_label": money(baseline["total_cost"]),
            "total_income_label": money(baseline["total_income"]),
            "net_label": money(baseline["total_income"] - baseline["total_cost"]),
        },
        "baseline_rows": baseline_rows,
        "checklist": checklist,
        "solutions": solutions,
        "live_solutions": live_solutions,
        "core_effects": data["core_effects"],
        "criteria": data["criteria"],
        "rankings": rankings,
        "ranking_rows": ranking_rows,
        "aggregate": aggregate,
        "consensus_label": "; ".join(
            f"{i}. {t}" for i, t in enumerate(aggregate["consensus"], start=1)
        ),
        "aggregate_rows": aggregate_rows,
        "cost_effectiveness": [
            {
                **r,
                "cost_label": money(r["extra_cost_eur"]),
                "points_label": (
                    "–"
                    if r["points_per_100k"] is None
                    else formats.number_format(r["points_per_100k"], 1, use_l10n=True)
                ),
                "pct_label": f"{r['solving_power_pct']}%",
            }
            for r in aggregate["cost_effectiveness"]
        ],
        "selection": data["selection"],
        "effect_cards": [
            {"solution": title, "owners": cards} for title, cards in effect_cards.items()
        ],
        "choice": choice,
        "insights": data["insights"],
        "parked": [
            {
                **p,
                "note": " · ".join(
                    part
                    for part in (
                        p["note"],
                        _label(ParkedTopic.Status, p["status"]) if p["status"] != "parked" else "",
                    )
                    if part
                ),
            }
            for p in data["parked"]
        ],
        "evaluations": [
            {
                **e,
                "label": _("Work session I") if e["session"] == 1 else _("Work session II"),
            }
            for e in data["evaluations"]
        ],
        "actions": actions,
        "steps": {
            n: _step(n, t)
            for n, t in {
                1: _("Inventory"),
                2: _("Sharpen"),
                3: _("Baseline alternative"),
                4: _("Solutions"),
                5: _("Effects and extra costs"),
                6: _("Pre-selection"),
                7: _("Effect cards"),
                8: _("Choice"),
            }.items()
        },
        "nothing": _("Nothing recorded."),
    }


def _card(card: dict) -> dict:
    horizon = card["horizon_years"] or 0
    investigate = [
        {
            **a,
            "label": a["title"]
            + (
                " (" + ", ".join(p for p in (a["owner_name"], day(a["due_date"])) if p) + ")"
                if a["owner_name"] or a["due_date"]
                else ""
            ),
        }
        for a in card["to_investigate"]
    ]
    open_points = [
        (label, "; ".join(items))
        for label, items in (
            (_("Uncertainties"), card["uncertainties"]),
            (_("Variants"), card["variants"]),
            (_("To investigate"), [a["label"] for a in investigate]),
        )
        if items
    ]
    return {
        **card,
        "effects": [
            {
                **e,
                "sign_label": _label(Effect.Sign, e["sign"]),
                "reach_label": _label(Effect.Reach, e["reach"]) if e["reach"] else "",
            }
            for e in card["effects"]
        ],
        "money_rows": [
            (_("Extra one-off costs"), money(card["extra_one_off_cost"]), ""),
            (
                _("Extra periodic costs per year"),
                money(card["extra_periodic_cost_per_year"]),
                money(card["extra_periodic_cost_per_year"] * horizon),
            ),
            (_("Extra one-off income"), money(card["extra_one_off_income"]), ""),
            (
                _("Extra periodic income per year"),
                money(card["extra_periodic_income_per_year"]),
                money(card["extra_periodic_income_per_year"] * horizon),
            ),
        ],
        "one_off_label": money(card["extra_one_off_cost"]),
        "per_year_label": money(card["extra_periodic_cost_per_year"]),
        "total_cost_label": money(card["extra_total_cost"]),
        "total_income_label": money(card["extra_total_income"]),
        "warning_messages": [selectors.warning_message(w) for w in card["warnings"]],
        "investigate": investigate,
        "open_points": open_points,
    }


CARD_DENSE_CHARS, CARD_DENSER_CHARS = 1400, 2200  # rough text length that still fits a page


def card_density(solution: dict) -> str:
    """ "", "dense" or "denser": a smaller type for a card with much text, so that it still fits
    on its page (the method's 3–5 effects fit easily; an overfull card continues on the next)."""
    card = solution["card"] or {}
    parts = [
        solution["title"],
        card.get("description", ""),
        *card.get("uncertainties", []),
        *card.get("variants", []),
        *(a["label"] for a in card.get("investigate", [])),
        *(e["text"] + e["who"] for e in card.get("effects", [])),
    ]
    size = sum(len(p) for p in parts) + 60 * len(card.get("effects", []))
    if size > CARD_DENSER_CHARS:
        return "denser"
    return "dense" if size > CARD_DENSE_CHARS else ""


def cards_context(appraisal: Appraisal) -> dict:
    """The solution cards for work session II: one card a page, every solution not merged."""
    context = report_context(appraisal)
    return {
        **context,
        "document_title": _("Solution cards: %(title)s") % {"title": context["title"]},
        "cards": [{**s, "density": card_density(s)} for s in context["live_solutions"]],
    }
