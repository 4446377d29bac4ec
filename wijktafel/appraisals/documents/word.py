"""The report as a Word file, from the same context as the PDF, written with the shared Word
writer (``core.documents.word``: headings, tables with a header row for costs, rankings and
actions, the language, A4 with page numbers, only plain text runs).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijktafel.core.documents.word import WordWriter, new_document


def render_docx(ctx: dict) -> bytes:
    doc = new_document(
        title=ctx["document_title"],
        lang=ctx["lang"],
        subject=_("Afwegen in de Wijk"),
        keywords="Afwegen in de Wijk",
    )
    w = WordWriter(doc, ctx["nothing"])

    w.para(_("Afwegen in de Wijk – appraisal report"), "Subtitle")
    w.para(ctx["title"], "Title")
    info = ctx["appraisal"]
    facts = []
    if info["area_name"]:
        facts.append((_("Neighbourhood"), info["area_name"]))
    facts.append((_("Starts from"), info["starting_point_label"]))
    facts.append((_("Horizon"), _years(ctx["horizon"]) if ctx["horizon"] else ctx["nothing"]))
    facts.append((_("Made on"), ctx["made_on"]))
    w.facts(facts)

    w.h(1, _("Trigger"))
    w.text_or_nothing(info["trigger"])

    w.h(1, _("Participants and roles"))
    for session in ctx["sessions"]:
        w.h(
            2,
            f"{session['label']}: {session['title']}"
            + (f" ({session['date']})" if session["date"] else ""),
        )
        w.table(
            [_("Name"), _("Organisation"), _("Role")],
            [[p["name"], p["organisation"], p["role"]] for p in session["participants"]],
        )
    if not ctx["sessions"]:
        w.empty(_("No work session is linked yet."))

    w.h(1, ctx["steps"][1])
    w.hint(
        _(
            "The problems people experience, per problem owner. The number is how many people "
            "marked it as their most important problem (“probleem 1”)."
        )
    )
    for owner in ctx["problems_per_owner"]:
        w.h(2, owner["owner"] or _("Without a problem owner"))
        for p in owner["postits"]:
            text = p["text"] + (f" – {p['why']}" if p["why"] else "")
            para = w.para(text, "ListBullet")
            if p["problem_1"]:
                para.add_run(
                    "  "
                    + ngettext("%(marks)s× probleem 1", "%(marks)s× probleem 1", p["problem_1"])
                    % {"marks": p["problem_1"]}
                ).bold = True
    if not ctx["problems_per_owner"]:
        w.empty()

    w.h(1, ctx["steps"][2])
    for cp in ctx["core_problems"]:
        title = _("Core problem of %(owner)s") % {"owner": cp["owner_name"]}
        if cp["confirmed_sharp"]:
            title += f" ({_('sharp enough')})"
        w.h(2, title)
        w.table(
            None,
            [
                [_("Original wording"), cp["original_wording"] or ctx["nothing"]],
                [_("Sharpened"), cp["formulation"]],
            ],
            first_column_bold=True,
        )
        facts = []
        if cp["underlying_problems"]:
            facts.append((_("Underlying problems"), "; ".join(cp["underlying_problems"])))
        if cp["nature"]:
            facts.append((_("Nature"), cp["nature"]))
        if cp["scale"]:
            facts.append((_("Scale"), cp["scale"]))
        if cp["what_if_unsolved"]:
            facts.append((_("If it is not solved"), cp["what_if_unsolved"]))
        facts.append(
            (
                _("Could it solve itself?"),
                cp["solves_itself_label"]
                + (
                    f" – {cp['solves_itself_explanation']}"
                    if cp["solves_itself_explanation"]
                    else ""
                ),
            )
        )
        w.facts(facts)
    if not ctx["core_problems"]:
        w.empty()

    w.h(1, ctx["steps"][3])
    baseline = ctx["baseline"]
    if baseline:
        w.text_or_nothing(baseline["description"])
        w.caption(
            _("Costs and income of the baseline over %(years)s")
            % {"years": _years(baseline["horizon_years"])}
        )
        w.table(
            [_("Cost element"), _("Amount"), _("Over the horizon")],
            [list(row) for row in ctx["baseline_rows"]]
            + [
                [_("Total costs"), "", baseline["total_cost_label"]],
                [_("Total income"), "", baseline["total_income_label"]],
            ],
            numeric=(1, 2),
            bold_last=2,
        )
        w.h(2, _("Checklist"))
        for item in ctx["checklist"]:
            text = ("✓ " if item["done"] else "– ") + item["label"]
            if item["note"]:
                text += f": {item['note']}"
            if not item["done"]:
                text += f" ({_('not discussed')})"
            w.doc.add_paragraph(text)
        w.doc.add_paragraph(
            _("Confirmed again in work session II.")
            if baseline["confirmed_in_session_two"]
            else _("Not yet confirmed again in work session II.")
        )
    else:
        w.empty()

    w.h(1, ctx["steps"][4])
    rows = []
    for s in ctx["solutions"]:
        title = s["title"]
        if s["out_of_the_box"]:
            title += f" [{_('out of the box')}]"
        if s["merged_into_id"]:
            title += " – " + _("merged into “%(other)s”") % {"other": s["merged_into_title"]}
        rows.append([title, s["effects_text"], s["who_experiences"], s["group_name"]])
    w.table([_("Solution"), _("Effects"), _("Who experiences them"), _("Group")], rows)

    w.h(1, ctx["steps"][5])
    w.h(2, _("Core effects"))
    for ce in ctx["core_effects"]:
        text = ce["text"]
        if ce["mirrors_owner"]:
            text += (
                " ("
                + _("mirrors the core problem of %(owner)s") % {"owner": ce["mirrors_owner"]}
                + ")"
            )
        w.para(text, "ListBullet")
    if not ctx["core_effects"]:
        w.empty()
    w.h(2, _("Extra costs and income against the baseline"))
    if ctx["live_solutions"]:
        if ctx["horizon"]:
            w.hint(
                ngettext(
                    "Totals over %(years)d year, the horizon of the baseline. The solution "
                    "cards print with every detail.",
                    "Totals over %(years)d years, the horizon of the baseline. The "
                    "solution cards print with every detail.",
                    ctx["horizon"],
                )
                % {"years": ctx["horizon"]}
            )
        w.table(
            [
                _("Solution"),
                _("One-off"),
                _("Per year"),
                _("Total extra costs"),
                _("Total extra income"),
            ],
            [
                [
                    s["title"],
                    s["card"]["one_off_label"],
                    s["card"]["per_year_label"],
                    s["card"]["total_cost_label"],
                    s["card"]["total_income_label"],
                ]
                if s["card"]
                else [s["title"], _("No solution card yet."), "", "", ""]
                for s in ctx["live_solutions"]
            ],
            numeric=(1, 2, 3, 4),
        )
        w.h(2, _("Effects per solution"))
        for s in ctx["live_solutions"]:
            _card_summary(w, s)
    else:
        w.empty()

    w.h(1, ctx["steps"][6])
    if ctx["criteria"]:
        para = w.doc.add_paragraph()
        para.add_run(_("Criteria") + ": ").bold = True
        para.add_run("; ".join(ctx["criteria"]))
    w.h(2, _("Rankings side by side"))
    aggregate = ctx["aggregate"]
    if ctx["rankings"]:
        w.table(
            ["#", *[r["group_name"] for r in ctx["rankings"]]],
            [[str(i), *row] for i, row in enumerate(ctx["ranking_rows"], start=1)],
            numeric=(0,),
        )
        for r in ctx["rankings"]:
            if r["notes"]:
                para = w.doc.add_paragraph()
                para.add_run(r["group_name"] + ": ").bold = True
                para.add_run(r["notes"])
        w.h(2, _("Advisory aggregate"))
        w.hint(
            _(
                "The sum of the ranks decides the advice: the lower, the better. Solutions a "
                "group left out share the places that are left. The consensus ranking "
                "(Kemeny–Young) is the order that disagrees least with all groups together."
            )
        )
        groups = aggregate["groups"]
        w.table(
            [_("Place"), _("Solution"), *groups, _("Sum of ranks"), _("Consensus")],
            [
                [
                    str(r["position"]),
                    r["title"] + (" ★" if r["in_top"] else ""),
                    *r["ranks"],
                    r["rank_sum_label"],
                    str(r["consensus_place"]),
                ]
                for r in ctx["aggregate_rows"]
            ],
            numeric=(0, *range(2, len(groups) + 4)),
        )
        consensus = ""
        if aggregate["consensus"]:
            consensus = (
                _("Agrees with the sum of ranks at the top.")
                if aggregate["consensus_agrees"]
                else _("Differs from the sum of ranks at the top: see the column “Consensus”.")
            )
        w.facts(
            [
                (
                    _("Advised top %(n)s") % {"n": aggregate["top_n"]},
                    "; ".join(aggregate["top"]) or ctx["nothing"],
                ),
                (_("Consensus ranking"), consensus or ctx["nothing"]),
                (
                    _("Outliers"),
                    "; ".join(
                        f"{o['title']} ("
                        + _("top at %(top)s, bottom at %(bottom)s")
                        % {
                            "top": ", ".join(o["top_groups"]),
                            "bottom": ", ".join(o["bottom_groups"]),
                        }
                        + ")"
                        for o in aggregate["outlier_details"]
                    )
                    or _("none"),
                ),
                (
                    _("Dropouts to review"),
                    "; ".join(
                        d["title"] + (f" ({_('tied at the cut')})" if d["at_cut"] else "")
                        for d in aggregate["dropout_details"]
                    )
                    or _("none"),
                ),
            ]
        )
        if ctx["cost_effectiveness"]:
            w.h(2, _("Solving power and extra costs"))
            w.table(
                [
                    _("Group"),
                    _("Problem owner"),
                    _("Solution"),
                    _("Solving power"),
                    _("Extra costs"),
                    _("Points per €100,000"),
                ],
                [
                    [
                        r["group_name"],
                        r["owner_name"],
                        r["title"],
                        r["pct_label"],
                        r["cost_label"],
                        r["points_label"],
                    ]
                    for r in ctx["cost_effectiveness"]
                ],
                numeric=(3, 4, 5),
            )
    else:
        w.empty()
    w.h(2, _("The selection"))
    selection = ctx["selection"]
    if selection:
        for title in selection["titles"]:
            w.para(title, "ListNumber")
        if selection["reason"]:
            reason = selection["reason"]
        elif selection["departs_from_aggregate"]:
            reason = ctx["nothing"]
        else:
            reason = _("Follows the advice of the rankings.")
        facts = [(_("Reason"), reason)]
        if selection["outlier_notes"]:
            facts.append((_("About the outliers"), selection["outlier_notes"]))
        if selection["dropout_notes"]:
            facts.append((_("About the dropouts"), selection["dropout_notes"]))
        w.facts(facts)
    else:
        w.empty()

    w.h(1, ctx["steps"][7])
    for card in ctx["effect_cards"]:
        w.h(2, card["solution"])
        w.table(
            [_("Problem owner"), _("Main effects"), _("Size")],
            [
                [
                    o["owner_name"],
                    ctx["nothing"]
                    if o.get("missing")
                    else "; ".join(o["main_effects"]) + (f"\n{o['notes']}" if o["notes"] else ""),
                    o["size_label"],
                ]
                for o in card["owners"]
            ],
        )
    if not ctx["effect_cards"]:
        w.empty()

    w.h(1, ctx["steps"][8])
    choice = ctx["choice"]
    if choice:
        para = w.doc.add_paragraph()
        para.add_run(_("Chosen") + ": ").bold = True
        run = para.add_run(
            choice["kind_label"] + (f": {choice['chosen']}" if choice["chosen"] else "")
        )
        run.bold = True
        if not choice["is_final"]:
            para.add_run(f" ({_('not final yet')})").italic = True
        facts = [
            (
                _("Baseline considered"),
                (_("yes") if choice["baseline_considered"] else _("no"))
                + (f" – {choice['baseline_reason']}" if choice["baseline_reason"] else ""),
            ),
            (_("Combinations considered"), choice["combinations_considered"] or ctx["nothing"]),
            (_("Other aspects"), choice["other_aspects"] or ctx["nothing"]),
            (_("How the decision is taken"), choice["decision_procedure"] or ctx["nothing"]),
        ]
        if choice["decided_by"]:
            facts.append(
                (
                    _("Decided by"),
                    choice["decided_by"]
                    + (
                        f", {choice['decision_date_label']}"
                        if choice["decision_date_label"]
                        else ""
                    ),
                )
            )
        w.facts(facts)
    else:
        w.empty()

    w.h(1, _("Insights"))
    for i in ctx["insights"]:
        w.para(i["text"] + (f" ({', '.join(i['owners'])})" if i["owners"] else ""), "ListBullet")
    if not ctx["insights"]:
        w.empty()

    w.h(1, _("Parked topics"))
    for p in ctx["parked"]:
        w.para(p["text"] + (f" – {p['note']}" if p["note"] else ""), "ListBullet")
    if not ctx["parked"]:
        w.empty()

    if ctx["evaluations"]:
        w.h(1, _("Evaluation (plus, minus, interesting)"))
        for e in ctx["evaluations"]:
            w.h(2, e["label"])
            w.facts(
                [
                    (_("Plus"), " · ".join(e["plus"]) or ctx["nothing"]),
                    (_("Minus"), " · ".join(e["minus"]) or ctx["nothing"]),
                ]
            )
            w.para(_("Interesting, word for word"))
            for text in e["interesting"]:
                w.para(text, "ListBullet")
            if e["top_improvements"]:
                w.para(_("Most important improvements"))
                for i in e["top_improvements"]:
                    dots = ngettext("%(dots)d sticker", "%(dots)d stickers", i["dots"]) % {
                        "dots": i["dots"]
                    }
                    w.para(f"{i['text']} ({dots})", "ListNumber")

    w.h(1, _("Actions and agreements"))
    w.table(
        [_("Action"), _("Who"), _("When ready"), _("Kind"), _("Status")],
        [
            [
                a["title"] + (f"\n{a['solution_title']}" if a["solution_title"] else ""),
                a["owner_name"],
                a["due_label"],
                a["kind_label"],
                a["status_label"],
            ]
            for a in ctx["actions"]
        ],
    )

    return w.bytes()


def _years(years: int) -> str:
    return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}


def _card_summary(w, solution: dict) -> None:
    """A solution's effects and open questions in a few lines (the full card is in the
    solution cards PDF)."""
    card = solution["card"]
    para = w.para()
    para.add_run(solution["title"]).bold = True
    if card and card["description"]:
        para.add_run(f" – {card['description']}")
    if not card:
        w.empty(_("No solution card yet."))
        return
    for e in card["effects"]:
        extra = ", ".join(part for part in (e["who"], e["reach_label"]) if part)
        w.para(
            ("− " if e["sign"] == "-" else "+ ") + e["text"] + (f" ({extra})" if extra else ""),
            "ListBullet",
        )
    if not card["effects"]:
        w.empty()
    for message in card["warning_messages"]:
        w.hint(message)
    w.facts(card["open_points"])
