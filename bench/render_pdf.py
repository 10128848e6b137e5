"""Which PDF library renders the Conflict Minerals Report fastest?

Renders the sample report (tests/reports/rendering/helpers.py) with a 300-smelter annex,
the same document outline (reports.rendering.document_outline: Form SD, Exhibit 1.01, the
figures table, the annex table repeating its header, the footer with version and status on
every page, DejaVu Sans embedded) with each candidate:

- ReportLab (platypus): the app's renderer, reports.rendering.cmr_pdf.cmr_pdf;
- fpdf2 (multi_cell paragraphs, FPDF.table repeating its header, footer() hook);
- WeasyPrint (HTML + CSS @page footer), skipped when it or its system libraries are missing.

Each runs ``--runs`` times after one warm-up; the script prints the median, the page count
and the ratio to the fastest, all from the same run. It prints, never asserts.

Run: ``.venv/bin/python bench/render_pdf.py [--runs N] [--smelters N]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reports.rendering import document_outline, footer_text  # noqa: E402
from reports.rendering.cmr_pdf import LATIN_BOLD_FONT, LATIN_FONT, _find, cmr_pdf  # noqa: E402
from reports.texts import sections_build  # noqa: E402
from tests.reports.rendering.helpers import big_report, sample_profile  # noqa: E402

VERSION, STATUS = "v3", "in review"


def render_reportlab(report, profile, sections) -> bytes:
    return cmr_pdf(report, profile, sections, version_label=VERSION, status_label=STATUS)


def render_fpdf2(report, profile, sections) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    footer = footer_text(profile, report.inputs.reporting_year, VERSION, STATUS)
    regular, bold = _find(LATIN_FONT), _find(LATIN_BOLD_FONT)

    class Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-13)
            self.set_font("body", "", 8)
            self.cell(0, 5, f"{footer} · page {self.page_no()}", align="C")

    pdf = Pdf(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.add_page()
    sizes = {"title": 18, "subtitle": 11, "h1": 14, "h2": 12, "caption": 9, "p": 10, "li": 10}
    for e in document_outline(report, profile, sections):
        if e.kind == "pagebreak":
            pdf.add_page()
        elif e.kind == "table":
            annex = len(e.header) == 5
            pdf.set_font("body", "", 8)
            heading = FontFace(emphasis="BOLD", fill_color=(221, 227, 238))
            widths = (14, 40, 15, 15, 16) if annex else (72, 28)
            with pdf.table(col_widths=widths, headings_style=heading, line_height=4) as table:
                for values in (e.header, *e.rows):
                    row = table.row()
                    for cell in values:
                        row.cell(cell)
        else:
            bold_kind = e.kind in {"title", "h1", "h2", "caption"}
            pdf.set_font("body", "B" if bold_kind else "", sizes[e.kind])
            text = f"•  {e.text}" if e.kind == "li" else e.text
            pdf.multi_cell(0, sizes[e.kind] * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
    return bytes(pdf.output())


def render_weasyprint(report, profile, sections) -> bytes:
    import weasyprint

    from reports.rendering.cmr_html import cmr_html

    footer = footer_text(profile, report.inputs.reporting_year, VERSION, STATUS)
    css = (
        "@page { size: A4; margin: 18mm; @bottom-center { content: '%s · page '"
        " counter(page) ' of ' counter(pages); font: 8pt 'DejaVu Sans'; } }"
        "body { font: 10pt 'DejaVu Sans'; } table { border-collapse: collapse; }"
        "td, th { border: 0.4pt solid grey; font-size: 8pt; }"
        "thead { display: table-header-group; }" % footer.replace("'", "\\'")
    )
    body = cmr_html(report, profile, sections, version_label=VERSION, status_label=STATUS)
    page = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=page).write_pdf()


def pages(pdf: bytes) -> int | str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure(render: Callable, args: tuple, runs: int) -> tuple[float, bytes]:
    pdf = render(*args)  # warm-up: imports, font parsing caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smelters", type=int, default=300)
    args = parser.parse_args()
    report, profile = big_report(args.smelters), sample_profile()
    sections = sections_build(report, profile, {})
    candidates = {
        "fpdf2": render_fpdf2,
        "reportlab": render_reportlab,
        "weasyprint": render_weasyprint,
    }
    results: dict[str, tuple[float, int | str, int]] = {}
    for name, render in candidates.items():
        try:
            median, pdf = measure(render, (report, profile, sections), args.runs)
        except (ImportError, OSError) as exc:  # WeasyPrint without Pango raises OSError
            print(f"{name:<11} skipped: {exc}")
            continue
        results[name] = (median, pages(pdf), len(pdf))
    fastest = min(median for median, _, _ in results.values())
    print(f"{args.smelters} smelters, median of {args.runs} runs")
    print(f"{'library':<11} {'median s':>9} {'x fastest':>10} {'pages':>6} {'bytes':>9}")
    for name, (median, page_count, size) in sorted(results.items(), key=lambda i: i[1][0]):
        print(f"{name:<11} {median:>9.3f} {median / fastest:>10.2f} {page_count!s:>6} {size:>9}")


if __name__ == "__main__":
    main()
