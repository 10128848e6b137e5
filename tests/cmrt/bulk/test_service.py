"""Bulk import services (cmrt/services/bulk.py) on the database, with eager Celery."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from cmrt.models import BulkImport, BulkItem, Submission
from cmrt.services.bulk import (
    BulkAssignError,
    BulkRejected,
    bulk_expand,
    bulk_item_assign,
    bulk_start,
    bulk_submission_done,
)
from cmrt.services.ingestion import submission_receive
from suppliers.models import Supplier, SupplierAlias
from tests.cmrt.bulk.helpers import cmrt_for, zip_of

pytestmark = pytest.mark.django_db

ALPHA = cmrt_for("Alpha Metals GmbH")
BETA = cmrt_for("Beta Circuits Co., Ltd.")
GAMMA = cmrt_for("Gamma Widgets Inc.")


def batch() -> bytes:
    return zip_of(
        {
            "2025/alpha.xlsx": ALPHA,
            "2025/beta.xlsx": BETA,
            "unknown/gamma.xlsx": GAMMA,
            "readme.txt": b"CMRTs for Q1",
            "copies/alpha again.xlsx": ALPHA,
            "__MACOSX/2025/._alpha.xlsx": b"\0\5\26\7",
        }
    )


def run(capture, files: list[tuple[str, bytes]], **kwargs) -> BulkImport:
    with capture(execute=True):
        bulk = bulk_start(files=files, by=kwargs.pop("by", None), **kwargs)
    bulk.refresh_from_db()
    return bulk


def statuses(bulk: BulkImport) -> dict[str, str]:
    return dict(BulkItem.objects.filter(bulk=bulk).values_list("path", "status"))


def item(bulk: BulkImport, path: str) -> BulkItem:
    return BulkItem.objects.select_related("submission__supplier").get(bulk=bulk, path=path)


def test_a_zip_is_unpacked_read_and_assigned_by_company_name(
    supplier_a: Supplier, supplier_b: Supplier, compliance_user, django_capture_on_commit_callbacks
) -> None:
    bulk = run(django_capture_on_commit_callbacks, [("q1.zip", batch())], by=compliance_user)

    assert (bulk.status, bulk.total, bulk.original_name, bulk.created_by) == (
        BulkImport.Status.DONE,
        5,
        "q1.zip",
        compliance_user,
    )
    assert bulk.finished_at is not None
    assert default_storage.exists(bulk.file.name)
    assert statuses(bulk) == {
        "2025/alpha.xlsx": "done",
        "2025/beta.xlsx": "done",
        "unknown/gamma.xlsx": "needs_supplier",
        "readme.txt": "skipped",
        "copies/alpha again.xlsx": "duplicate",
    }
    alpha = item(bulk, "2025/alpha.xlsx")
    assert (alpha.submission.supplier, alpha.submission.status, alpha.supplier_note) == (
        supplier_a,
        Submission.Status.CHECKED,
        'Same name as the supplier "Alpha Metals".',
    )
    assert alpha.submission.uploaded_by == compliance_user
    assert item(bulk, "2025/beta.xlsx").submission.supplier == supplier_b
    gamma = item(bulk, "unknown/gamma.xlsx")
    assert (gamma.submission.supplier, gamma.submission.declared_company, gamma.supplier_note) == (
        None,
        "Gamma Widgets Inc.",
        "No supplier has a similar name; choose one or add the supplier first.",
    )
    copy = item(bulk, "copies/alpha again.xlsx")
    assert (copy.submission, copy.message) == (alpha.submission, "Same file as 2025/alpha.xlsx.")
    assert item(bulk, "readme.txt").message == "Not a spreadsheet."
    assert Submission.objects.count() == 3


def test_expanding_twice_creates_nothing_new(
    supplier_a: Supplier, supplier_b: Supplier, django_capture_on_commit_callbacks
) -> None:
    bulk = run(django_capture_on_commit_callbacks, [("q1.zip", batch())])
    before = (BulkItem.objects.count(), Submission.objects.count())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert bulk_expand(bulk.pk) is None  # nothing to claim: already unpacked
        # An interrupted run (the worker died while unpacking) resumes without duplicating.
        BulkImport.objects.filter(pk=bulk.pk).update(status=BulkImport.Status.EXPANDING)
        assert bulk_expand(bulk.pk) is not None

    assert callbacks == []  # no submission was queued again
    assert (BulkItem.objects.count(), Submission.objects.count()) == before
    bulk.refresh_from_db()
    assert bulk.status == BulkImport.Status.DONE


def test_assigning_by_hand_records_an_alias_for_the_next_file(
    supplier_a: Supplier, supplier_b: Supplier, compliance_user, django_capture_on_commit_callbacks
) -> None:
    bulk = run(django_capture_on_commit_callbacks, [("q1.zip", batch())])
    gamma = item(bulk, "unknown/gamma.xlsx")

    assert bulk_item_assign(gamma, supplier_b, by=compliance_user) == 1

    gamma.refresh_from_db()
    assert (gamma.status, gamma.supplier_note, gamma.candidates) == (
        "done",
        "Assigned by casey.",
        [],
    )
    assert Submission.objects.get(pk=gamma.submission_id).supplier == supplier_b
    alias = SupplierAlias.objects.get()
    assert (alias.supplier, alias.name, alias.folded) == (
        supplier_b,
        "Gamma Widgets Inc.",
        "gamma widgets",
    )
    later = run(
        django_capture_on_commit_callbacks,
        [("gamma q2.xlsx", cmrt_for("GAMMA WIDGETS, INC")), ("other.xlsx", cmrt_for("Delta"))],
    )
    assert statuses(later) == {"gamma q2.xlsx": "done", "other.xlsx": "needs_supplier"}
    assert item(later, "gamma q2.xlsx").supplier_note == (
        'Known alias "Gamma Widgets Inc." of Beta Circuits.'
    )
    with pytest.raises(BulkAssignError) as refused:
        bulk_item_assign(gamma, supplier_a, by=compliance_user)
    assert str(refused.value) == "This file is no longer waiting for a supplier."


def test_assigning_one_file_settles_the_others_with_the_same_name(
    supplier_a: Supplier, compliance_user, django_capture_on_commit_callbacks
) -> None:
    first = run(django_capture_on_commit_callbacks, [("one.xlsx", cmrt_for("Omega Alloys"))])
    second = run(
        django_capture_on_commit_callbacks,
        [("two.xlsx", cmrt_for("OMEGA ALLOYS LTD")), ("three.xlsx", cmrt_for("Omega Alloy Co"))],
    )
    assert statuses(second) == {"two.xlsx": "needs_supplier", "three.xlsx": "needs_supplier"}

    assert bulk_item_assign(item(first, "one.xlsx"), supplier_a, by=compliance_user) == 2

    two = item(second, "two.xlsx")
    assert (two.status, two.submission.supplier, two.supplier_note) == (
        "done",
        supplier_a,
        'Same company name as "one.xlsx", assigned by casey.',
    )
    assert item(second, "three.xlsx").status == "needs_supplier"  # "Omega Alloy": not the same


def test_a_file_the_supplier_already_sent_becomes_a_duplicate_and_the_orphan_goes(
    supplier_a: Supplier, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        earlier = submission_receive(
            content=ALPHA, filename="alpha.xlsx", supplier=supplier_a, by=None
        ).submission
    bulk = run(django_capture_on_commit_callbacks, [("again.xlsx", ALPHA), ("x.txt", b"x")])

    again = item(bulk, "again.xlsx")
    day = timezone.localdate(earlier.uploaded_at).isoformat()
    assert (again.status, again.submission, again.message) == (
        "duplicate",
        earlier,
        f"Alpha Metals already sent this file (alpha.xlsx, {day}).",
    )
    assert list(Submission.objects.all()) == [earlier]  # the unassigned copy was deleted
    assert default_storage.exists(earlier.file.name)  # the shared stored file was not


def test_a_forced_supplier_takes_every_file(
    supplier_a: Supplier, supplier_b: Supplier, django_capture_on_commit_callbacks
) -> None:
    bulk = run(django_capture_on_commit_callbacks, [("q1.zip", batch())], supplier=supplier_b)
    assert statuses(bulk) == {
        "2025/alpha.xlsx": "done",
        "2025/beta.xlsx": "done",
        "unknown/gamma.xlsx": "done",
        "readme.txt": "skipped",
        "copies/alpha again.xlsx": "duplicate",
    }
    assert set(Submission.objects.values_list("supplier", flat=True)) == {supplier_b.pk}
    assert item(bulk, "unknown/gamma.xlsx").supplier_note == "Chosen when the import was started."


def test_an_unreadable_workbook_fails_with_the_readers_message(
    django_capture_on_commit_callbacks,
) -> None:
    bulk = run(
        django_capture_on_commit_callbacks,
        [("broken.xlsx", b"name,country\nAcme,DE\n"), ("empty.xlsx", b"")],
    )
    broken = item(bulk, "broken.xlsx")
    assert broken.status == "failed"
    assert broken.message == broken.submission.message != ""
    assert item(bulk, "empty.xlsx").message == (
        "The file is empty. Choose the CMRT workbook and upload it again."
    )
    assert BulkImport.objects.get().status == BulkImport.Status.DONE


def test_a_zip_bomb_fails_the_job_with_a_message(django_capture_on_commit_callbacks) -> None:
    bomb = zip_of({"bomb.txt": b"\0" * (30 * 1024 * 1024)})
    bulk = run(django_capture_on_commit_callbacks, [("bomb.zip", bomb)])
    assert (bulk.status, bulk.message) == (
        BulkImport.Status.FAILED,
        "The archive unpacks to far more data than its size suggests (a zip bomb), so it was refused.",
    )
    assert not BulkItem.objects.exists()


def test_nothing_to_import_is_refused_and_too_large_is_refused(settings) -> None:
    with pytest.raises(BulkRejected) as refused:
        bulk_start(files=[], by=None)
    assert str(refused.value) == "Choose a zip file or one or more CMRT workbooks."
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(BulkRejected) as refused:
        bulk_start(files=[("big.zip", zip_of({"a.txt": b"x"}) + b"\0" * 21 * 1024 * 1024)], by=None)
    assert str(refused.value) == "The upload is larger than 20 MB; split it into several imports."
    assert not BulkImport.objects.exists()


def test_the_hook_ignores_unknown_and_unfinished_submissions(supplier_a: Supplier) -> None:
    bulk_submission_done(999_999)
    queued = submission_receive(
        content=ALPHA, filename="a.xlsx", supplier=None, by=None, enqueue=False
    ).submission
    bulk_submission_done(queued.pk)
    assert Submission.objects.get().status == Submission.Status.QUEUED
