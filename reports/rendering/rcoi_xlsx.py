"""The RCOI summary workbook (openpyxl): "Summary", "Smelter list", "Unmatched", "Suppliers".

Every text cell goes through ``_text``: supplier and smelter names come from supplier files,
and a value starting with = + - @ (or tab / carriage return) would run as a formula when the
sheet is opened or exported to CSV (OWASP "CSV injection"): ``config.cells.cell_safe`` gives
it a leading apostrophe, and it is stored as a plain string (openpyxl would otherwise write
any "=..." string as a formula). Numbers and dates are written as typed cells so that they
sort and sum.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from config.cells import cell_safe
from reports.model import METALS, CampaignReport, CompanyProfile
from reports.rendering import (
    STATUS_ORDER,
    figures,
    rmap_label,
    text_clean,
)

_HEAD_FONT = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill("solid", fgColor="2F4F7F")
_TITLE_FONT = Font(bold=True, size=14)
_MAX_WIDTH = 60


def _text(value: object) -> str:
    return cell_safe(text_clean(value))


def _value(value: object) -> object:
    if value is None or isinstance(value, bool):
        return "yes" if value else ("" if value is None else "no")
    if isinstance(value, int | float | date):
        return value
    return _text(value)


def _write_rows(ws: Worksheet, start: int, header: Sequence[str], rows: Iterable[Sequence]):
    for column, title in enumerate(header, 1):
        cell = ws.cell(start, column, _text(title))
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    row_number = start
    for row_number, values in enumerate(rows, start + 1):
        for column, value in enumerate(values, 1):
            cell = ws.cell(row_number, column, _value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    return row_number


def _finish(ws: Worksheet, footer: str, freeze: str, filter_row: int | None = None) -> None:
    ws.freeze_panes = freeze
    if filter_row is not None and ws.max_row > filter_row:
        ws.auto_filter.ref = f"A{filter_row}:{get_column_letter(ws.max_column)}{ws.max_row}"
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                length = len(str(cell.value)) + 2
                widths[cell.column] = max(widths.get(cell.column, 8), length)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(width, _MAX_WIDTH)
    # "&" starts a header/footer code; Excel limits header + footer text to 255 characters.
    ws.oddFooter.center.text = (footer.replace("&", "&&") + " · page &P of &N")[:240]
    ws.oddFooter.center.size = 8


def rcoi_summary_xlsx(
    report: CampaignReport, profile: CompanyProfile, *, version_label: str
) -> bytes:
    inputs = report.inputs
    footer = text_clean(
        f"{profile.name} · RCOI summary {inputs.reporting_year} · version {version_label}"
    )
    names = {s.supplier_id: s.supplier_name for s in inputs.suppliers}
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary(summary, report, profile, version_label)
    _finish(summary, footer, "A5")

    ws = workbook.create_sheet("Smelter list")
    header = (
        "Metal", "Smelter ID", "Smelter name", "Country", "RMAP status", "RMAP status as listed",
        "Last audit date", "Suppliers reporting", "Supplier names",
    )  # fmt: skip
    _write_rows(
        ws,
        1,
        header,
        (
            (
                r.metal,
                r.cid,
                r.name,
                r.country,
                rmap_label(r.rmap_status),
                r.rmap_status_raw,
                r.last_audit_date,
                r.supplier_count,
                _names(r.supplier_ids, names),
            )
            for r in report.smelter_list
        ),
    )
    _finish(ws, footer, "A2", 1)

    ws = workbook.create_sheet("Unmatched")
    header = ("Metal", "Reported name", "Reported country", "Match status", "Suppliers reporting",
              "Supplier names")  # fmt: skip
    _write_rows(
        ws,
        1,
        header,
        (
            (
                u.metal,
                u.reported_name,
                u.reported_country,
                u.match_status,
                len(u.supplier_ids),
                _names(u.supplier_ids, names),
            )
            for u in report.unmatched
        ),
    )
    _finish(ws, footer, "A2", 1)

    ws = workbook.create_sheet("Suppliers")
    _suppliers(ws, report)
    _finish(ws, footer, "C2", 1)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _names(ids: Iterable[int], names: dict[int, str]) -> str:
    return "; ".join(names.get(i, f"#{i}") for i in ids)


def _summary(ws: Worksheet, report: CampaignReport, profile: CompanyProfile, version: str):
    inputs = report.inputs
    title = ws.cell(
        1, 1, _text(f"RCOI summary: {profile.name}, reporting year {inputs.reporting_year}")
    )
    title.data_type, title.font = "s", _TITLE_FONT
    ws.cell(2, 1, "Version")
    ws.cell(2, 2, _text(version)).data_type = "s"
    rows = []
    for label, value in figures(report):
        if label == "Response rate":
            rows.append((label, round(report.response_rate, 4)))
        else:
            rows.append((label, int(value) if value.isdigit() else value))
    last = _write_rows(ws, 4, ("Figure", "Value"), rows)
    rate_row = next(i for i, (label, _) in enumerate(rows, 5) if label == "Response rate")
    ws.cell(rate_row, 2).number_format = "0.0%"

    by_metal: dict[str, dict[str, int]] = {m: dict.fromkeys(STATUS_ORDER, 0) for m in METALS}
    for r in report.smelter_list:
        status = r.rmap_status if r.rmap_status in STATUS_ORDER else "unknown"
        by_metal.setdefault(r.metal, dict.fromkeys(STATUS_ORDER, 0))[status] += 1
    statuses = tuple(f"RMAP {rmap_label(s)}" for s in STATUS_ORDER)
    header = ("Metal", "Declarations using the metal (Q1 Yes)", "Covered countries Yes",
              "CAHRA Yes", *statuses, "Smelters")  # fmt: skip
    start = last + 2
    last = _write_rows(
        ws,
        start,
        header,
        (
            (
                metal,
                round(report.response_rate_by_metal.get(metal, 0.0), 4),
                _count(report.covered_countries_yes, metal),
                _count(report.cahra_yes, metal),
                *(counts[s] for s in STATUS_ORDER),
                sum(counts.values()),
            )
            for metal, counts in by_metal.items()
        ),
    )
    for row in range(start + 1, last + 1):
        ws.cell(row, 2).number_format = "0.0%"
    countries = sorted(report.smelter_countries.items(), key=lambda item: (-item[1], item[0]))
    last = _write_rows(ws, last + 2, ("Smelter country", "Smelters"), countries)
    if report.notes:
        _write_rows(ws, last + 2, ("Notes",), ((note,) for note in report.notes))


def _count(counts: dict, metal: str) -> int:
    count = counts.get(metal)
    return count.value if count is not None else 0


def _suppliers(ws: Worksheet, report: CampaignReport) -> None:
    high_risk = set(report.high_risk.keys)

    def metals(counts: dict, request_id: int) -> str:
        return ", ".join(m for m, c in counts.items() if str(request_id) in c.keys)

    header = (
        "Request ID", "Supplier ID", "Supplier", "Country", "State", "Overdue", "Submitted on",
        "Submission ID", "File readable", "Errors", "Warnings", "CMRT version",
        "Declared company", "High risk", "Covered countries Yes", "CAHRA Yes", "Decline reason",
    )  # fmt: skip
    rows = (
        (
            s.request_id,
            s.supplier_id,
            s.supplier_name,
            s.supplier_country,
            s.state.replace("_", " "),
            s.overdue,
            s.submitted_on,
            s.submission_id,
            s.readable if s.submission_id is not None else None,
            s.error_count,
            s.warning_count,
            s.template_version,
            s.declared_company,
            str(s.request_id) in high_risk,
            metals(report.covered_countries_yes, s.request_id),
            metals(report.cahra_yes, s.request_id),
            s.decline_reason,
        )
        for s in report.inputs.suppliers
    )
    _write_rows(ws, 1, header, rows)
