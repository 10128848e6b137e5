"""Every hostile file through the bulk import page: each file uploaded alone, and the whole
corpus as one zip. Each file becomes an item with its status and exact message; the job's
archive is stored as uploaded (several files, or a single file, are packed into one zip) and
each read file's submission keeps its bytes; the job page and its CSV/XLSX export answer."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from contextlib import AbstractContextManager

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cmrt.models import BulkImport, BulkItem
from tests.hostile.bounds import bounded
from tests.hostile.corpus import (
    BULK_ALONE,
    BULK_ZIP,
    Case,
    FormError,
    NotReceived,
    Outcome,
    Read,
    Refused,
    Skipped,
    cases,
    corpus_zip,
)
from tests.hostile.stored import assert_no_nul, member_bytes, stored_bytes

pytestmark = pytest.mark.django_db


def upload(
    client: Client, capture: Callable[..., AbstractContextManager], name: str, content: bytes
) -> HttpResponse:
    """POST one file to the bulk import page; the job runs (eager) when the request commits."""
    with capture(execute=True):
        return client.post(reverse("cmrt:bulk_new"), {"files": [SimpleUploadedFile(name, content)]})


def item_problems(item: BulkItem, case: Case, expected: Outcome) -> list[str]:
    """How ``item`` differs from what ``expected`` says of ``case`` (empty: it matches)."""
    got = (item.status, item.message)
    if isinstance(expected, Refused | NotReceived):
        want = ("failed", expected.message)
    elif isinstance(expected, Skipped):
        want = ("skipped", expected.message)
    else:
        assert isinstance(expected, Read)
        # No supplier in the registry declares these names: the file waits for a person.
        want = ("needs_supplier", "")
    problems = [f"{case.name}: {got} != {want}"] if got != want else []
    submission = item.submission
    if isinstance(expected, Skipped | NotReceived):  # kept in the job's archive only
        if submission is not None:
            problems.append(f"{case.name}: a file not imported got a submission")
    elif submission is None:
        problems.append(f"{case.name}: no submission keeps the file")
    else:
        if stored_bytes(submission.file) != case.content:
            problems.append(f"{case.name}: the stored file differs from the upload")
        if isinstance(expected, Read):
            if submission.declared_company != expected.stored_company:
                problems.append(f"{case.name}: declared {submission.declared_company[:80]!r}")
            assert_no_nul(submission)
    return problems


@pytest.mark.parametrize("case", cases(), ids=str)
def test_bulk_file_alone(
    case: Case, compliance_client: Client, django_capture_on_commit_callbacks
) -> None:
    content, expected = case.content, case.expected(BULK_ALONE)
    with bounded():
        response = upload(compliance_client, django_capture_on_commit_callbacks, case.name, content)
    if isinstance(expected, FormError):
        assert response.status_code == 200
        assert response.context["form"].errors == {"files": [expected.message]}
        assert not BulkImport.objects.exists()
        return
    assert response.status_code == 302
    bulk = BulkImport.objects.get()
    assert (bulk.status, bulk.original_name) == ("done", case.name)
    # One file is packed into the job's archive, under its own name and bytes.
    assert member_bytes(bulk.file, case.name) == content
    (item,) = bulk.items.all()
    assert item.path == case.name
    assert item_problems(item, case, expected) == []
    page = compliance_client.get(reverse("cmrt:bulk_detail", args=[bulk.pk]))
    assert page.status_code == 200
    if isinstance(expected, Refused | NotReceived | Skipped):
        assert escape(expected.message) in page.content.decode()


def test_bulk_corpus_in_one_zip(
    compliance_client: Client, django_capture_on_commit_callbacks, record_property
) -> None:
    everything = cases()
    archive = corpus_zip(everything)
    with bounded():
        response = upload(
            compliance_client, django_capture_on_commit_callbacks, "hostile.zip", archive
        )
    assert response.status_code == 302
    bulk = BulkImport.objects.get()
    assert bulk.status == "done"
    assert stored_bytes(bulk.file) == archive  # a zip upload is the job's archive, as sent
    items = {item.path: item for item in bulk.items.select_related("submission")}
    problems: list[str] = []
    failed = 0
    for case in everything:
        item = items.pop(case.name, None)
        found = (
            [f"{case.name}: no item"]
            if item is None
            else item_problems(item, case, case.expected(BULK_ZIP))
        )
        failed += bool(found)
        problems += found
    record_property("hostile_cases", len(everything))
    record_property("hostile_failed", failed)
    assert problems == [] and not items

    page = compliance_client.get(reverse("cmrt:bulk_detail", args=[bulk.pk]))
    assert page.status_code == 200
    export = reverse("cmrt:bulk_export", args=[bulk.pk])
    rows = list(
        csv.reader(io.StringIO(compliance_client.get(export + "?format=csv").content.decode()))
    )
    assert len(rows) == 1 + len(everything)
    workbook = openpyxl.load_workbook(
        io.BytesIO(compliance_client.get(export + "?format=xlsx").content)
    )
    assert workbook.active.max_row == 1 + len(everything)
