"""Form SD and Conflict Minerals Report as DOCX (python-docx), for legal teams to edit in Word.

Built-in Word styles only (Title, Subtitle, Heading 1/2, List Bullet, Caption, Table Grid),
so the document restyles cleanly with the company's own template. The footer carries the
version and status and a PAGE field on every page. Text in DOCX is never evaluated, so
formula-like strings are harmless; control characters are stripped because XML forbids
them (rendering.text_clean).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports.model import CampaignReport, CompanyProfile
from reports.rendering import Element, document_outline, footer_text, text_clean

_STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "h1": "Heading 1",
    "h2": "Heading 2",
    "caption": "Caption",
    "p": None,
    "li": "List Bullet",
}
_ANNEX_WIDTHS_MM = (24, 70, 26, 26, 28)


def cmr_docx(
    report: CampaignReport,
    profile: CompanyProfile,
    sections: tuple,
    *,
    version_label: str,
    status_label: str,
) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the PDF
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = text_clean(
        f"Form SD and Conflict Minerals Report: {profile.name}"
    )[:255]
    document.core_properties.author = text_clean(profile.name)[:255]

    footer = footer_text(profile, report.inputs.reporting_year, version_label, status_label)
    _footer(section, footer)
    for element in document_outline(report, profile, sections):
        _element(document, element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _footer(section, text: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{text} · page ")
    run.font.size = Pt(8)
    # A simple PAGE field: Word fills in the number on each page.
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = "1"
    inner.append(number)
    field.append(inner)
    paragraph._p.append(field)


def _element(document, element: Element) -> None:
    kind = element.kind
    if kind == "pagebreak":
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif kind == "table":
        _table(document, element)
    else:
        document.add_paragraph(element.text, style=_STYLES[kind])


def _table(document, element: Element) -> None:
    table = document.add_table(rows=1, cols=len(element.header), style="Table Grid")
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, element.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in element.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    if len(element.header) == len(_ANNEX_WIDTHS_MM):
        for column, width in zip(table.columns, _ANNEX_WIDTHS_MM, strict=True):
            for cell in column.cells:
                cell.width = Mm(width)
    document.add_paragraph()


def _repeat_header(row) -> None:
    """Mark the row as a header row, repeated at the top of each page in Word."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)
