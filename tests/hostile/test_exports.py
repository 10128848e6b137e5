"""Names that a spreadsheet would run as formulas, ingested through the app's own doors (a
reference list, the registry import, a supplier's portal upload, a bulk import), come out of
every export harmless: CSV and XLSX cells get a leading apostrophe and are never formulas
(config.cells), the company CMRT keeps them as text cells (its reader gets them back), and the
CMR draft in Word holds them as plain text runs, never field codes. The unit tests of
config.cells are in tests/test_export_injection.py; this follows the names end to end."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from cmrt.models import BulkImport, Submission
from config.cells import FORMULA_START
from suppliers.models import Campaign, Supplier
from suppliers.roles import Role
from tests.conftest import logged_in
from tests.factories import make_user
from tests.hostile.corpus import (
    AT_SUM,
    DDE,
    EQUALS_CMD,
    HYPERLINK,
    INJECTIONS,
    MINUS,
    cmrt_with,
    csv_text,
    smelters_rows,
    suppliers_csv,
)
from tests.suppliers.portal.conftest import make_campaign, make_request

pytestmark = pytest.mark.django_db
CONTROL_NAME = "\x07=Bell Metals"  # starts with "=" once the control character is gone
# "Smelter not listed" rows, named unlike any reference smelter so that they stay unmatched.
UNLISTED = ("=1+1 Unlisted Works", "-Unknown- Foundry @ Home")
FILE_NAMES = ('=HYPERLINK("evil.example","x").xlsx', "+cmd.xlsx")
CIDS = tuple(f"CID{990_001 + n:06d}" for n in range(len(INJECTIONS)))


def confirm_registry(client: Client, kind: str, content: bytes) -> None:
    upload = SimpleUploadedFile(f"{kind}.csv", content)
    preview = client.post(reverse("suppliers:import"), {"kind": kind, "file": upload})
    assert preview.context["report"].errors == []
    done = client.post(reverse("suppliers:import-confirm"), {"token": preview.context["token"]})
    assert done.status_code == 302


def confirm_reference(client: Client, content: bytes) -> None:
    upload = SimpleUploadedFile("smelters.csv", content)
    preview = client.post(reverse("cmrt:reference_import"), {"file": upload})
    assert preview.context["result"].created == len(INJECTIONS)
    done = client.post(reverse("cmrt:reference_confirm"), {"token": preview.context["token"]})
    assert done.status_code == 302


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def xlsx_cells(content: bytes) -> list[tuple[object, str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_neutralised(texts: list[str], injected: tuple[str, ...]) -> None:
    """No text starts a formula, and each injected name is there behind an apostrophe."""
    assert [text for text in texts if text.startswith(FORMULA_START)] == []
    for name in injected:
        assert "'" + name in texts, name


def assert_xlsx_neutralised(content: bytes, injected: tuple[str, ...]) -> None:
    cells = xlsx_cells(content)
    assert [value for value, kind in cells if kind == "f"] == []  # no formula anywhere
    assert_neutralised([value for value, _kind in cells if isinstance(value, str)], injected)


@pytest.fixture
def ingested(compliance_client: Client, django_capture_on_commit_callbacks) -> dict[str, Any]:
    """Reference smelters, suppliers and contacts named by formulas, a supplier's CMRT and a
    bulk import declaring them: everything through the pages a person would use."""
    confirm_reference(compliance_client, csv_text(smelters_rows(INJECTIONS)).encode())
    confirm_registry(compliance_client, "suppliers", suppliers_csv([*INJECTIONS, CONTROL_NAME]))
    contacts = [("supplier", "name", "email")]
    contacts += [(HYPERLINK, name, f"c{n}@evil.example") for n, name in enumerate(INJECTIONS)]
    confirm_registry(compliance_client, "contacts", csv_text(contacts).encode())

    supplier = Supplier.objects.get(name=HYPERLINK)
    campaign = make_campaign()
    request = make_request(campaign, supplier)
    portal = logged_in(make_user("evil-user", Role.SUPPLIER, supplier=supplier))
    cmrt = cmrt_with(company=HYPERLINK, contact=DDE, authorizer=MINUS, smelters=UNLISTED, cids=CIDS)
    with django_capture_on_commit_callbacks(execute=True):
        response = portal.post(
            reverse("portal:upload", args=[request.pk]),
            {"file": SimpleUploadedFile(f"{EQUALS_CMD}.xlsx", cmrt)},
        )
    assert response.status_code == 302
    submission = Submission.objects.get(request=request)
    assert (submission.status, submission.declared_company) == ("checked", HYPERLINK)
    assert submission.matched_count == len(CIDS)  # the formula-named reference smelters

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bulk_zip:
        # File names become paths: a "/" in them would make folders, so none here.
        bulk_zip.writestr(FILE_NAMES[0], cmrt_with(company=DDE, smelters=(MINUS,)))
        bulk_zip.writestr(FILE_NAMES[1], cmrt_with(company=AT_SUM))
    with django_capture_on_commit_callbacks(execute=True):
        compliance_client.post(
            reverse("cmrt:bulk_new"),
            {"files": [SimpleUploadedFile("suppliers.zip", archive.getvalue())]},
        )
    return {"campaign": campaign, "bulk": BulkImport.objects.get()}


def test_bulk_results_csv_and_xlsx(compliance_client: Client, ingested) -> None:
    url = reverse("cmrt:bulk_export", args=[ingested["bulk"].pk])
    # The file names and the declared companies came from the upload.
    injected = (*FILE_NAMES, DDE, AT_SUM)
    assert_neutralised(csv_cells(compliance_client.get(url + "?format=csv").content), injected)
    assert_xlsx_neutralised(compliance_client.get(url + "?format=xlsx").content, injected)


@pytest.mark.parametrize("kind", ["suppliers", "contacts"])
def test_registry_exports(compliance_client: Client, ingested, kind: str) -> None:
    url = reverse("suppliers:export") + f"?kind={kind}&format="
    injected = INJECTIONS if kind == "suppliers" else (HYPERLINK, *INJECTIONS)
    csv_export = compliance_client.get(url + "csv")
    assert csv_export.status_code == 200
    assert_neutralised(csv_cells(csv_export.content), injected)
    xlsx_export = compliance_client.get(url + "xlsx")
    assert xlsx_export.status_code == 200  # a control character in a name broke it (fixed)
    assert_xlsx_neutralised(xlsx_export.content, injected)
    if kind == "suppliers":  # the control character is gone, and what it hid is caught
        assert "'=Bell Metals" in csv_cells(csv_export.content)


def download(client: Client, campaign: Campaign, name: str) -> bytes:
    response = client.get(reverse("reports:download", args=[campaign.pk, name]))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_rcoi_summary_xlsx(compliance_client: Client, ingested) -> None:
    content = download(compliance_client, ingested["campaign"], "rcoi_summary.xlsx")
    # Smelter names from the reference list (matched by ID), the supplier's own name, and
    # the names of smelters the file did not identify.
    assert_xlsx_neutralised(content, (*INJECTIONS, *UNLISTED))


def test_company_cmrt_keeps_the_names_as_text(compliance_client: Client, ingested) -> None:
    content = download(compliance_client, ingested["campaign"], "company_cmrt.xlsx")
    cells = xlsx_cells(content)
    assert [value for value, kind in cells if kind == "f"] == []
    # The template's own form: the names as typed, in text cells (read back as they are).
    text_cells = {value for value, kind in cells if kind == "s"}
    assert set(INJECTIONS) <= text_cells
    sheets = zipfile.ZipFile(io.BytesIO(content))
    for part in sheets.namelist():
        if part.startswith("xl/worksheets/"):
            assert "<f>" not in sheets.read(part).decode(), part


def test_cmr_docx_holds_the_names_as_plain_text(compliance_client: Client, ingested) -> None:
    content = download(compliance_client, ingested["campaign"], "cmr_draft.docx")
    document = Document(io.BytesIO(content))
    cells = {
        cell.text: cell for table in document.tables for row in table.rows for cell in row.cells
    }
    # The smelter annex names each formula-named reference smelter: literally, as one plain
    # text run (Word evaluates fields only: no field character, instruction or hyperlink).
    for name in INJECTIONS:
        (paragraph,) = cells[name].paragraphs
        assert [run.text for run in paragraph.runs] == [name]
        xml = paragraph._p.xml
        for field_code in ("w:fldChar", "w:instrText", "w:fldSimple", "w:hyperlink"):
            assert field_code not in xml, (name, field_code)
    body = document.element.body.xml  # the footer's PAGE field lives in its own part
    assert "w:instrText" not in body and "w:fldSimple" not in body
