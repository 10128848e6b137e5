"""Every hostile file through the two table imports compliance runs in the browser: the
supplier registry (CSV/XLSX, upload → preview → confirm) and the smelter reference data
(xlsx/xls/CSV, the same steps). The preview says what is wrong, word for word, or what the
import would do; a file that can be imported waits in private storage byte for byte until it
is confirmed (a refused one is not kept: nothing was imported from it)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cmrt.models import ReferenceImport
from cmrt.services.reference_pending import reference_pending_load
from suppliers.services.transfer import pending_import_load
from tests.hostile.bounds import bounded
from tests.hostile.corpus import (
    REFERENCE,
    REGISTRY,
    Case,
    FormError,
    Listed,
    Problems,
    Refused,
    Rows,
    cases,
)
from tests.hostile.stored import stored_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", cases(), ids=str)
def test_registry_import(
    case: Case, compliance_client: Client, compliance_user: AbstractUser
) -> None:
    expected = case.expected(REGISTRY)
    upload = SimpleUploadedFile(case.name, case.content)
    with bounded():
        response = compliance_client.post(
            reverse("suppliers:import"), {"kind": "suppliers", "file": upload}
        )
    assert response.status_code == 200
    page = response.content.decode()
    if isinstance(expected, FormError):
        assert response.context["form"].errors == {"file": [expected.message]}
        assert escape(expected.message) in page
        return
    report = response.context["report"]
    if isinstance(expected, Problems):
        assert (report.file_errors, report.rows) == (expected.messages, ())
        messages = expected.messages
    else:
        assert isinstance(expected, Rows)
        assert report.file_errors == ()
        assert report.counts.get("new", 0) == expected.new
        assert tuple(report.errors) == expected.errors
        messages = expected.errors
    for message in messages:
        assert escape(message) in page
    token = response.context["token"]
    if report.ok:  # kept for the confirmation, as uploaded
        assert pending_import_load(token, by=compliance_user)[1] == case.content
    else:
        assert token == ""


@pytest.mark.parametrize("case", cases(), ids=str)
def test_reference_import(
    case: Case, compliance_client: Client, compliance_user: AbstractUser
) -> None:
    expected = case.expected(REFERENCE)
    upload = SimpleUploadedFile(case.name, case.content)
    with bounded():
        response = compliance_client.post(reverse("cmrt:reference_import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    if isinstance(expected, FormError):
        assert response.context["form"].errors == {"file": [expected.message]}
        assert escape(expected.message) in page
        return
    if isinstance(expected, Refused):
        assert response.context["error"] == expected.message
        assert escape(expected.message) in page
        assert "token" not in response.context
        return
    assert isinstance(expected, Listed)
    result = response.context["result"]
    assert (result.kind, result.created, result.problems) == (expected.kind, expected.created, ())
    token = response.context["token"]
    assert reference_pending_load(token, by=compliance_user)[0] == case.content
    # Confirmed, the import keeps the original with its counts.
    with bounded():
        confirmed = compliance_client.post(reverse("cmrt:reference_confirm"), {"token": token})
    assert confirmed.status_code == 302
    record = ReferenceImport.objects.get()
    assert (record.original_name, record.created_count) == (case.name, expected.created)
    assert stored_bytes(record.file) == case.content
