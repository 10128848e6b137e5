"""Sheet writers for the company-level CMRT 6.5 (``company_cmrt``): values at the
addresses of RMI's 6.5 template (cmrt-format.md §1-6, ``LAYOUT_6X``), English labels
written as text (the template computes them from sheet L; we have no formulas to cache).

Every label written is also recorded for the hidden sheet L (key ``<Sheet><Cell>``,
English in column D), so a reader that translates or maps labels through L finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cmrt.layouts import LAYOUT_6X
from reports.model import METALS, SmelterListRow
from reports.rendering import text_clean
from reports.rendering.company_cmrt_answers import Derived

TITLE = "Conflict Minerals Reporting Template"
DECLARATION_TITLE = "Conflict Minerals Reporting Template (CMRT)"
VERSION = "6.5"
RELEASE_DATE = "April 25, 2025"
LANGUAGES = ("English", "中文 Chinese", "日本語 Japanese", "한국어 Korean", "Français",
             "Português", "Deutsch", "Español", "Italiano", "Türkçe")  # fmt: skip
NOT_IDENTIFIED = "Smelter not yet identified"
SMELTER_FIRST_ROW = LAYOUT_6X.smelter_first_row
PRODUCT_FIRST_ROW = LAYOUT_6X.product_first_row
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

COMPANY_LABELS = {
    "name": "Company Name (*):",
    "scope": "Declaration Scope or Class (*):",
    "scope_description": "Description of Scope:",
    "unique_id": "Company Unique ID:",
    "unique_id_authority": "Company Unique ID Authority:",
    "address": "Address:",
    "contact_name": "Contact Name (*):",
    "contact_email": "Email – Contact (*):",
    "contact_phone": "Phone – Contact (*):",
    "authorizer": "Authorizer (*):",
    "authorizer_title": "Title - Authorizer:",
    "authorizer_email": "Email - Authorizer (*):",
    "authorizer_phone": "Phone - Authorizer:",
    "effective_date": "Effective Date (*):",
}
SMELTER_HEADERS = (
    ("A", "Smelter Identification Number Input Column"),
    ("B", "Metal (*)"),
    ("C", "Smelter Look-up (*)"),
    ("D", "Smelter Name (1)"),
    ("E", "Smelter Country (*)"),
    ("F", "Smelter Identification"),
    ("G", "Source of Smelter Identification Number"),
    ("H", "Smelter Street"),
    ("I", "Smelter City"),
    ("J", "Smelter Facility Location: State / Province"),
    ("K", "Smelter Contact Name"),
    ("L", "Smelter Contact Email"),
    ("M", "Proposed next steps"),
    ("N", 'Name of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"'),
    (
        "O",
        "Location (Country) of Mine(s) or if recycled or scrap sourced, enter "
        '"recycled" or "scrap"',
    ),
    ("P", "Does 100% of the smelter’s feedstock originate from recycled or scrap sources?"),
    ("Q", "Comments"),
    ("R", "Standard Smelter Name"),
)
LOOKUP_HEADERS = ("Metal", "Smelter Look-up (*)", "Standard Smelter Names",
                  "Smelter Facility Location: Country", "Smelter ID",
                  "Source of Smelter Identification Number")  # fmt: skip
# Hidden answer lists below the form, where the template keeps them (rows 96-111).
_LISTS_ROW = 96


def put_text(sheet: Worksheet, address: str, value: str) -> None:
    """Untrusted text (supplier-reported names, profile fields) as a text cell: control
    characters removed (XML forbids them), and never a formula even if it starts with "="."""
    text = text_clean(value)
    if not text:
        return
    cell = sheet[address]
    cell.value = text
    cell.data_type = "s"


class Labels:
    """Writes label text and remembers it for sheet L."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, str, str]] = []  # key, sheet, cell, English

    def put(self, sheet: Worksheet, cell: str, text: str, *, bold: bool = False) -> None:
        sheet[cell] = text
        sheet[cell].alignment = WRAP
        if bold:
            sheet[cell].font = BOLD
        self.entries.append((f"{sheet.title}{cell}", sheet.title, cell, text))


def revision_write(sheet: Worksheet, labels: Labels) -> None:
    labels.put(sheet, "B2", "DOCUMENT TITLE", bold=True)
    labels.put(sheet, "B3", TITLE)
    labels.put(sheet, "B9", "REVISION HISTORY", bold=True)
    for cell, text in (("B12", "REVISION"), ("C12", "ORIGINATOR"), ("D12", "RELEASE DATE")):
        labels.put(sheet, cell, text, bold=True)
    # The reader takes the newest entry of this history as the release (with J3).
    sheet["B13"] = VERSION
    sheet["C13"] = "Responsible Minerals Initiative"
    sheet["D13"] = RELEASE_DATE
    for column, width in (("B", 40), ("C", 40), ("D", 20)):
        sheet.column_dimensions[column].width = width


def _merge(sheet: Worksheet, first: str, last: str, row: int) -> None:
    sheet.merge_cells(f"{first}{row}:{last}{row}")


def declaration_company_write(
    sheet: Worksheet, labels: Labels, values: dict[str, str | date]
) -> None:
    """Title, language, release and the company block (values merged D:J as in 6.5)."""
    labels.put(sheet, "D2", DECLARATION_TITLE, bold=True)
    sheet["D3"] = LANGUAGES[0]
    sheet["J3"] = f"Revision {VERSION}\n{RELEASE_DATE}"
    sheet["J3"].alignment = WRAP
    sheet["A5"] = "A"  # the template's =LEFT(D9,1), the scope letter
    labels.put(
        sheet,
        "B4",
        "The purpose of this document is to collect sourcing information on tin, tantalum, "
        "tungsten and gold used in products",
    )
    labels.put(sheet, "B7", "Company Information", bold=True)
    company = LAYOUT_6X.company
    for field, label in COMPANY_LABELS.items():
        cell = getattr(company, field)
        row = int(cell[1:])
        labels.put(sheet, f"B{row}", label)
        value = values.get(field, "")
        if isinstance(value, date):
            sheet[cell] = value
        elif value:
            put_text(sheet, cell, value.strip())
        _merge(sheet, "D", "J", row)
    sheet[company.effective_date].number_format = "d-mmm-yyyy"
    for column, width in (("A", 3), ("B", 60), ("C", 4), ("D", 22), ("E", 22), ("F", 4)):
        sheet.column_dimensions[column].width = width
    for column in "GHIJ":
        sheet.column_dimensions[column].width = 18


def declaration_answers_write(
    sheet: Worksheet,
    labels: Labels,
    metal_answers: dict[str, dict[str, Derived]],
    company_answers: dict[str, Derived],
) -> None:
    """Q1-Q8 per metal (answer D:E, comment G:J) and A-H, with drop-downs over the
    6.x choices so a customer who edits the file keeps to them."""
    labels.put(
        sheet, "B24", "Answer the following questions 1 - 8 based on the declaration scope "
        "indicated above", bold=True,
    )  # fmt: skip
    lists = _answer_lists(sheet)
    for number, question in enumerate(LAYOUT_6X.questions, start=1):
        required = " (*)" if number == 1 else ""
        labels.put(sheet, f"B{question.row}", f"{number}) {question.text}{required}", bold=True)
        labels.put(sheet, f"D{question.row}", "Answer", bold=True)
        labels.put(sheet, f"G{question.row}", "Comments", bold=True)
        by_metal = metal_answers.get(question.key, {})
        for offset, metal in enumerate(METALS, start=1):
            row = question.row + offset
            labels.put(sheet, f"B{row}", metal)
            _answer_put(sheet, row, by_metal.get(metal))
            lists[question.choices].add(f"D{row}")
    labels.put(sheet, "B73", "Answer the Following Questions at a Company Level", bold=True)
    for cell, text in (("B74", "Question"), ("D74", "Answer"), ("G74", "Comments")):
        labels.put(sheet, cell, text, bold=True)
    for question in LAYOUT_6X.company_questions:
        labels.put(sheet, f"B{question.row}", f"{question.key}. {question.text}")
        _answer_put(sheet, question.row, company_answers.get(question.key))
        lists[question.choices].add(f"D{question.row}")
    for validation in lists.values():
        sheet.add_data_validation(validation)


def _answer_put(sheet: Worksheet, row: int, answer: Derived | None) -> None:
    if answer is not None and answer.value:
        sheet[f"D{row}"] = answer.value
    if answer is not None and answer.comment:
        put_text(sheet, f"G{row}", answer.comment)
        sheet[f"G{row}"].alignment = WRAP
    _merge(sheet, "D", "E", row)
    _merge(sheet, "G", "J", row)


def _answer_lists(sheet: Worksheet) -> dict[tuple[str, ...], DataValidation]:
    """One list validation per distinct choice list, its source written in hidden rows
    (inline lists cannot hold choices with commas, such as question E's)."""
    choice_lists = {q.choices for q in (*LAYOUT_6X.questions, *LAYOUT_6X.company_questions)}
    validations: dict[tuple[str, ...], DataValidation] = {}
    row = _LISTS_ROW
    for choices in sorted(choice_lists, key=lambda c: (len(c), c)):
        first = row
        for choice in choices:
            sheet[f"B{row}"] = choice
            sheet.row_dimensions[row].hidden = True
            row += 1
        validations[choices] = DataValidation(
            type="list", formula1=f"$B${first}:$B${row - 1}", allow_blank=True
        )
    return validations


def smelter_list_write(
    sheet: Worksheet, labels: Labels, rows: Sequence[SmelterListRow], placeholders: Sequence[str]
) -> None:
    """Recognised smelters from row 5 (CID typed in A, so any CMRT reader resolves them),
    then a "Smelter not yet identified" row for each in-scope metal without one (the
    template's Checker wants a row for every metal in scope)."""
    for column, header in SMELTER_HEADERS:
        labels.put(sheet, f"{column}4", header, bold=True)
    row_number = SMELTER_FIRST_ROW
    for smelter in rows:
        values = {
            "A": smelter.cid,
            "B": smelter.metal,
            "C": smelter.name,  # the look-up name: the standard name is always one
            "D": smelter.name,
            "E": smelter.country,
            "F": smelter.cid,
            "G": "RMI",  # CIDs are RMI's smelter identification numbers
            "R": smelter.name,
        }
        for column, value in values.items():
            put_text(sheet, f"{column}{row_number}", value)
        row_number += 1
    for metal in placeholders:
        sheet[f"B{row_number}"] = metal
        sheet[f"C{row_number}"] = NOT_IDENTIFIED
        row_number += 1
    sheet.freeze_panes = f"A{SMELTER_FIRST_ROW}"
    widths = {"A": 16, "B": 12, "C": 40, "D": 40, "E": 24, "F": 14, "G": 14, "R": 40}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def lookup_write(sheet: Worksheet, labels: Labels, rows: Sequence[SmelterListRow]) -> None:
    """The listed smelters in the Smelter Look-up layout (header row 4, data from row 5),
    so readers that resolve a typed CID through the workbook's own tab find each one.
    It holds only this declaration's smelters, not RMI's full list."""
    for column, header in zip("ABCDEF", LOOKUP_HEADERS, strict=True):
        labels.put(sheet, f"{column}4", header, bold=True)
    for offset, smelter in enumerate(rows):
        values = (smelter.metal, smelter.name, smelter.name, smelter.country, smelter.cid, "RMI")
        for column, value in zip("ABCDEF", values, strict=True):
            put_text(sheet, f"{column}{5 + offset}", value)


def product_list_write(
    sheet: Worksheet, labels: Labels, products: Sequence[tuple[str, str]]
) -> None:
    labels.put(
        sheet,
        "A1",
        'Completion required only if reporting level "Product (or List of Products)" '
        "selected on the 'Declaration' worksheet.",
    )
    for cell, text in (
        ("B5", "Responder’s Product Number (*)"),
        ("C5", "Responder’s Product Name"),
        ("D5", "Comments"),
    ):
        labels.put(sheet, cell, text, bold=True)
    for offset, (number, name) in enumerate(products):
        put_text(sheet, f"B{PRODUCT_FIRST_ROW + offset}", number)
        put_text(sheet, f"C{PRODUCT_FIRST_ROW + offset}", name)
    for column, width in (("B", 30), ("C", 50), ("D", 40)):
        sheet.column_dimensions[column].width = width


def notes_write(workbook: Workbook, labels: Labels) -> None:
    """The template's help sheets hold RMI's text, which we do not copy: a pointer instead."""
    note = (
        "This company-level declaration was generated in the CMRT 6.5 layout. See the "
        "Responsible Minerals Initiative's CMRT 6.5 for the instructions and definitions."
    )
    for name in ("Instructions", "Definitions", "Checker"):
        labels.put(workbook[name], "B2", note)
        workbook[name].column_dimensions["B"].width = 100


def translations_write(sheet: Worksheet, labels: Labels) -> None:
    """Sheet L: the header row the reader expects (languages from column D), then one
    English row per label written."""
    sheet.append([None, "Sheets", "Cells", *LANGUAGES])
    for key, sheet_name, cell, english in labels.entries:
        sheet.append([key, sheet_name, cell, english])
