"""Word documents (python-docx): what every report and letter in Word shares.

Real heading styles (Heading 1–3, so Word's navigation pane and screen readers see the
structure), tables with a header row, the document language and title in the core properties,
A4 with page numbers. Only plain text runs: no hyperlinks or fields built from what people typed
(docs/reliability.md §4.9). A method writes its own document with ``new_document`` and
``WordWriter``.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

NAVY = RGBColor(0x0B, 0x3D, 0x5C)
GREY = RGBColor(0x55, 0x55, 0x55)


def new_document(*, title: str, lang: str, subject: str = "", keywords: str = ""):
    """An empty Word document: A4, margins, the document language everywhere, the title in the
    core properties and in a footer with page numbers."""
    doc = Document()
    language = "nl-NL" if lang == "nl" else "en-GB"
    props = doc.core_properties
    props.title = title
    props.language = language
    props.author = "Wijktafel"
    props.subject = subject
    props.keywords = keywords
    props.comments = ""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(18), Mm(20)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer.add_run(title + " · " + _("Page") + " ").font.size = Pt(8)
        _field(footer, "PAGE")
        footer.add_run(" / ").font.size = Pt(8)
        _field(footer, "NUMPAGES")
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Noto Sans"
    normal.font.size = Pt(10)
    for style in (
        normal,
        styles["Title"],
        styles["Heading 1"],
        styles["Heading 2"],
        styles["Heading 3"],
    ):
        _set_language(style.element.get_or_add_rPr(), language)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        styles[name].font.color.rgb = NAVY
    # The document's default language too (settings for new text, and readers that look there).
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault"))
        if rpr is not None and rpr.find(qn("w:rPr")) is not None:
            _set_language(rpr.find(qn("w:rPr")), language)
    return doc


def _set_language(rpr, language: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)  # eastAsia and bidi stay as the template has them


def _field(paragraph, code: str) -> None:
    """A simple Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


class WordWriter:
    """Headings, paragraphs, hints, facts and tables with a header row, in plain text runs."""

    table_style = "TableGrid"

    def __init__(self, doc, nothing: str):
        self.doc = doc
        self.nothing = nothing

    def para(self, text: str = "", style_id: str | None = None):
        """A paragraph with a style given by its id: looking styles up by name is slow."""
        paragraph = self.doc.add_paragraph(text)
        if style_id:
            paragraph._p.get_or_add_pPr().style = style_id
        return paragraph

    def h(self, level: int, text: str) -> None:
        self.para(text, f"Heading{level}")

    def empty(self, text: str | None = None) -> None:
        para = self.doc.add_paragraph()
        run = para.add_run(text or self.nothing)
        run.italic = True
        run.font.color.rgb = GREY

    def hint(self, text: str) -> None:
        para = self.doc.add_paragraph()
        run = para.add_run(text)
        run.font.size = Pt(8.5)
        run.font.color.rgb = GREY

    def caption(self, text: str) -> None:
        para = self.doc.add_paragraph()
        para.add_run(text).bold = True

    def text_or_nothing(self, text: str) -> None:
        if text and text.strip():
            self.doc.add_paragraph(text.strip())
        else:
            self.empty()

    def facts(self, pairs) -> None:
        for label, value in pairs:
            para = self.doc.add_paragraph()
            para.paragraph_format.space_after = Pt(2)
            para.add_run(f"{label}: ").bold = True
            para.add_run(value)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def table(self, header, rows, *, numeric=(), first_column_bold=False, bold_last=0) -> None:
        if not rows:
            self.empty()
            return
        columns = len(header) if header else len(rows[0])
        table = self.doc.add_table(rows=len(rows) + bool(header), cols=columns)
        table._tbl.tblPr.style = self.table_style  # by id, as in para()
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        lines = list(table.rows)
        if header:
            for cell, text in zip(lines[0].cells, header, strict=True):
                cell.paragraphs[0].add_run(str(text)).bold = True
            _repeat_header(lines[0])
            lines = lines[1:]
        for index, (line, row) in enumerate(zip(lines, rows, strict=True)):
            bold_row = bold_last and index >= len(rows) - bold_last
            for column, (cell, text) in enumerate(zip(line.cells, row, strict=True)):
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run("" if text is None else str(text))
                if bold_row or (first_column_bold and column == 0):
                    run.bold = True
                if column in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.doc.add_paragraph()


def _repeat_header(row) -> None:
    """Mark a table's first row as a header row (repeats on every page; read as headers)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
