"""How many statements one ingestion costs (cmrt/services/ingestion.py), pinned.

A bulk import runs thousands of files through the same workers: every statement per file
counts, and one that grows with the file's rows (an N+1) would dominate. The counts are
taken on the test database (SQLite: ``bulk_create`` there, one INSERT per table for these
sizes; PostgreSQL sends one COPY per table instead). Caches are warm (a worker's second
file and later); the first file of a process also loads the reference list and the
supplier directory.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cmrt.models import BulkItem, SmelterRecord, Submission
from cmrt.services.bulk import bulk_expand, bulk_start
from cmrt.services.ingestion import submission_ingest, submission_receive
from suppliers.models import Supplier
from tests.cmrt.build6x import COMPANY, LOOKUP, cmrt_6x
from tests.cmrt.ingestion.test_service import reference_list

pytestmark = pytest.mark.django_db

# Claim (one UPDATE ... RETURNING); the versions of the reference data and of the supplier directory
# (one query); the file's bulk items; then the transaction (SAVEPOINT here, BEGIN on a real
# run): finishing UPDATE, declaration, smelters, findings, the supplier's assignment in a
# savepoint (SAVEPOINT, UPDATE submission, UPDATE items, RELEASE), RELEASE (COMMIT); then
# closing the job if this was its last file. (Before the work on issue 4: 25.)
BULK_FILE = 14
# Claim, versions, "no bulk item", transaction (SAVEPOINT, UPDATE, 3 INSERTs, RELEASE).
# (Before: 16.)
PLAIN_FILE = 9
# PostgreSQL adds the SET LOCAL that lets the derived rows' commit skip the disk flush.
if connection.vendor == "postgresql":
    BULK_FILE, PLAIN_FILE = BULK_FILE + 1, PLAIN_FILE + 1


def cmrt(company: str, smelters: int) -> bytes:
    """A CMRT 6.5 declaring ``company`` with ``smelters`` rows picked from the look-up."""
    rows = tuple({"B": LOOKUP[n % 5][0], "C": LOOKUP[n % 5][1]} for n in range(smelters))
    return cmrt_6x(
        company={**COMPANY, "name": company, "contact_email": f"x{smelters}@example.com"},
        smelters=rows,
    )


def bulk_submissions(*contents: bytes) -> list[Submission]:
    bulk = bulk_start(
        files=[(f"f{n}.xlsx", content) for n, content in enumerate(contents)],
        by=None,
        enqueue=False,
    )
    bulk_expand(bulk.pk, enqueue=False)
    return [item.submission for item in BulkItem.objects.filter(bulk=bulk).order_by("path")]


def ingested(submission: Submission) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        done = submission_ingest(submission.pk)
    assert done is not None and done.status == Submission.Status.CHECKED
    return [query["sql"] for query in captured.captured_queries]


def test_a_bulk_file_costs_the_same_statements_whatever_its_size(supplier_a: Supplier) -> None:
    reference_list()
    warm, small, large = bulk_submissions(
        cmrt("Alpha Metals GmbH", 2), cmrt("Alpha Metals", 4), cmrt("ALPHA METALS INC.", 60)
    )
    ingested(warm)  # loads the reference index and the supplier directory once
    small_queries, large_queries = ingested(small), ingested(large)
    assert len(small_queries) == BULK_FILE, "\n".join(small_queries)
    assert len(large_queries) == BULK_FILE, "\n".join(large_queries)
    assert SmelterRecord.objects.filter(submission=large).count() == 60
    assert set(BulkItem.objects.values_list("status", "submission__supplier__name").distinct()) == {
        ("done", "Alpha Metals")
    }


def test_a_file_outside_bulk_imports(supplier_a: Supplier) -> None:
    reference_list()
    warm, plain = (
        submission_receive(
            content=cmrt("Alpha Metals", count), filename="a.xlsx", supplier=supplier_a, by=None
        ).submission
        for count in (2, 30)
    )
    ingested(warm)
    queries = ingested(plain)
    assert len(queries) == PLAIN_FILE, "\n".join(queries)
    assert not any('"suppliers_supplier"."name"' in sql for sql in queries)  # no directory


def test_the_caches_are_loaded_once_per_process_not_per_file() -> None:
    reference_list()
    Supplier.objects.create(name="Alpha Metals", country="DE")
    files = bulk_submissions(*(cmrt(f"Company {n}", 3) for n in range(3)))
    ingested(files[0])
    for submission in files[1:]:
        queries = ingested(submission)
        assert not any('FROM "cmrt_smelteralias"' in sql and "COUNT" not in sql for sql in queries)
        assert not any('FROM "suppliers_supplier"' in sql and "COUNT" not in sql for sql in queries)
