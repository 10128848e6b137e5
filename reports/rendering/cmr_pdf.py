"""Form SD and Conflict Minerals Report as PDF, with ReportLab (platypus).

ReportLab was chosen by measurement: bench/render_pdf.py renders the same outline with a
300-smelter annex about 3.3 times faster than fpdf2 and 9 times faster than WeasyPrint (see
that script's docstring), and it needs no system libraries. Fonts: DejaVu Sans (Debian
package fonts-dejavu-core) is embedded for Latin, Greek and Cyrillic text. Characters DejaVu
lacks (Japanese, Chinese, Korean company or smelter names) are switched run by run to a CJK
TrueType font when one is installed (IPAGothic from fonts-ipafont-gothic), else to
ReportLab's built-in HeiseiKakuGo-W5 CID font, which needs no file but is not embedded
(PDF viewers supply it). Without DejaVu the PDF uses Helvetica, so a download never fails
for want of a font.
"""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reports.model import CampaignReport, CompanyProfile
from reports.rendering import Element, document_outline, footer_text, text_clean

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
LATIN_FONT, LATIN_BOLD_FONT = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
# .ttc collections are left out: one face of a collection needs a subfont index per file.
CJK_FONTS = ("ipag.ttf", "ipagp.ttf", "fonts-japanese-gothic.ttf")
CJK_CID_FONT = "HeiseiKakuGo-W5"

_SIZES = {"title": 18, "subtitle": 11, "h1": 14, "h2": 12, "caption": 9, "p": 10, "li": 10}
_MARGIN = 18 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_ANNEX_WIDTHS = (0.14, 0.40, 0.15, 0.15, 0.16)  # shares of the text width
_FIGURE_WIDTHS = (0.72, 0.28)


class _Fonts:
    def __init__(self, regular: str, bold: str, fallback: str, glyphs: frozenset[int] | None):
        self.regular, self.bold, self.fallback = regular, bold, fallback
        self.glyphs = glyphs  # code points the regular font has; None: Helvetica (latin-1)

    def markup(self, text: str) -> str:
        """Escaped paragraph markup; runs of characters the main font lacks are set in the
        fallback font (ReportLab has no glyph fallback of its own)."""
        text = text_clean(text)
        out: list[str] = []
        run: list[str] = []
        for char in text:
            missing = (
                ord(char) > 0xFF if self.glyphs is None else ord(char) not in self.glyphs
            ) and not char.isspace()
            if missing:
                run.append(char)
                continue
            if run:
                out.append(f'<font face="{self.fallback}">{escape("".join(run))}</font>')
                run.clear()
            out.append(escape(char))
        if run:
            out.append(f'<font face="{self.fallback}">{escape("".join(run))}</font>')
        return "".join(out)


def _find(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if folder.is_dir():
            hit = next(folder.rglob(name), None)
            if hit is not None:
                return hit
    return None


@lru_cache(maxsize=1)
def fonts() -> _Fonts:
    """Register the fonts once per process (ReportLab's registry is global)."""
    cjk = next((path for path in map(_find, CJK_FONTS) if path is not None), None)
    if cjk is not None:
        pdfmetrics.registerFont(TTFont("CmrCJK", str(cjk)))
        fallback = "CmrCJK"
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_CID_FONT))
        fallback = CJK_CID_FONT
    regular, bold = _find(LATIN_FONT), _find(LATIN_BOLD_FONT)
    if regular is None:
        return _Fonts("Helvetica", "Helvetica-Bold", fallback, None)
    font = TTFont("CmrSans", str(regular))
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(TTFont("CmrSans-Bold", str(bold or regular)))
    return _Fonts("CmrSans", "CmrSans-Bold", fallback, frozenset(font.face.charToGlyph))


def _styles(f: _Fonts) -> dict[str, ParagraphStyle]:
    styles = {
        kind: ParagraphStyle(
            kind,
            fontName=f.bold if kind in {"title", "h1", "h2", "caption"} else f.regular,
            fontSize=size,
            leading=size * 1.3,
            leftIndent=8 * mm if kind == "li" else 0,
            bulletIndent=3 * mm,
            bulletFontName=f.regular,
            spaceBefore=8 if kind in {"h1", "h2"} else 0,
            spaceAfter=6 if kind in {"title", "subtitle", "h1"} else 4,
            alignment=1 if kind in {"title", "subtitle"} else 0,
        )
        for kind, size in _SIZES.items()
    }
    styles["cell"] = ParagraphStyle("cell", fontName=f.regular, fontSize=8, leading=10)
    styles["head"] = ParagraphStyle("head", fontName=f.bold, fontSize=8, leading=10)
    return styles


def cmr_pdf(
    report: CampaignReport,
    profile: CompanyProfile,
    sections: tuple,
    *,
    version_label: str,
    status_label: str,
) -> bytes:
    f = fonts()
    styles = _styles(f)
    story: list = []
    for element in document_outline(report, profile, sections):
        story += _flowables(element, f, styles)
    footer = footer_text(profile, report.inputs.reporting_year, version_label, status_label)
    footer_style = ParagraphStyle("footer", fontName=f.regular, fontSize=8, leading=10)
    footer_style.alignment = 1

    def on_page(canvas, doc) -> None:  # every page, the first included
        para = Paragraph(f"{f.markup(footer)} · page {doc.page}", footer_style)
        _, height = para.wrap(_WIDTH, 20 * mm)
        para.drawOn(canvas, _MARGIN, 10 * mm - height / 2)

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=text_clean(f"Form SD and Conflict Minerals Report: {profile.name}"),
        author=text_clean(profile.name),
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def _flowables(element: Element, f: _Fonts, styles: dict[str, ParagraphStyle]) -> list:
    if element.kind == "pagebreak":
        return [PageBreak()]
    if element.kind == "table":
        annex = len(element.header) == len(_ANNEX_WIDTHS)
        shares = _ANNEX_WIDTHS if annex else _FIGURE_WIDTHS
        data = [[Paragraph(f.markup(c), styles["head"]) for c in element.header]]
        data += [[Paragraph(f.markup(c), styles["cell"]) for c in row] for row in element.rows]
        table = Table(data, colWidths=[share * _WIDTH for share in shares], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde3ee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return [table, Spacer(1, 6)]
    para = Paragraph(
        f.markup(element.text),
        styles[element.kind],
        bulletText="•" if element.kind == "li" else None,
    )
    if element.kind in {"h1", "h2", "caption"}:
        return [CondPageBreak(25 * mm), para]  # keep a heading with what follows it
    return [para]
