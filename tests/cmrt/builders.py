"""Synthesise small RMI-shaped workbooks for tests (never copies of the corpus files)."""

from __future__ import annotations

import io

import msoffcrypto
import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile

CMRT_SHEETS = (
    "Revision",
    "Instructions",
    "Definitions",
    "Declaration",
    "Smelter List",
    "Checker",
    "Product List",
    "Smelter Look-up",
    "L",
    "C",
    "SorP",
)


def template_workbook(
    *,
    title: str = "Conflict Minerals Reporting Template",
    declaration_title: str = "Conflict Minerals Reporting Template (CMRT)",
    revision_cell: str = "Revision 6.5\nApril 25, 2025",
    history: tuple[object, ...] = ("6.4", "6.5"),
    language: str = "English",
    sheets: tuple[str, ...] = CMRT_SHEETS,
) -> bytes:
    """The cells recognition looks at, on an otherwise empty workbook with ``sheets``."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in sheets:
        workbook.create_sheet(name)
    if "Revision" in sheets:
        revision = workbook["Revision"]
        revision["B2"] = "DOCUMENT TITLE"
        revision["B3"] = title
        revision["B12"] = "REVISION"
        for offset, entry in enumerate(history):
            revision.cell(row=13 + offset, column=2, value=entry)
    if "Declaration" in sheets:
        declaration = workbook["Declaration"]
        declaration["D2"] = declaration_title
        declaration["D3"] = language
        declaration["J3"] = revision_cell
    for name in ("L", "C", "SorP"):
        if name in sheets:
            workbook[name].sheet_state = "hidden"
    return save(workbook)


def save(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def encrypt(content: bytes, password: str) -> bytes:
    """Encrypt an .xlsx as Excel does (an OLE container around the encrypted package)."""
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt(password, encrypted)
    assert msoffcrypto.OfficeFile(io.BytesIO(encrypted.getvalue())).is_encrypted()
    return encrypted.getvalue()
