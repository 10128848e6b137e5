"""Faults under a 200-file bulk import and concurrent uploads: a worker killed with
SIGKILL, Redis restarted (every queued message lost), the database unreachable for a
moment, the same file uploaded twice at the same moment. Each time every file ends in
exactly one final state, with one submission per file and its original stored."""

from __future__ import annotations

import hashlib
import threading
from functools import cache

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from cmrt.models import BulkImport, BulkItem, SmelterRecord, Submission
from cmrt.services.bulk import bulk_start
from cmrt.services.ingestion import submission_receive
from suppliers.models import Supplier
from tests.cmrt.build6x import COMPANY, cmrt_6x
from tests.cmrt.bulk.helpers import zip_of
from tests.faults.conftest import PgProxy, RedisServer, Workers, database_url, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

FILES, SUPPLIERS = 200, 20
FINAL = {
    BulkItem.Status.DONE,
    BulkItem.Status.NEEDS_SUPPLIER,
    BulkItem.Status.DUPLICATE,
    BulkItem.Status.SKIPPED,
    BulkItem.Status.FAILED,
}


def supplier_name(index: int) -> str:
    return f"Fault Test Supplier {index:02d}"


@cache
def archive() -> bytes:
    """200 distinct CMRTs, ten per supplier (each with its own contact, so no two files
    are the same bytes), in one zip."""
    members = {}
    for number in range(FILES):
        company = {
            **COMPANY,
            "name": supplier_name(number % SUPPLIERS),
            "contact_name": f"Contact {number:03d}",
        }
        members[f"batch/file-{number:03d}.xlsx"] = cmrt_6x(company=company)
    return zip_of(members)


@pytest.fixture
def suppliers(db) -> list[Supplier]:
    return [Supplier.objects.create(name=supplier_name(i)) for i in range(SUPPLIERS)]


def settled(bulk: BulkImport) -> int:
    return BulkItem.objects.filter(bulk=bulk, status__in=FINAL).count()


def assert_every_file_once(bulk: BulkImport) -> None:
    bulk.refresh_from_db()
    assert bulk.status == BulkImport.Status.DONE
    items = BulkItem.objects.filter(bulk=bulk)
    assert items.count() == FILES
    assert set(items.values_list("status", flat=True)) == {BulkItem.Status.DONE}
    submissions = Submission.objects.filter(bulk_items__bulk=bulk)
    # One submission per file: none lost, none made twice.
    assert submissions.count() == FILES
    assert submissions.values("sha256").distinct().count() == FILES
    assert set(submissions.values_list("status", flat=True)) == {Submission.Status.CHECKED}
    for submission in submissions:
        with default_storage.open(submission.file.name, "rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == submission.sha256
    # One set of derived rows per file (4 smelters each), whatever ran twice.
    assert SmelterRecord.objects.filter(submission__in=submissions).count() == 4 * FILES


def test_a_worker_killed_mid_import_leaves_the_rest_to_the_next(
    workers: Workers, suppliers: list[Supplier]
) -> None:
    assert connection.vendor == "postgresql"
    first = workers.start("kill-first")
    bulk = bulk_start(files=[("faults.zip", archive())], by=None)
    assert wait_for(lambda: settled(bulk) >= 30, timeout=180), "the first worker made no progress"
    workers.kill(first)
    assert settled(bulk) < FILES
    workers.start("kill-second")
    assert wait_for(lambda: settled(bulk) == FILES, timeout=300), f"{settled(bulk)} settled"
    assert wait_for(
        lambda: BulkImport.objects.get(pk=bulk.pk).status == BulkImport.Status.DONE, timeout=60
    )
    assert_every_file_once(bulk)


def test_redis_restarted_mid_import_loses_no_file(
    workers: Workers, redis_server: RedisServer, suppliers: list[Supplier]
) -> None:
    # The worker runs beat too: the resume task re-sends what the restart lost.
    workers.start("redis", beat=True, CMRT_RESUME_SECONDS="2", CMRT_RESUME_AFTER_SECONDS="5")
    bulk = bulk_start(files=[("faults.zip", archive())], by=None)
    assert wait_for(lambda: settled(bulk) >= 20, timeout=180)
    redis_server.restart()  # every queued ingestion message is gone
    assert settled(bulk) < FILES
    assert wait_for(lambda: settled(bulk) == FILES, timeout=300), f"{settled(bulk)} settled"
    assert wait_for(
        lambda: BulkImport.objects.get(pk=bulk.pk).status == BulkImport.Status.DONE, timeout=60
    )
    assert_every_file_once(bulk)


def test_the_database_away_for_a_moment_delays_but_loses_nothing(
    workers: Workers, pg_proxy: PgProxy, suppliers: list[Supplier]
) -> None:
    workers.start("db-blip", DATABASE_URL=database_url(pg_proxy.port))
    bulk = bulk_start(files=[("faults.zip", archive())], by=None)
    assert wait_for(lambda: settled(bulk) >= 20, timeout=180)
    pg_proxy.cut(4)  # every worker connection dropped, new ones refused for 4 s
    assert settled(bulk) < FILES
    assert wait_for(lambda: settled(bulk) == FILES, timeout=300), f"{settled(bulk)} settled"
    assert wait_for(
        lambda: BulkImport.objects.get(pk=bulk.pk).status == BulkImport.Status.DONE, timeout=60
    )
    assert_every_file_once(bulk)


def test_the_same_file_uploaded_twice_at_once_is_one_submission(
    suppliers: list[Supplier],
) -> None:
    content = cmrt_6x(company={**COMPANY, "name": supplier_name(0), "contact_name": "Twice"})
    barrier = threading.Barrier(2)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def upload() -> None:
        try:
            barrier.wait(timeout=10)
            received = submission_receive(
                content=content,
                filename="same.xlsx",
                supplier=suppliers[0],
                by=None,
                enqueue=False,
            )
            results.append((received.submission.pk, received.duplicate))
        except BaseException as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Submission.objects.filter(supplier=suppliers[0]).count() == 1
    assert len({pk for pk, _duplicate in results}) == 1
    assert sorted(duplicate for _pk, duplicate in results) == [False, True]
