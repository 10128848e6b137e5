"""The company's own CMRT: an .xlsx in the CMRT 6.5 layout that customers can consume.

Pure: ``CampaignReport`` + ``CompanyProfile`` in, bytes out. The workbook is written
from scratch with openpyxl (no RMI file is copied): the 6.5 sheet names and the cell
addresses of ``cmrt.layouts.LAYOUT_6X``, values only. Answers are derived in
``company_cmrt_answers``; the sheets are written by ``company_cmrt_sheets``. The app's own
reader reads the result back as a CMRT 6.5 (see tests/reports/company_cmrt).
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl

from cmrt.layouts import LAYOUT_6X
from reports.model import CampaignReport, CompanyProfile
from reports.rendering import text_clean
from reports.rendering.company_cmrt_answers import company_answers, metal_answers, metals_in_scope
from reports.rendering.company_cmrt_sheets import (
    TITLE,
    Labels,
    declaration_answers_write,
    declaration_company_write,
    lookup_write,
    notes_write,
    product_list_write,
    revision_write,
    smelter_list_write,
    translations_write,
)

SHEETS = ("Revision", "Instructions", "Definitions", "Declaration", "Smelter List", "Checker",
          "Product List", "Smelter Look-up", "L", "C", "SorP")  # fmt: skip
HIDDEN_SHEETS = ("L", "C", "SorP")
COMPANY_SCOPE = LAYOUT_6X.scope_choices[0][0]  # "A. Company"


def company_values(profile: CompanyProfile, effective_date: date) -> dict[str, str | date]:
    """The Declaration's company block (``CompanyCells`` field -> value)."""
    # The profile has no authorizer e-mail yet, and the template requires one (D20): the
    # company's compliance contact address stands in until the profile records it.
    authorizer_email = getattr(profile, "authorizer_email", "") or profile.contact_email
    sec_number = profile.sec_file_number.strip()
    return {
        "name": profile.name,
        "scope": COMPANY_SCOPE,
        "unique_id": sec_number,
        "unique_id_authority": "SEC file number" if sec_number else "",
        "address": profile.registrant_address,
        "contact_name": profile.contact_name,
        "contact_email": profile.contact_email,
        "contact_phone": profile.contact_phone,
        "authorizer": profile.authorizer,
        "authorizer_title": profile.authorizer_title,
        "authorizer_email": authorizer_email,
        "effective_date": effective_date,
    }


def unidentified_metals(report: CampaignReport) -> tuple[str, ...]:
    """In-scope metals without a recognised smelter: they get a "Smelter not yet
    identified" row, as the template asks of a supplier in that position."""
    listed = {row.metal for row in report.smelter_list}
    return tuple(metal for metal in metals_in_scope(report) if metal not in listed)


def company_cmrt_xlsx(
    report: CampaignReport,
    profile: CompanyProfile,
    *,
    effective_date: date,
    products: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """The company-level declaration: scope "A. Company", the answers derived from the
    campaign, every recognised smelter (in the report's order) and ``products`` as
    (number, name) rows of the Product List."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in SHEETS:
        workbook.create_sheet(name)
    labels = Labels()
    revision_write(workbook["Revision"], labels)
    notes_write(workbook, labels)
    declaration = workbook["Declaration"]
    declaration_company_write(declaration, labels, company_values(profile, effective_date))
    declaration_answers_write(
        declaration, labels, metal_answers(report), company_answers(report, profile)
    )
    smelter_list_write(
        workbook["Smelter List"], labels, report.smelter_list, unidentified_metals(report)
    )
    product_list_write(workbook["Product List"], labels, products)
    lookup_write(workbook["Smelter Look-up"], labels, report.smelter_list)
    translations_write(workbook["L"], labels)
    for name in HIDDEN_SHEETS:
        workbook[name].sheet_state = "hidden"
    workbook.active = workbook.sheetnames.index("Declaration")
    workbook.properties.title = TITLE
    workbook.properties.creator = text_clean(profile.name)
    # openpyxl stamps "modified" at save; "created" is the declaration's own date.
    workbook.properties.created = datetime.combine(effective_date, datetime.min.time())
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
