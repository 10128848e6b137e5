"""Re-sending work whose task message was lost (cmrt/services/resume.py): only stalled
work, never a backlog that is moving, and every kind of row the workers own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cmrt.models import BulkImport, BulkItem, Submission
from cmrt.services import resume
from cmrt.services.bulk import bulk_expand, bulk_start
from cmrt.services.ingestion import submission_receive
from reports.models import ReportBuild
from suppliers.models import Campaign, Supplier
from tests.cmrt.build6x import COMPANY, cmrt_6x

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(hours=1)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[object, ...]]]:
    """The messages resume_stalled sends, instead of running them."""
    messages: list[tuple[str, tuple[object, ...]]] = []
    from cmrt import tasks
    from reports import tasks as report_tasks

    for task in (tasks.ingest_submission, tasks.bulk_expand, report_tasks.build_report_documents):
        monkeypatch.setattr(task, "delay", lambda *args, _n=task.name: messages.append((_n, args)))
    return messages


def waiting(supplier: Supplier, contact: str) -> Submission:
    content = cmrt_6x(company={**COMPANY, "contact_name": contact})
    submission = submission_receive(
        content=content, filename=f"{contact}.xlsx", supplier=supplier, by=None, enqueue=False
    ).submission
    Submission.objects.filter(pk=submission.pk).update(uploaded_at=LONG_AGO)
    return submission


def test_files_waiting_while_nothing_moves_are_sent_again(
    supplier_a: Supplier, sent: list[tuple[str, tuple[object, ...]]]
) -> None:
    first, second = waiting(supplier_a, "One"), waiting(supplier_a, "Two")
    assert resume.resume_stalled() == resume.Resumed(submissions=2)
    assert sent == [
        ("cmrt.ingest_submission", (first.pk,)),
        ("cmrt.ingest_submission", (second.pk,)),
    ]


def test_a_moving_backlog_is_left_alone(
    supplier_a: Supplier, sent: list[tuple[str, tuple[object, ...]]]
) -> None:
    waiting(supplier_a, "One")
    busy = waiting(supplier_a, "Two")
    Submission.objects.filter(pk=busy.pk).update(
        status=Submission.Status.PROCESSING, claimed_at=timezone.now()
    )
    assert resume.resume_stalled() == resume.Resumed()
    assert sent == []


def test_recent_files_and_finished_ones_are_not_sent(
    supplier_a: Supplier, sent: list[tuple[str, tuple[object, ...]]]
) -> None:
    submission_receive(content=cmrt_6x(), filename="new.xlsx", supplier=supplier_a, by=None,
                       enqueue=False)  # fmt: skip
    done = waiting(supplier_a, "Done")
    Submission.objects.filter(pk=done.pk).update(status=Submission.Status.CHECKED)
    assert resume.resume_stalled() == resume.Resumed()


def test_a_claim_left_by_a_dead_worker_is_sent_again(
    supplier_a: Supplier, sent: list[tuple[str, tuple[object, ...]]], settings
) -> None:
    orphan = waiting(supplier_a, "Orphan")
    Submission.objects.filter(pk=orphan.pk).update(
        status=Submission.Status.PROCESSING, claimed_at=LONG_AGO
    )
    assert resume.resume_stalled().submissions == 1
    assert sent == [("cmrt.ingest_submission", (orphan.pk,))]


def test_report_builds_are_resumed_too(sent: list[tuple[str, tuple[object, ...]]]) -> None:
    campaign = Campaign.objects.create(
        name="Resume",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=date(2026, 2, 1),
    )
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    ReportBuild.objects.filter(pk=build.pk).update(created_at=LONG_AGO)
    assert resume.resume_stalled() == resume.Resumed(report_builds=1)
    assert sent == [("reports.build_documents", (build.pk,))]


def test_a_bulk_import_whose_unpacking_message_was_lost_is_resumed_with_its_supplier(
    supplier_a: Supplier, sent: list[tuple[str, tuple[object, ...]]]
) -> None:
    """The job keeps the supplier chosen for every file, so the re-sent message (a job id
    alone) unpacks the archive exactly as the lost one would have."""
    files = [("a.xlsx", cmrt_6x()), ("b.xlsx", cmrt_6x(company={**COMPANY, "contact_name": "B"}))]
    queued = bulk_start(files=files, by=None, supplier=supplier_a, enqueue=False)
    unpacking = bulk_start(files=files[:1], by=None, enqueue=False)
    BulkImport.objects.filter(pk=queued.pk).update(created_at=LONG_AGO)
    BulkImport.objects.filter(pk=unpacking.pk).update(
        status=BulkImport.Status.EXPANDING, claimed_at=LONG_AGO, created_at=LONG_AGO
    )
    assert resume.resume_stalled() == resume.Resumed(bulk_imports=2)
    assert sent == [("cmrt.bulk_expand", (queued.pk,)), ("cmrt.bulk_expand", (unpacking.pk,))]
    bulk_expand(queued.pk, enqueue=False)  # what the re-sent message runs
    suppliers = BulkItem.objects.filter(bulk=queued).values_list(
        "submission__supplier_id", flat=True
    )
    assert list(suppliers) == [supplier_a.pk, supplier_a.pk]


def test_a_bulk_import_that_is_unpacking_is_left_alone(
    supplier_a: Supplier, sent: list[tuple[str, tuple[object, ...]]]
) -> None:
    job = bulk_start(files=[("a.xlsx", cmrt_6x())], by=None, enqueue=False)
    BulkImport.objects.filter(pk=job.pk).update(
        status=BulkImport.Status.EXPANDING, claimed_at=timezone.now(), created_at=LONG_AGO
    )
    assert resume.resume_stalled() == resume.Resumed()
    assert sent == []


def test_the_beat_schedule_runs_it(settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["resume-stalled"]
    assert entry == {"task": "cmrt.resume_stalled", "schedule": 60.0}
