"""The company CMRT read back by the app's own reader (``cmrt_check_bytes``): a CMRT 6.5
with the same smelters, company block and answers, and no errors."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from cmrt.checks import CheckContext
from cmrt.declaration import Declaration, Metal, SmelterResolution
from cmrt.pipeline import CheckReport, cmrt_check_bytes
from cmrt.recognition import TemplateKind
from reports.rendering.company_cmrt import company_cmrt_xlsx
from tests.reports.aggregation.builders import TODAY
from tests.reports.company_cmrt.helpers import (
    ALL_YES,
    EFFECTIVE,
    PROFILE,
    report,
    sample_report,
    supplier,
)

CONTEXT = CheckContext(today=TODAY)
SHEETS = ["Revision", "Instructions", "Definitions", "Declaration", "Smelter List", "Checker",
          "Product List", "Smelter Look-up", "L", "C", "SorP"]  # fmt: skip


def _read(content: bytes) -> tuple[CheckReport, Declaration]:
    checked = cmrt_check_bytes(content, CONTEXT)
    assert checked.problem is None
    assert checked.declaration is not None
    return checked, checked.declaration


def _codes(checked: CheckReport) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.cell or str(f.row or "")) for f in checked.findings]


def _answers(declaration: Declaration) -> dict[str, dict[str, str]]:
    return {
        key: {metal.value: answer.raw for metal, answer in by_metal.items()}
        for key, by_metal in declaration.answers.items()
    }


def _row(*values: str) -> dict[str, str]:
    return dict(zip(("Tantalum", "Tin", "Gold", "Tungsten"), values, strict=True))


def test_sample_campaign_round_trip() -> None:
    sample = sample_report()
    checked, declaration = _read(company_cmrt_xlsx(sample, PROFILE, effective_date=EFFECTIVE))

    assert declaration.identity.kind is TemplateKind.CMRT
    assert declaration.identity.version == "6.5"
    assert declaration.identity.language == "English"
    # Only the suppliers' own risk answers are flagged, as in any supplier's CMRT.
    assert _codes(checked) == [
        ("risk.covered_countries", "warning", "D38"),
        ("risk.cahra", "warning", "D46"),
    ]
    assert checked.error_count == 0

    assert [(row.cid, row.metal) for row in declaration.smelters] == [
        (row.cid, Metal(row.metal)) for row in sample.smelter_list
    ]
    assert [(row.cid, row.metal) for row in declaration.smelters] == [
        ("CID002558", Metal.TANTALUM),
        ("CID001105", Metal.TIN),
        ("CID001898", Metal.TIN),
        ("CID000015", Metal.GOLD),
        ("CID001153", Metal.GOLD),
        ("CID000966", Metal.TUNGSTEN),
    ]
    assert [(row.name, row.country) for row in declaration.smelters] == [
        (row.name, row.country) for row in sample.smelter_list
    ]
    assert {row.resolution for row in declaration.smelters} == {SmelterResolution.CID_TYPED}

    company = declaration.company
    assert company.name.value == "Northwind Devices Inc."
    assert company.scope_raw.value == "A. Company"
    assert company.unique_id.value == "001-12345"
    assert company.unique_id_authority.value == "SEC file number"
    assert company.address.value == "1 Harbour Way, Portland, OR 97201, USA"
    assert company.contact_name.value == "Pat Lee"
    assert company.contact_email.value == "compliance@northwind.example.com"
    assert company.contact_phone.value == "+1 503 555 0100"
    assert company.authorizer.value == "Sam Ray"
    assert company.authorizer_title.value == "Chief Operating Officer"
    # The profile has no authorizer e-mail: the compliance address stands in.
    assert company.authorizer_email.value == "compliance@northwind.example.com"
    assert company.authorizer_phone.value == ""
    assert company.effective_date == EFFECTIVE

    # Q1: Acme Tin+Gold, Borealis Tin+Tantalum, Cobalt all four. Q3: Borealis (6.4)
    # Tantalum Yes. Q4: Acme Gold Yes (Cobalt's 3.x Q4 is not CAHRA). Q6: 5 of 7 responded.
    # Q7: one unmatched Tin row, and two suppliers have not answered.
    assert _answers(declaration) == {
        "Q1": _row("Yes", "Yes", "Yes", "Yes"),
        "Q2": _row("Yes", "Yes", "Yes", "Yes"),
        "Q3": _row("Yes", "No", "No", "No"),
        "Q4": _row("No", "No", "Yes", "No"),
        "Q5": _row("No", "No", "No", "No"),
        "Q6": _row(*["Greater than 50%"] * 4),
        "Q7": _row("No", "No", "No", "No"),
        "Q8": _row("Yes", "Yes", "Yes", "Yes"),
    }
    assert declaration.answers["Q7"][Metal.TIN].comment == (
        "1 smelter name was reported by suppliers but not matched to a listed smelter."
    )
    assert declaration.answers["Q7"][Metal.GOLD].comment == (
        "Not every supplier surveyed has responded yet."
    )
    assert {key: (a.value, a.comment) for key, a in declaration.company_answers.items()} == {
        "A": ("Yes", ""),
        "B": ("Yes", "https://northwind.example.com/responsible-minerals"),
        "C": ("No", ""),
        "D": ("Yes", ""),
        "E": ("Yes, in conformance with IPC1755 (e.g., CMRT)", ""),
        "F": ("Yes", ""),
        "G": ("Yes", ""),
        "H": ("Yes, with the SEC", ""),
    }
    assert declaration.products == ()


def test_complete_campaign_reads_back_without_any_finding() -> None:
    checked, declaration = _read(company_cmrt_xlsx(report(), PROFILE, effective_date=EFFECTIVE))
    assert _codes(checked) == []
    assert _answers(declaration)["Q6"] == _row(*["100%"] * 4)
    assert _answers(declaration)["Q7"] == _row("Yes", "Yes", "Yes", "Yes")


def test_metal_in_scope_without_smelters_gets_a_not_yet_identified_row() -> None:
    gold_only = report((supplier(1, ALL_YES),), smelter_list=report().smelter_list[2:3])
    checked, declaration = _read(company_cmrt_xlsx(gold_only, PROFILE, effective_date=EFFECTIVE))
    assert [(row.row, row.metal, row.cid, row.resolution) for row in declaration.smelters] == [
        (5, Metal.GOLD, "CID001153", SmelterResolution.CID_TYPED),
        (6, Metal.TANTALUM, "", SmelterResolution.NOT_IDENTIFIED),
        (7, Metal.TIN, "", SmelterResolution.NOT_IDENTIFIED),
        (8, Metal.TUNGSTEN, "", SmelterResolution.NOT_IDENTIFIED),
    ]
    # The template's Checker wants a row for each metal in scope: a warning, no error.
    assert _codes(checked) == [
        ("smelter.not_identified", "warning", "6"),
        ("smelter.not_identified", "warning", "7"),
        ("smelter.not_identified", "warning", "8"),
    ]
    assert _answers(declaration)["Q7"] == _row("No", "No", "Yes", "No")


def test_no_metal_in_scope() -> None:
    nothing = report((supplier(1, {"Q1": _row("No", "No", "No", "No")}),), smelter_list=())
    checked, declaration = _read(company_cmrt_xlsx(nothing, PROFILE, effective_date=EFFECTIVE))
    assert _codes(checked) == []
    assert _answers(declaration) == {
        "Q1": _row("No", "No", "No", "No"),
        "Q2": _row("No", "No", "No", "No"),
        **{f"Q{n}": _row("", "", "", "") for n in range(3, 9)},
    }
    assert declaration.smelters == ()


def test_products_are_listed_from_row_6() -> None:
    products = (("NW-100", "Router"), ("NW-200", ""))
    checked, declaration = _read(
        company_cmrt_xlsx(report(), PROFILE, effective_date=EFFECTIVE, products=products)
    )
    assert [(p.row, p.number, p.name) for p in declaration.products] == [
        (6, "NW-100", "Router"),
        (7, "NW-200", ""),
    ]
    # Scope "A. Company": the template ignores the list, the reader notes it.
    assert _codes(checked) == [("products.unused", "info", "")]


def test_profile_gaps_are_what_the_reader_reports() -> None:
    bare = dataclasses.replace(PROFILE, contact_name="", contact_phone="", authorizer="")
    checked, _declaration = _read(company_cmrt_xlsx(report(), bare, effective_date=EFFECTIVE))
    assert _codes(checked) == [
        ("company.contact_name.missing", "error", "D15"),
        ("company.contact_phone.missing", "error", "D17"),
        ("company.authorizer.missing", "error", "D18"),
    ]


def test_text_is_never_a_formula_and_control_characters_are_dropped() -> None:
    hostile = dataclasses.replace(PROFILE, name='=HYPERLINK("http://x")\x07 Corp')
    rows = (dataclasses.replace(report().smelter_list[0], name="+Aizu\x00 Works"),)
    content = company_cmrt_xlsx(
        report(smelter_list=rows + report().smelter_list[1:]),
        hostile,
        effective_date=EFFECTIVE,
        products=(("=1+1", "-cmd"),),
    )
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook["Declaration"]["D8"].data_type == "s"
    assert workbook["Declaration"]["D8"].value == '=HYPERLINK("http://x") Corp'
    assert workbook["Smelter List"]["D5"].value == "+Aizu Works"
    assert workbook["Product List"]["B6"].data_type == "s"
    _checked, declaration = _read(content)
    assert declaration.company.name.value == '=HYPERLINK("http://x") Corp'
    assert declaration.products[0].number == "=1+1"


def test_workbook_shape() -> None:
    content = company_cmrt_xlsx(sample_report(), PROFILE, effective_date=EFFECTIVE)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == SHEETS
    assert [ws.title for ws in workbook.worksheets if ws.sheet_state == "hidden"] == [
        "L",
        "C",
        "SorP",
    ]
    assert workbook.active.title == "Declaration"
    declaration = workbook["Declaration"]
    assert declaration["D2"].value == "Conflict Minerals Reporting Template (CMRT)"
    assert declaration["J3"].value == "Revision 6.5\nApril 25, 2025"
    assert workbook["Revision"]["B3"].value == "Conflict Minerals Reporting Template"
    merged = {str(r) for r in declaration.merged_cells.ranges}
    assert {"D8:J8", "D22:J22", "D26:E26", "G26:J26", "D77:E77", "G77:J77"} <= merged
    header = next(workbook["L"].iter_rows(max_row=1, values_only=True))
    assert header[:5] == (None, "Sheets", "Cells", "English", "中文 Chinese")
    language = {row[0]: row[3] for row in workbook["L"].iter_rows(min_row=2, values_only=True)}
    assert language["DeclarationB8"] == "Company Name (*):"
    assert language["Smelter ListA4"] == "Smelter Identification Number Input Column"
    # Every answer cell offers the release's choices, from lists in hidden rows.
    validated = {
        str(cell_range)
        for validation in declaration.data_validations.dataValidation
        for cell_range in validation.sqref.ranges
    }
    assert {"D26", "D62", "D83", "D89"} <= validated
    assert declaration.row_dimensions[96].hidden


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_it(tmp_path: Path) -> None:
    source = tmp_path / "company-cmrt.xlsx"
    source.write_bytes(company_cmrt_xlsx(sample_report(), PROFILE, effective_date=EFFECTIVE))
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    converted = tmp_path / "out" / "company-cmrt.xlsx"
    assert done.returncode == 0, done.stderr
    # What LibreOffice saves is read back with the same smelters.
    _checked, declaration = _read(converted.read_bytes())
    assert [row.cid for row in declaration.smelters] == [
        row.cid for row in sample_report().smelter_list
    ]
