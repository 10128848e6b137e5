"""Write CMRT 6.x-shaped workbooks from scratch with openpyxl (values only, no formulas:
like files produced by tools other than Excel). Used by the reader tests."""

from __future__ import annotations

from datetime import date

import openpyxl

from cmrt.layouts import LAYOUT_6X
from tests.cmrt.builders import CMRT_SHEETS, save

METALS = ("Tantalum", "Tin", "Gold", "Tungsten")
LOOKUP = (
    ("Gold", "Argor-Heraeus", "Argor-Heraeus S.A.", "SWITZERLAND", "CID000077"),
    ("Gold", "Heraeus Germany", "Heraeus Germany GmbH Co. KG", "GERMANY", "CID000711"),
    ("Tantalum", "Ulba", "Ulba Metallurgical Plant JSC", "KAZAKHSTAN", "CID001969"),
    ("Tin", "Minsur", "Minsur", "PERU", "CID001182"),
    ("Tungsten", "Wolfram Bergbau", "Wolfram Bergbau und Hutten AG", "AUSTRIA", "CID002044"),
)
COMPANY = {
    "name": "Acme Components Ltd",
    "scope": "A. Company",
    "contact_name": "Pat Lee",
    "contact_email": "pat.lee@acme.example.com",
    "contact_phone": "+1 555 0100",
    "authorizer": "Sam Ray",
    "authorizer_title": "VP Quality",
    "authorizer_email": "sam.ray@acme.example.com",
    "effective_date": date(2026, 3, 1),
}
ANSWERS = {
    "Q1": "Yes",
    "Q2": "Yes",
    "Q3": "No",
    "Q4": "No",
    "Q5": "No",
    "Q6": "100%",
    "Q7": "Yes",
    "Q8": "Yes",
}
COMPANY_ANSWERS = {key: ("Yes", "") for key in "ACDFG"} | {
    "B": ("Yes", "https://acme.example.com/policy"),
    "E": ("Yes, in conformance with IPC1755 (e.g., CMRT)", ""),
    "H": ("Yes, with the SEC", ""),
}
SMELTERS = (  # one per metal, picked by metal + look-up name
    {"B": "Tantalum", "C": "Ulba"},
    {"B": "Tin", "C": "Minsur"},
    {"B": "Gold", "C": "Argor-Heraeus"},
    {"B": "Tungsten", "C": "Wolfram Bergbau"},
)


def cmrt_6x(
    *,
    version: str = "6.5",
    language: str = "English",
    company: dict[str, object] | None = None,
    answers: dict[str, object | dict[str, object]] | None = None,
    company_answers: dict[str, tuple[object, str]] | None = None,
    smelters: tuple[dict[str, object], ...] = SMELTERS,
    products: tuple[tuple[str, str, str], ...] = (),
    lookup: tuple[tuple[str, str, str, str, str], ...] = LOOKUP,
    translations: tuple[tuple[str, str, str], ...] = (),
    footer: bool = True,
) -> bytes:
    """``answers`` maps a question to one value for all metals or to {metal: value};
    ``smelters`` are Smelter List rows as {column letter: value} from row 5."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in CMRT_SHEETS:
        workbook.create_sheet(name)
    revision = workbook["Revision"]
    revision["B3"] = "Conflict Minerals Reporting Template"
    revision["B13"] = version
    declaration = workbook["Declaration"]
    declaration["D2"] = "Conflict Minerals Reporting Template (CMRT)"
    declaration["D3"] = language
    declaration["J3"] = f"Revision {version}\nApril 25, 2025"
    for field, value in (company if company is not None else COMPANY).items():
        declaration[getattr(LAYOUT_6X.company, field)] = value
    merged = {**ANSWERS, **(answers or {})}
    for question in LAYOUT_6X.questions:
        value = merged.get(question.key)
        for offset, metal in enumerate(METALS, start=1):
            cell_value = value.get(metal) if isinstance(value, dict) else value
            declaration[f"D{question.row + offset}"] = cell_value
    for question in LAYOUT_6X.company_questions:
        answer, comment = {**COMPANY_ANSWERS, **(company_answers or {})}.get(question.key, ("", ""))
        declaration[f"D{question.row}"] = answer or None
        declaration[f"G{question.row}"] = comment or None
    smelter_sheet = workbook["Smelter List"]
    smelter_sheet["B4"] = "Metal (*)"
    for offset, row in enumerate(smelters):
        for column, value in row.items():
            smelter_sheet[f"{column}{5 + offset}"] = value
    lookup_sheet = workbook["Smelter Look-up"]
    for offset, entry in enumerate(lookup):
        for column, value in zip("ABCDE", entry, strict=True):
            lookup_sheet[f"{column}{5 + offset}"] = value
        lookup_sheet[f"F{5 + offset}"] = "RMI"
    product_sheet = workbook["Product List"]
    for offset, product in enumerate(products):
        for column, value in zip("BCD", product, strict=True):
            product_sheet[f"{column}{6 + offset}"] = value
    language_sheet = workbook["L"]
    language_sheet.append(["", "Sheets", "Cells", "English", "中文 Chinese", "日本語 Japanese"])
    for key, english, other in translations:
        language_sheet.append([key, "", "", english, other, other])
    if footer:
        smelter_sheet["B2600"] = "© 2025 Responsible Minerals Initiative"
        product_sheet["B2010"] = "© 2025 Responsible Minerals Initiative"
    return save(workbook)
