"""Many rows in one statement (cmrt/services/rows_copy.py): COPY on PostgreSQL, bulk_create
elsewhere, with the same rows either way."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cmrt.models import FindingRecord, SmelterRecord, Submission
from cmrt.services.ingestion_rows import FINDING_FIELDS, SMELTER_FIELDS
from cmrt.services.rows_copy import commit_without_waiting, rows_insert
from tests.cmrt.submissions.rows import make_reference, make_submission

pytestmark = pytest.mark.django_db

# Text that COPY's text format must escape (tab, newline, backslash) or that could be
# mistaken for its NULL marker, and JSON with quotes and non-ASCII.
AWKWARD = ("tab\there", "line\nbreak\r\n", "back\\slash \\N", "\\N", "Zürich «Ø» 金")


def smelter_rows(submission: Submission, reference_id: int) -> list[tuple[object, ...]]:
    return [
        (
            submission.pk,
            5 + number,
            "Gold",
            text,
            f"{text} name",
            "",
            f"CID{number:06d}",
            "cid",
            reference_id if number % 2 else None,
            "cid",
            "matched" if number % 2 else "unmatched",
            99.5 if number % 2 else None,
            text,
            [{"cid": "CID000077", "name": text, "score": 91.7, "quote": '"x"'}] if number else [],
        )
        for number, text in enumerate(AWKWARD)
    ]


def stored(submission: Submission) -> list[tuple[object, ...]]:
    return list(
        SmelterRecord.objects.filter(submission=submission)
        .order_by("row")
        .values_list(*SMELTER_FIELDS)
    )


def test_rows_go_in_as_given() -> None:
    submission = make_submission(None)
    reference = make_reference("CID000077", "Gold", "Argor-Heraeus S.A.")
    rows = smelter_rows(submission, reference.pk)
    assert rows_insert(SmelterRecord, SMELTER_FIELDS, rows) == len(rows)
    assert stored(submission) == rows


def test_nothing_to_insert_sends_nothing() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert rows_insert(FindingRecord, FINDING_FIELDS, []) == 0
    assert not captured.captured_queries


def test_one_statement_per_table() -> None:
    submission = make_submission(None)
    rows = [
        (submission.pk, n, "code", "info", "Sheet", "A1", None, "", "message") for n in range(50)
    ]
    with CaptureQueriesContext(connection) as captured:
        rows_insert(FindingRecord, FINDING_FIELDS, rows)
    assert len(captured.captured_queries) == 1
    assert FindingRecord.objects.filter(submission=submission).count() == 50


@pytest.mark.live
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_stores_exactly_what_the_orm_stores() -> None:
    """The same rows through COPY and through bulk_create read back identical."""
    reference = make_reference("CID000077", "Gold", "Argor-Heraeus S.A.")
    copied, created = make_submission(None), make_submission(None)
    rows_insert(SmelterRecord, SMELTER_FIELDS, smelter_rows(copied, reference.pk))
    SmelterRecord.objects.bulk_create(
        SmelterRecord(**dict(zip(SMELTER_FIELDS, row, strict=True)))
        for row in smelter_rows(created, reference.pk)
    )
    third = smelter_rows(make_submission(None), reference.pk)
    with CaptureQueriesContext(connection) as captured:
        rows_insert(SmelterRecord, SMELTER_FIELDS, third)
    assert captured.captured_queries[0]["sql"].startswith('COPY "cmrt_smelterrecord"')

    def without_submission(submission: Submission) -> list[tuple[object, ...]]:
        return [row[1:] for row in stored(submission)]

    assert without_submission(copied) == without_submission(created)


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.live
@pytest.mark.django_db(transaction=True)  # real commits: SET LOCAL ends with each one
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_derived_rows_commit_without_waiting_for_the_disk_and_nothing_else_does() -> None:
    before = synchronous_commit()
    with transaction.atomic():
        commit_without_waiting()
        assert synchronous_commit() == "off"
    assert synchronous_commit() == before  # SET LOCAL: only those transactions


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback")
def test_elsewhere_an_unflushed_commit_adds_nothing() -> None:
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        commit_without_waiting()
    assert captured.captured_queries == []
