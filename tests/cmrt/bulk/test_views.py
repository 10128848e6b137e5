"""Bulk import pages (cmrt/views/bulk.py): access, upload, progress, export, assign."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cmrt.models import BulkImport, BulkItem
from suppliers.models import Supplier, SupplierAlias
from tests.cmrt.bulk.helpers import cmrt_for, zip_of

pytestmark = pytest.mark.django_db

ALPHA = cmrt_for("Alpha Metals")
GAMMA = cmrt_for("Gamma Widgets")


def upload(client: Client, capture, *files: tuple[str, bytes], **data: object):
    with capture(execute=True):
        return client.post(
            reverse("cmrt:bulk_new"),
            {"files": [SimpleUploadedFile(name, content) for name, content in files], **data},
        )


@pytest.fixture
def job(compliance_client, supplier_a, django_capture_on_commit_callbacks) -> BulkImport:
    archive = zip_of({"a/alpha.xlsx": ALPHA, "gamma.xlsx": GAMMA, "notes.txt": b"hi"})
    upload(compliance_client, django_capture_on_commit_callbacks, ("batch.zip", archive))
    return BulkImport.objects.get()


def urls(pk: int) -> list[str]:
    return [
        reverse("cmrt:bulk_list"),
        reverse("cmrt:bulk_new"),
        reverse("cmrt:bulk_assign"),
        reverse("cmrt:bulk_detail", args=[pk]),
        reverse("cmrt:bulk_status", args=[pk]),
        reverse("cmrt:bulk_export", args=[pk]) + "?format=csv",
    ]


def test_anonymous_users_are_sent_to_sign_in_and_supplier_users_get_404(
    job: BulkImport, supplier_a_client: Client
) -> None:
    for url in urls(job.pk):
        assert Client().get(url).status_code == 302, url
        assert supplier_a_client.get(url).status_code == 404, url
    assert supplier_a_client.post(reverse("cmrt:bulk_assign")).status_code == 404


def test_the_committee_may_look_but_not_import_or_assign(
    job: BulkImport, committee_client: Client
) -> None:
    for url in urls(job.pk):
        expected = 403 if url == reverse("cmrt:bulk_new") else 200
        assert committee_client.get(url).status_code == expected, url
    assert committee_client.post(reverse("cmrt:bulk_assign")).status_code == 403


def test_an_upload_starts_a_job_and_the_page_shows_every_file(
    job: BulkImport, compliance_client: Client
) -> None:
    assert (job.status, job.total, job.original_name) == ("done", 3, "batch.zip")
    response = compliance_client.get(reverse("cmrt:bulk_detail", args=[job.pk]))
    page = response.content.decode()
    assert "Refresh" not in response  # finished: no reloading
    for text in ("a/alpha.xlsx", "Alpha Metals", "CMRT 6.5", "gamma.xlsx", "supplier to assign"):
        assert text in page
    assert 'value="100"' in page


def test_several_files_make_one_job(
    compliance_client: Client, supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    response = upload(
        compliance_client,
        django_capture_on_commit_callbacks,
        ("alpha.xlsx", ALPHA),
        ("gamma.xlsx", GAMMA),
    )
    bulk = BulkImport.objects.get()
    assert response.url == reverse("cmrt:bulk_detail", args=[bulk.pk])
    assert bulk.original_name == "2 files"
    assert sorted(BulkItem.objects.values_list("path", "status")) == [
        ("alpha.xlsx", "done"),
        ("gamma.xlsx", "needs_supplier"),
    ]


def test_a_running_job_page_refreshes_itself_and_polls_as_json(
    compliance_client: Client, compliance_user
) -> None:
    bulk = BulkImport.objects.create(
        original_name="x.zip", status=BulkImport.Status.RUNNING, total=2
    )
    BulkItem.objects.create(bulk=bulk, path="a.xlsx", status=BulkItem.Status.DONE)
    BulkItem.objects.create(bulk=bulk, path="b.xlsx", status=BulkItem.Status.QUEUED)
    response = compliance_client.get(reverse("cmrt:bulk_detail", args=[bulk.pk]))
    assert response["Refresh"] == "3"
    status = compliance_client.get(reverse("cmrt:bulk_status", args=[bulk.pk])).json()
    assert status == {
        "id": bulk.pk,
        "status": "running",
        "total": 2,
        "settled": 1,
        "percent": 55,
        "active": True,
        "counts": {
            "queued": 1,
            "ingesting": 0,
            "needs_supplier": 0,
            "done": 1,
            "duplicate": 0,
            "skipped": 0,
            "failed": 0,
        },
    }


def test_too_large_files_are_refused_with_a_clear_message(
    compliance_client: Client, settings, django_capture_on_commit_callbacks
) -> None:
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    response = upload(
        compliance_client,
        django_capture_on_commit_callbacks,
        ("huge.xlsx", b"\0" * (1024 * 1024 + 1)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        "huge.xlsx is larger than 1 MB, far larger than a CMRT."
    ]
    response = compliance_client.post(reverse("cmrt:bulk_new"), {})
    assert response.context["form"].errors["files"] == [
        "Choose a zip file or one or more CMRT workbooks."
    ]
    assert not BulkImport.objects.exists()


def test_the_export_has_one_row_per_file(job: BulkImport, compliance_client: Client) -> None:
    response = compliance_client.get(reverse("cmrt:bulk_export", args=[job.pk]) + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="bulk-{job.pk}-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "file",
        "supplier",
        "declared_company",
        "status",
        "template",
        "version",
        "errors",
        "warnings",
        "smelters",
        "matched",
        "duplicate",
        "message",
    ]
    alpha = BulkItem.objects.get(path="a/alpha.xlsx").submission
    assert rows[1] == [
        "a/alpha.xlsx",
        "Alpha Metals",
        "Alpha Metals",
        "done",
        "CMRT",
        "6.5",
        str(alpha.error_count),
        str(alpha.warning_count),
        "4",
        str(alpha.matched_count),
        "False",
        "",
    ]
    assert rows[2][:4] == ["gamma.xlsx", "", "Gamma Widgets", "needs_supplier"]
    assert rows[3] == [
        "notes.txt",
        "",
        "",
        "skipped",
        "",
        "",
        "",
        "",
        "",
        "",
        "False",
        "Not a spreadsheet.",
    ]
    xlsx = compliance_client.get(reverse("cmrt:bulk_export", args=[job.pk]) + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["file", "supplier"]
    assert sheet.max_row == 4


def test_the_queue_lists_waiting_files_and_a_post_assigns_them(
    job: BulkImport, compliance_client: Client, supplier_b: Supplier
) -> None:
    waiting = BulkItem.objects.get(path="gamma.xlsx")
    page = compliance_client.get(reverse("cmrt:bulk_assign")).content.decode()
    assert "Gamma Widgets" in page and f'name="item" value="{waiting.pk}"' in page

    response = compliance_client.post(
        reverse("cmrt:bulk_assign"), {"item": waiting.pk, "supplier": supplier_b.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "gamma.xlsx was assigned to Beta Circuits."
    ]
    waiting.refresh_from_db()
    assert waiting.status == "done"
    assert SupplierAlias.objects.get().supplier == supplier_b

    again = compliance_client.post(
        reverse("cmrt:bulk_assign"), {"item": waiting.pk, "supplier": supplier_b.pk}, follow=True
    )
    assert [str(m) for m in again.context["messages"]] == [
        "This file is no longer waiting for a supplier."
    ]
