"""RCOI summary workbook: sheets, cells, styling, formula injection."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime

import openpyxl

from reports.rendering.rcoi_xlsx import rcoi_summary_xlsx
from tests.reports.rendering.helpers import sample_profile, sample_report

INJECTION = '=HYPERLINK("http://x")'


def _workbook(report=None, profile=None) -> openpyxl.Workbook:
    data = rcoi_summary_xlsx(
        report or sample_report(), profile or sample_profile(), version_label="v7"
    )
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws) -> list[tuple]:
    return [row for row in ws.iter_rows(values_only=True)]


def test_sheets_in_order():
    assert _workbook().sheetnames == ["Summary", "Smelter list", "Unmatched", "Suppliers"]


def test_summary_figures_with_labels():
    ws = _workbook()["Summary"]
    assert ws["A1"].value == "RCOI summary: Example Devices Inc., reporting year 2024"
    assert (ws["A2"].value, ws["B2"].value) == ("Version", "v7")
    figures = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, 26)}
    assert figures["Suppliers in scope"] == 7
    assert figures["Suppliers surveyed"] == 6
    assert figures["Suppliers responded"] == 5
    assert figures["Response rate"] == 0.7143
    assert figures["Late or overdue"] == 4
    assert figures["Smelters and refiners identified"] == 6
    assert figures["RMAP status: Conformant"] == 3
    assert figures["RMAP status: Not listed"] == 1
    rate_row = next(r for r in range(5, 26) if ws.cell(r, 1).value == "Response rate")
    assert ws.cell(rate_row, 2).number_format == "0.0%"
    rows = _rows(ws)
    metal = rows.index(next(r for r in rows if r[0] == "Metal"))
    assert rows[metal + 1 : metal + 5] == [
        ("Tantalum", 0.6667, 1, 0, 0, 1, 0, 0, 0, 1),
        ("Tin", 1, 0, 0, 1, 0, 1, 0, 0, 2),
        ("Gold", 0.6667, 0, 1, 2, 0, 0, 0, 0, 2),
        ("Tungsten", 0.3333, 0, 0, 0, 0, 0, 0, 1, 1),
    ]
    assert ("Japan", 2, *[None] * 8) in rows
    assert rows[-1][0] == "1 smelter(s) of the list are not in the RMAP status list of 2025-01-15."


def test_smelter_list_sheet():
    ws = _workbook()["Smelter list"]
    rows = _rows(ws)
    assert rows[0] == (
        "Metal",
        "Smelter ID",
        "Smelter name",
        "Country",
        "RMAP status",
        "RMAP status as listed",
        "Last audit date",
        "Suppliers reporting",
        "Supplier names",
    )
    assert rows[3] == (
        "Tin",
        "CID001898",
        "Thaisarco",
        "Thailand",
        "Conformant",
        "Conformant",
        datetime(2024, 6, 30),
        2,
        "Acme Metals GmbH; Borealis Components AB",
    )
    assert rows[6][:5] == (
        "Tungsten",
        "CID000966",
        "Wolfram Bergbau und Hutten AG",
        "Austria",
        "Not listed",
    )
    assert len(rows) == 7
    assert ws["G4"].number_format == "yyyy-mm-dd"


def test_unmatched_and_suppliers_sheets():
    wb = _workbook()
    assert _rows(wb["Unmatched"])[1] == (
        "Tin",
        "Unknown Tin Works",
        "Indonesia",
        "unmatched",
        2,
        "Borealis Components AB; Cobalt Circuits Ltd",
    )
    rows = _rows(wb["Suppliers"])
    assert rows[0][:6] == ("Request ID", "Supplier ID", "Supplier", "Country", "State", "Overdue")
    assert rows[1] == (
        1,
        101,
        "Acme Metals GmbH",
        "DE",
        "accepted",
        "no",
        datetime(2025, 3, 10),
        501,
        "yes",
        0,
        2,
        "6.5",
        "Acme Metals GmbH",
        "yes",
        None,
        "Gold",
        None,
    )
    assert rows[4][:10] == (
        4,
        104,
        "Delta Plating Inc.",
        "US",
        "submitted",
        "no",
        datetime(2025, 3, 30),
        504,
        "no",
        0,
    )
    assert rows[5][16] == "No 3TG in the parts we supply."
    assert len(rows) == 8


def test_header_styling_frozen_panes_filters_widths_footer():
    wb = _workbook()
    assert wb["Summary"].freeze_panes == "A5"
    assert wb["Smelter list"].freeze_panes == "A2"
    assert wb["Suppliers"].freeze_panes == "C2"
    ws = wb["Smelter list"]
    assert ws["A1"].font.bold is True
    assert ws["A1"].fill.fgColor.rgb == "002F4F7F"
    assert ws.auto_filter.ref == "A1:I7"
    assert ws.column_dimensions["C"].width == len("Malaysia Smelting Corporation (MSC)") + 2
    for sheet in wb:
        assert sheet.oddFooter.center.text == (
            "Example Devices Inc. · RCOI summary 2024 · version v7 · page &P of &N"
        )


def test_formula_injection_is_neutralised_in_every_text_cell():
    report = sample_report()
    inputs = report.inputs
    suppliers = (
        dataclasses.replace(inputs.suppliers[0], supplier_name=INJECTION),
        *inputs.suppliers[1:],
    )
    smelters = (
        dataclasses.replace(report.smelter_list[0], name="+cmd|' /C calc'!A0"),
        *report.smelter_list[1:],
    )
    unmatched = (dataclasses.replace(report.unmatched[0], reported_name="@SUM(1+1)"),)
    report = dataclasses.replace(
        report,
        inputs=dataclasses.replace(inputs, suppliers=suppliers),
        smelter_list=smelters,
        unmatched=unmatched,
    )
    wb = _workbook(report, sample_profile(name="-2+3"))
    assert wb["Suppliers"]["C2"].value == "'" + INJECTION
    assert wb["Suppliers"]["C2"].data_type == "s"
    assert wb["Smelter list"]["C2"].value == "'+cmd|' /C calc'!A0"
    assert wb["Unmatched"]["B2"].value == "'@SUM(1+1)"
    assert wb["Smelter list"]["I4"].value == "'" + INJECTION + "; Borealis Components AB"
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.coordinate
