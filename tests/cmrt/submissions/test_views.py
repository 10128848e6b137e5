"""Submission pages: list filters, upload, the submission page and its progress, the JSON
status, download and rerun, each for the owner, the other supplier and anonymous."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cmrt.models import ProductRecord, SmelterRecord, Submission
from cmrt.tasks.ingestion import ingest_submission
from suppliers.models import Supplier
from tests.cmrt.build6x import cmrt_6x
from tests.cmrt.submissions.rows import make_checked, make_reference, make_rmap, make_submission
from tests.conftest import logged_in
from tests.factories import make_supplier, make_user

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name: str, submission: Submission | None = None) -> str:
    return reverse(f"cmrt:{name}", args=[submission.pk] if submission else [])


@pytest.fixture
def delay():
    with mock.patch.object(ingest_submission, "delay") as patched:
        yield patched


# --- List --------------------------------------------------------------------------------


def test_the_list_filters_by_supplier_status_version_and_errors(
    compliance_client: Client, supplier_a: Supplier, supplier_b: Supplier
) -> None:
    a = make_submission(supplier_a, "a.xlsx", template_version="6.5", error_count=2)
    b = make_submission(supplier_b, "b.xlsx", template_version="6.4")
    q = make_submission(supplier_b, "q.xlsx", status=Submission.Status.QUEUED)

    def listed(query: str) -> list[int]:
        response = compliance_client.get(url("submission_list") + query)
        assert response.status_code == 200
        return sorted(s.pk for s in response.context["submissions"])

    assert listed("") == sorted([a.pk, b.pk, q.pk])
    assert listed(f"?supplier={supplier_b.pk}") == sorted([b.pk, q.pk])
    assert listed("?status=queued") == [q.pk]
    assert listed("?version=6.4") == [b.pk]
    assert listed("?has_errors=yes") == [a.pk]
    assert listed("?has_errors=no") == sorted([b.pk, q.pk])


def test_the_list_shows_each_submission_with_its_link(
    committee_client: Client, supplier_a: Supplier
) -> None:
    submission = make_checked(supplier_a)
    content = committee_client.get(url("submission_list")).content.decode()
    assert f'href="{url("submission_detail", submission)}">acme.xlsx</a>' in content
    assert "Acme Components Ltd" in content
    assert "Upload a CMRT" not in content  # the committee may not upload


def test_the_list_is_a_staff_page(client: Client, supplier_a_client: Client) -> None:
    assert client.get(url("submission_list")).status_code == 302
    assert supplier_a_client.get(url("submission_list")).status_code == 404
    assert logged_in(make_user("nobody")).get(url("submission_list")).status_code == 403


# --- Upload ------------------------------------------------------------------------------


def test_upload_creates_a_submission_and_queues_its_ingestion(
    compliance_client: Client,
    compliance_user,
    supplier_a: Supplier,
    delay,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = compliance_client.post(
            url("submission_upload"),
            {"supplier": supplier_a.pk, "file": SimpleUploadedFile("Acme CMRT.xlsx", b"PK bytes")},
        )
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("submission_detail", submission)
    assert (submission.supplier, submission.original_name, submission.size) == (
        supplier_a,
        "Acme CMRT.xlsx",
        8,
    )
    assert submission.uploaded_by == compliance_user
    assert submission.status == Submission.Status.QUEUED
    delay.assert_called_once_with(submission.pk)
    page = compliance_client.get(response["Location"]).content.decode()
    assert "Received “Acme CMRT.xlsx”. It is being checked; this page shows how far it got." in page


def test_a_second_upload_of_the_same_file_says_when_and_links_to_it(
    compliance_client: Client, supplier_a: Supplier, delay, django_capture_on_commit_callbacks
) -> None:
    earlier = make_submission(supplier_a, "first.xlsx", content=b"same bytes")
    with django_capture_on_commit_callbacks(execute=True):
        response = compliance_client.post(
            url("submission_upload"),
            {"supplier": supplier_a.pk, "file": SimpleUploadedFile("again.xlsx", b"same bytes")},
        )
    content = response.content.decode()
    assert response.status_code == 200
    assert f"This file was already submitted on {earlier.uploaded_at:%Y-%m-%d}." in content
    assert f'<a href="{url("submission_detail", earlier)}">Open that submission</a>' in content
    assert Submission.objects.count() == 1
    delay.assert_not_called()


def test_an_oversized_file_is_refused_with_the_limit(
    compliance_client: Client, supplier_a: Supplier, settings, delay
) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    response = compliance_client.post(
        url("submission_upload"),
        {"supplier": supplier_a.pk, "file": SimpleUploadedFile("big.xlsx", b"x" * 11)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": [
            "The file is 11\xa0bytes; the limit is 10\xa0bytes. A CMRT is much smaller: "
            "check that you chose the right file."
        ]
    }
    assert not Submission.objects.exists()


def test_upload_offers_active_suppliers_only(compliance_client: Client, supplier_a) -> None:
    make_supplier("Dormant Ores", status=Supplier.Status.INACTIVE)
    response = compliance_client.get(url("submission_upload") + f"?supplier={supplier_a.pk}")
    choices = [label for _value, label in response.context["form"].fields["supplier"].choices]
    assert choices == ["Choose the supplier", "Alpha Metals"]
    assert response.context["form"].initial == {"supplier": str(supplier_a.pk)}


def test_upload_needs_the_add_permission(
    committee_client: Client, supplier_a_client: Client, client: Client
) -> None:
    assert committee_client.get(url("submission_upload")).status_code == 403
    assert supplier_a_client.get(url("submission_upload")).status_code == 404
    assert client.get(url("submission_upload")).status_code == 302


# --- Submission page ---------------------------------------------------------------------


def test_the_page_shows_findings_by_sheet_the_answers_grid_and_match_notes(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    submission = make_checked(supplier_a)
    content = compliance_client.get(url("submission_detail", submission)).content.decode()
    assert "Sheet “Declaration”" in content
    assert "Sheet “Smelter List”" in content
    assert "cell D27" in content
    assert "Question 1 for Tungsten has no valid answer." in content
    assert "row 6" in content
    assert "Q1. Is any 3TG intentionally added or used in the product(s)" in content
    assert '<td>No<div class="help">not used since 2024</div></td>' in content
    assert "Smelter ID CID000077 is on the reference list." in content
    assert "No listed tin smelter has this name or a similar one." in content
    assert "2026-03-01" in content  # effective date
    assert 'http-equiv="refresh"' not in content
    assert "Check again" in content


def test_the_page_shows_rmap_status_of_matched_smelters_and_the_products(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    make_rmap(date(2025, 1, 1), {"CID000077": ("Conformant", "conformant")})
    submission = make_checked(supplier_a)
    SmelterRecord.objects.create(
        submission=submission,
        row=7,
        metal="Gold",
        name="Some Refinery",
        reference=make_reference("CID009999", "Gold", "Some Refinery Ltd"),
        match_method=SmelterRecord.MatchMethod.FUZZY,
        match_status=SmelterRecord.MatchStatus.MATCHED,
        match_score=0.93,
    )
    ProductRecord.objects.create(submission=submission, row=6, number="P-100", name="Relay")
    content = compliance_client.get(url("submission_detail", submission)).content.decode()
    assert "RMAP status as listed on 2025-01-01. RMI list" in content
    assert '<span class="rmap rmap-conformant" title="Conformant">conformant</span>' in content
    assert "not in the RMAP list" in content  # CID009999 is matched but not in the snapshot
    assert "by smelter ID · score 1.00" in content
    assert "by similar name · score 0.93" in content
    assert "listed as Some Refinery Ltd" in content
    assert "<td>P-100</td><td>Relay</td>" in content


def test_without_an_rmap_list_the_page_says_so(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    content = compliance_client.get(
        url("submission_detail", make_checked(supplier_a))
    ).content.decode()
    assert "No RMAP status list is loaded yet, so RMAP status is not shown." in content


def test_the_page_shows_progress_and_refreshes_while_processing(
    supplier_a_client: Client, supplier_a: Supplier
) -> None:
    submission = make_submission(
        supplier_a,
        status=Submission.Status.PROCESSING,
        stage=Submission.Stage.MATCHING,
        progress=60,
    )
    content = supplier_a_client.get(url("submission_detail", submission)).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in content
    assert '<progress max="100" value="60">60%</progress>' in content
    assert "matching smelters" in content
    assert f'data-status-url="{url("submission_status", submission)}"' in content
    assert "Check again" not in content  # supplier users cannot rerun


def test_a_failed_submission_says_why(compliance_client: Client, supplier_a: Supplier) -> None:
    submission = make_submission(
        supplier_a,
        status=Submission.Status.FAILED,
        message="This is an EMRT, not a CMRT. Upload the CMRT.",
    )
    content = compliance_client.get(url("submission_detail", submission)).content.decode()
    assert "This file could not be read as a CMRT." in content
    assert "This is an EMRT, not a CMRT. Upload the CMRT." in content


def test_the_status_json(supplier_a_client: Client, supplier_a: Supplier) -> None:
    submission = make_submission(
        supplier_a,
        status=Submission.Status.PROCESSING,
        stage=Submission.Stage.READING,
        progress=10,
    )
    response = supplier_a_client.get(url("submission_status", submission))
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "processing",
        "stage": "reading",
        "stage_label": "reading the workbook",
        "progress": 10,
        "finished": False,
    }


@pytest.mark.parametrize("name", ["submission_detail", "submission_status"])
def test_only_the_owner_and_staff_reach_a_submission(
    name: str,
    supplier_a: Supplier,
    supplier_a_client: Client,
    supplier_b_client: Client,
    committee_client: Client,
    client: Client,
) -> None:
    target = url(name, make_submission(supplier_a))
    assert supplier_a_client.get(target).status_code == 200
    assert committee_client.get(target).status_code == 200
    assert supplier_b_client.get(target).status_code == 404
    assert logged_in(make_user("nobody")).get(target).status_code == 404
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={target}"


# --- Download ----------------------------------------------------------------------------


def test_download_sends_the_original_bytes_as_an_attachment(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    submission = make_submission(supplier_a, "Acme CMRT 2026.xlsx", content=b"original bytes")
    response = compliance_client.get(url("submission_download", submission))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"original bytes"
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="Acme CMRT 2026.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_type_follows_the_extension(compliance_client: Client, supplier_a) -> None:
    old = make_submission(supplier_a, "old.XLS")
    odd = make_submission(supplier_a, "notes.txt")
    assert compliance_client.get(url("submission_download", old))["Content-Type"] == (
        "application/vnd.ms-excel"
    )
    assert compliance_client.get(url("submission_download", odd))["Content-Type"] == (
        "application/octet-stream"
    )


def test_download_is_for_the_owner_and_staff_only(
    supplier_a: Supplier,
    supplier_a_client: Client,
    supplier_b_client: Client,
    committee_client: Client,
    client: Client,
) -> None:
    target = url("submission_download", make_submission(supplier_a, content=b"mine"))
    own = supplier_a_client.get(target)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == b"mine"
    assert committee_client.get(target).status_code == 200
    assert supplier_b_client.get(target).status_code == 404
    assert logged_in(make_user("nobody")).get(target).status_code == 404
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={target}"


# --- Rerun -------------------------------------------------------------------------------


def test_rerun_queues_the_submission_again(
    compliance_client: Client, supplier_a: Supplier, delay, django_capture_on_commit_callbacks
) -> None:
    submission = make_submission(
        supplier_a, "acme.xlsx", status=Submission.Status.FAILED, progress=100
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = compliance_client.post(url("submission_rerun", submission), follow=True)
    submission.refresh_from_db()
    assert response.redirect_chain == [(url("submission_detail", submission), 302)]
    assert "“acme.xlsx” is queued to be checked again." in response.content.decode()
    assert (submission.status, submission.stage, submission.progress) == ("queued", "waiting", 0)
    delay.assert_called_once_with(submission.pk)


def test_rerun_is_a_post_for_compliance_only(
    compliance_client: Client,
    committee_client: Client,
    supplier_a_client: Client,
    supplier_a: Supplier,
    delay,
) -> None:
    target = url("submission_rerun", make_submission(supplier_a))
    assert compliance_client.get(target).status_code == 405
    assert committee_client.post(target).status_code == 403
    assert supplier_a_client.post(target).status_code == 404
    delay.assert_not_called()


def test_an_uploaded_cmrt_is_read_and_its_page_shows_the_results(
    compliance_client: Client, supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    """GIVEN a filled 6.5 CMRT, WHEN compliance uploads it (ingestion runs eagerly on
    commit), THEN the submission page shows the declaration read from the file."""
    with django_capture_on_commit_callbacks(execute=True):
        response = compliance_client.post(
            url("submission_upload"),
            {"supplier": supplier_a.pk, "file": SimpleUploadedFile("acme.xlsx", cmrt_6x())},
        )
    submission = Submission.objects.get()
    assert (submission.status, submission.template_version) == ("checked", "6.5")
    content = compliance_client.get(response["Location"]).content.decode()
    assert "Acme Components Ltd" in content
    assert "Q7. " in content
    assert "Minsur" in content
    assert 'http-equiv="refresh"' not in content
