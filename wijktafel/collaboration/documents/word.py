"""The meeting report as a Word file, from the same context as the PDF, written with the shared
Word writer (``core.documents.word``). A confidential meeting says so in every section's header,
so on every page, and on the cover.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from wijktafel.core.documents.word import WordWriter, new_document

RED = RGBColor(0x8A, 0x1F, 0x11)
# Bullet styles by depth (the default template's "List Bullet", "List Bullet 2", ...).
BULLETS = ("ListBullet", "ListBullet2", "ListBullet3")


def _confidential(doc, label: str) -> None:
    for section in doc.sections:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(label)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RED


def _notes(w: WordWriter, notes: list[dict], depth: int = 0) -> None:
    for note in notes:
        w.para(note["line"], BULLETS[min(depth, len(BULLETS) - 1)])
        _notes(w, note["reactions"], depth + 1)


def render_docx(ctx: dict) -> bytes:
    doc = new_document(
        title=ctx["document_title"],
        lang=ctx["lang"],
        subject=_("Samenwerken in de wijk"),
        keywords="Samenwerken in de wijk",
    )
    w = WordWriter(doc, ctx["nothing"])
    if ctx["confidential"]:
        _confidential(doc, ctx["confidential_label"])

    w.para(ctx["kicker"], "Subtitle")
    w.para(ctx["title"], "Title")
    if ctx["confidential"]:
        para = doc.add_paragraph()
        label = para.add_run(ctx["confidential_label"])
        label.bold = True
        label.font.color.rgb = RED
        para.add_run(" – " + ctx["confidential_note"]).font.color.rgb = RED
    w.facts([(_("Date"), ctx["date"]), (_("Made on"), ctx["made_on"])])

    w.h(1, _("Who took part"))
    w.hint(_("Contact details only of those who agreed to share them."))
    w.table(
        [_("Name"), _("Organisation"), _("Contact details")],
        [
            [p["name"], p["organisation"], "\n".join(p["contact"]) or ctx["not_shared"]]
            for p in ctx["attendance"]
        ],
    )

    w.h(1, _("Ground rules"))
    rules = ([_("What is said here, stays here.")] if ctx["stays_here"] else []) + list(
        ctx["ground_rules"]
    )
    for rule in rules:
        w.para(rule, "ListBullet")
    if not rules:
        w.empty()

    w.h(1, _("The questions by stickers"))
    w.table(
        [_("No."), _("Question"), _("Stickers")],
        [[card["number"], card["label"], card["count"]] for card in ctx["tally"]],
        numeric=(2,),
    )
    if ctx["tie"]:
        w.hint(
            _("Tied at the cut-off, not yet settled by the organiser:")
            + " "
            + "; ".join(ctx["tie"])
        )

    w.h(1, _("The top three"))
    for n, card in enumerate(ctx["top"], start=1):
        w.h(2, f"{n}. {card['label']} ({card['stickers']})")
        w.caption(_("Solution directions"))
        for direction in card["directions"]:
            w.para(direction, "ListBullet")
        if not card["directions"]:
            w.empty()
        w.caption(_("Notes and reactions"))
        _notes(w, card["notes"])
        if not card["notes"]:
            w.empty()
    if not ctx["top"]:
        w.empty(_("No stickers were placed."))

    w.h(1, _("On the top-three sheet"))
    for card in ctx["sheet"]:
        w.h(2, card["label"])
        for line in card["notes"]:
            w.para(line, "ListBullet")
    if not ctx["sheet"]:
        w.empty()

    w.h(1, _("Joint agreements"))
    nothing = ctx["nothing"]
    for n, a in enumerate(ctx["joint"], start=1):
        w.h(2, f"{n}. {a['description']}")
        w.facts(
            [
                (_("Question"), a["question"] or nothing),
                (_("Solution direction"), a["solution_direction"] or nothing),
                (_("Who"), a["owners"] or nothing),
                (_("When ready"), a["due"] or nothing),
                (_("Uses what exists"), a["uses_existing"] or nothing),
                (_("Status"), a["status"]),
            ]
        )
    if not ctx["joint"]:
        w.empty()

    w.h(1, _("Everyone's actions"))
    for person in ctx["people"]:
        w.h(2, person["name"])
        w.table(
            [_("What"), _("First step"), _("By when"), _("With whom"), _("How I report back")],
            [
                [a["what"], a["first_step"], a["due"], a["with_whom"], a["report_back"]]
                for a in person["actions"]
            ],
        )
    if not ctx["people"]:
        w.empty()

    w.h(1, _("Follow-up"))
    follow = ctx["follow_up"]
    w.facts(
        [
            (_("Next meeting"), follow["next_meeting"] or nothing),
            (
                _("Send your update by"),
                f"{follow['update_due']} ({_('a week before the next meeting')})"
                if follow["update_due"]
                else nothing,
            ),
            (_("Next organiser"), follow["next_organiser"] or nothing),
            (_("Reporting back"), follow["report_back"] or nothing),
        ]
    )

    w.h(1, _("Evaluation (plus, minus, interesting)"))
    pmi = ctx["pmi"]
    w.facts(
        [
            (_("Plus"), " · ".join(pmi["plus"]) or nothing),
            (_("Minus"), " · ".join(pmi["minus"]) or nothing),
        ]
    )
    w.caption(_("Interesting, word for word"))
    for text in pmi["interesting"]:
        w.para(text, "ListBullet")
    if not pmi["interesting"]:
        w.empty()
    if pmi["top_improvements"]:
        w.caption(_("Most important improvements"))
        for i in pmi["top_improvements"]:
            w.para(f"{i['text']} ({i['stickers']})", "ListNumber")

    return w.bytes()
