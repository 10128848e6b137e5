"""A bulk zip goes through Redis to a real worker, which unpacks it, reads every file and
assigns the suppliers in PostgreSQL."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from cmrt.models import BulkImport, BulkItem, Submission
from cmrt.services.bulk import bulk_start
from config.celery import app
from suppliers.models import Supplier
from tests.cmrt.bulk.helpers import cmrt_for, zip_of

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def wait_for_job(bulk: BulkImport, timeout: float = 120) -> BulkImport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        bulk.refresh_from_db()
        if bulk.status in (BulkImport.Status.DONE, BulkImport.Status.FAILED):
            return bulk
        time.sleep(0.3)
    pytest.fail(f"bulk import {bulk.pk} is still {bulk.status} after {timeout} s")


def test_a_bulk_zip_is_imported_by_the_worker(
    celery_worker_process, supplier_a: Supplier, supplier_b: Supplier
) -> None:
    assert connection.vendor == "postgresql"
    registered = app.control.inspect(timeout=5).registered() or {}
    if not any("cmrt.bulk_expand" in tasks for tasks in registered.values()):
        pytest.fail(
            "The worker does not know cmrt.bulk_expand: cmrt/tasks/__init__.py must import "
            "cmrt.tasks.bulk",
            pytrace=False,
        )
    archive = zip_of(
        {
            "q1/alpha.xlsx": cmrt_for("Alpha Metals GmbH"),
            "q1/beta.xlsx": cmrt_for("Beta Circuits Co., Ltd."),
            "q1/unknown.xlsx": cmrt_for("Live Test Unknown Company"),
            "q1/readme.txt": b"hello",
        }
    )

    bulk = wait_for_job(bulk_start(files=[("live.zip", archive)], by=None))

    assert (bulk.status, bulk.total) == (BulkImport.Status.DONE, 4)
    assert dict(BulkItem.objects.filter(bulk=bulk).values_list("path", "status")) == {
        "q1/alpha.xlsx": "done",
        "q1/beta.xlsx": "done",
        "q1/unknown.xlsx": "needs_supplier",
        "q1/readme.txt": "skipped",
    }
    suppliers = dict(
        Submission.objects.filter(bulk_items__bulk=bulk).values_list("original_name", "supplier")
    )
    assert suppliers == {
        "alpha.xlsx": supplier_a.pk,
        "beta.xlsx": supplier_b.pk,
        "unknown.xlsx": None,
    }
    assert set(Submission.objects.values_list("status", flat=True)) == {"checked"}
