"""Receiving and ingesting submissions (cmrt/services/ingestion.py), on the database."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from cmrt.models import (
    DeclarationRecord,
    FindingRecord,
    ReferenceImport,
    ReferenceSmelter,
    SmelterAlias,
    SmelterRecord,
    Submission,
)
from cmrt.reading.values import fold
from cmrt.services import ingestion
from cmrt.services.ingestion import (
    UploadRejected,
    submission_ingest,
    submission_receive,
    submission_requeue,
)
from suppliers.models import Supplier
from tests.cmrt.build6x import cmrt_6x

pytestmark = pytest.mark.django_db

NOT_A_WORKBOOK = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\0" * 100


def reference_list() -> None:
    """Two smelters of the app's list, one known by an extra alias."""
    source = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.LOOKUP_TAB, sha256="0" * 64, original_name="lookup.xlsx"
    )
    for cid, metal, name in (
        ("CID001182", "Tin", "Minsur"),
        ("CID000077", "Gold", "Argor-Heraeus S.A."),
    ):
        smelter = ReferenceSmelter.objects.create(
            cid=cid,
            metal=metal,
            standard_name=name,
            country="PERU" if metal == "Tin" else "SWITZERLAND",
            first_import=source,
            last_import=source,
        )
        SmelterAlias.objects.create(
            smelter=smelter, metal=metal, name=name, folded=fold(name), kind="standard"
        )


def received(supplier: Supplier, content: bytes, name: str = "acme.xlsx") -> Submission:
    return submission_receive(content=content, filename=name, supplier=supplier, by=None).submission


def test_the_original_is_stored_first_content_addressed(
    supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    content = cmrt_6x()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = submission_receive(
            content=content, filename="C:\\Users\\pat\\My CMRT.XLSX", supplier=supplier_a, by=None
        )
    sha256 = hashlib.sha256(content).hexdigest()
    submission = outcome.submission
    assert not outcome.duplicate
    assert (submission.status, submission.original_name, submission.size, submission.sha256) == (
        Submission.Status.QUEUED,
        "My CMRT.XLSX",
        len(content),
        sha256,
    )
    assert submission.file.name == f"submissions/{sha256[:2]}/{sha256}.xlsx"
    assert default_storage.open(submission.file.name).read() == content
    assert len(callbacks) == 1  # ingestion is queued once the row is committed


def test_the_same_file_for_the_same_supplier_is_one_submission(supplier_a: Supplier) -> None:
    content = cmrt_6x()
    first = received(supplier_a, content)
    again = submission_receive(content=content, filename="copy.xlsx", supplier=supplier_a, by=None)
    assert again.duplicate and again.submission == first
    assert Submission.objects.count() == 1


def test_the_same_bytes_for_another_supplier_share_the_stored_file(
    supplier_a: Supplier, supplier_b: Supplier
) -> None:
    content = cmrt_6x()
    first, second = received(supplier_a, content), received(supplier_b, content)
    assert first != second and first.file.name == second.file.name


def test_empty_and_oversized_uploads_are_refused(supplier_a: Supplier, settings) -> None:
    with pytest.raises(UploadRejected, match="^The file is empty. Choose the CMRT workbook"):
        received(supplier_a, b"")
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(UploadRejected) as caught:
        received(supplier_a, b"x" * (1024 * 1024 + 1))
    assert str(caught.value) == (
        "The file is larger than 1 MB, far larger than a CMRT. Upload the CMRT."
    )
    assert not Submission.objects.exists()


def test_ingestion_reads_checks_matches_and_saves(supplier_a: Supplier) -> None:
    reference_list()
    submission = received(supplier_a, cmrt_6x(products=(("P-1", "Widget", ""),)))
    done = submission_ingest(submission.pk)
    assert done is not None
    assert (done.status, done.stage, done.progress, done.message) == ("checked", "done", 100, "")
    assert (done.template_kind, done.template_version, done.declared_company) == (
        "CMRT",
        "6.5",
        "Acme Components Ltd",
    )
    assert (done.smelter_count, done.matched_count, done.attempts) == (4, 2, 1)
    declaration = DeclarationRecord.objects.get(submission=done)
    assert declaration.answers["Q1"]["Tin"] == {"value": "Yes", "comment": ""}
    assert declaration.effective_date.isoformat() == "2026-03-01"
    rows = {
        row.row: (row.metal, row.match_status, row.match_method, row.reference_id is not None)
        for row in SmelterRecord.objects.filter(submission=done)
    }
    assert rows == {
        5: ("Tantalum", "unmatched", "none", False),
        6: ("Tin", "matched", "cid", True),  # the reader found Minsur's ID in the app's list
        7: ("Gold", "matched", "fuzzy", True),  # "Argor-Heraeus" is close to the listed name
        8: ("Tungsten", "unmatched", "none", False),
    }
    assert done.products.get().number == "P-1"
    assert (
        FindingRecord.objects.filter(submission=done).count()
        == done.error_count
        + (done.warning_count)
        + FindingRecord.objects.filter(submission=done, severity="info").count()
    )


def test_a_file_that_is_no_workbook_fails_with_its_message_and_is_kept(
    supplier_a: Supplier,
) -> None:
    submission = received(supplier_a, NOT_A_WORKBOOK, "photo.xlsx")
    done = submission_ingest(submission.pk)
    assert (done.status, done.message) == (
        "failed",
        "This file is not an Excel workbook. Upload the CMRT as .xlsx (or .xls).",
    )
    assert default_storage.open(done.file.name).read() == NOT_A_WORKBOOK


def test_a_second_delivery_finds_nothing_to_do(supplier_a: Supplier) -> None:
    submission = received(supplier_a, cmrt_6x())
    assert submission_ingest(submission.pk) is not None
    assert submission_ingest(submission.pk) is None
    assert Submission.objects.get(pk=submission.pk).attempts == 1


def test_a_rerun_replaces_the_derived_rows_with_identical_ones(
    supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    reference_list()
    submission = received(supplier_a, cmrt_6x())
    submission_ingest(submission.pk)

    def snapshot() -> list[tuple[object, ...]]:
        return list(
            SmelterRecord.objects.filter(submission=submission)
            .order_by("row")
            .values_list("row", "metal", "name", "cid", "match_status", "reference_id")
        ) + list(
            FindingRecord.objects.filter(submission=submission)
            .order_by("position")
            .values_list("code", "cell", "message")
        )

    before = snapshot()
    with django_capture_on_commit_callbacks(execute=False):
        submission_requeue(submission)
    submission_ingest(submission.pk)
    assert snapshot() == before
    assert Submission.objects.get(pk=submission.pk).attempts == 2


def test_a_stale_claim_is_taken_over_and_a_fresh_one_is_not(supplier_a: Supplier) -> None:
    submission = received(supplier_a, cmrt_6x())
    Submission.objects.filter(pk=submission.pk).update(
        status="processing", claimed_at=timezone.now() - timedelta(seconds=30)
    )
    assert submission_ingest(submission.pk) is None  # another worker is on it
    Submission.objects.filter(pk=submission.pk).update(
        claimed_at=timezone.now() - ingestion.stale_claim() - timedelta(seconds=1)
    )
    done = submission_ingest(submission.pk)  # its worker died mid-file
    assert done is not None and done.status == "checked"


def test_a_database_hiccup_gives_the_claim_back(
    supplier_a: Supplier, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = received(supplier_a, cmrt_6x())

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ingestion, "cmrt_check_bytes", broken)
    with pytest.raises(OperationalError):
        submission_ingest(submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.stage, submission.attempts) == ("queued", "waiting", 1)


def test_new_reference_data_is_used_by_the_next_run(
    supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    submission = received(supplier_a, cmrt_6x())
    assert submission_ingest(submission.pk).matched_count == 0  # no reference list yet
    reference_list()  # imported between two runs of the same worker process
    with django_capture_on_commit_callbacks(execute=False):
        submission_requeue(submission)
    assert submission_ingest(submission.pk).matched_count == 2
    # The rows point at the new smelters: the CID -> id map is kept with the reference data.
    assert set(
        SmelterRecord.objects.filter(submission=submission, match_status="matched").values_list(
            "reference__cid", flat=True
        )
    ) == {"CID001182", "CID000077"}


def test_a_file_for_a_campaign_is_checked_with_the_campaigns_settings(
    supplier_a: Supplier,
) -> None:
    from datetime import date

    from suppliers.models import Campaign, CampaignRequest

    campaign = Campaign.objects.create(
        name="CMRT 2025",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=date(2026, 3, 31),
        minimum_version="6.6",  # stricter than the installation's 6.01
    )
    request = CampaignRequest.objects.create(
        campaign=campaign, supplier=supplier_a, state="invited"
    )
    submission = submission_receive(
        content=cmrt_6x(), filename="a.xlsx", supplier=supplier_a, by=None, request_id=request.pk
    ).submission
    submission_ingest(submission.pk)
    codes = set(FindingRecord.objects.filter(submission=submission).values_list("code", flat=True))
    assert "template.outdated" in codes  # 6.5 is older than the campaign's minimum
    request.refresh_from_db()
    assert (request.state, request.submission_id) == ("under_review", submission.pk)
