"""Claiming a row in one statement (cmrt/services/claim.py), and its fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from cmrt.models import Submission
from cmrt.services.claim import row_claim
from tests.cmrt.submissions.rows import make_submission

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 9, 30, 15, 123456, tzinfo=UTC)
QUEUED = Q(status=Submission.Status.QUEUED)


def changes() -> dict[str, object]:
    return {
        "status": Submission.Status.PROCESSING,
        "progress": 10,
        "claimed_at": NOW,
        "attempts": F("attempts") + 1,
    }


def test_a_claim_updates_the_row_and_returns_it_as_updated() -> None:
    submission = make_submission(None, "x.xlsx", status=Submission.Status.QUEUED, attempts=2)
    claimed = row_claim(Submission, submission.pk, QUEUED, changes())
    assert isinstance(claimed, Submission)
    assert (claimed.pk, claimed.status, claimed.progress, claimed.attempts) == (
        submission.pk,
        "processing",
        10,
        3,
    )
    assert claimed.claimed_at == NOW  # converted like any loaded row (aware, microseconds)
    assert claimed.uploaded_at == submission.uploaded_at
    assert (claimed.original_name, claimed.file.name) == ("x.xlsx", submission.file.name)
    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.status, stored.attempts, stored.claimed_at) == ("processing", 3, NOW)


def test_a_row_that_does_not_meet_the_condition_is_left_alone() -> None:
    submission = make_submission(None, status=Submission.Status.CHECKED, attempts=1)
    assert row_claim(Submission, submission.pk, QUEUED, changes()) is None
    assert row_claim(Submission, submission.pk + 1000, QUEUED, changes()) is None
    stored = Submission.objects.get(pk=submission.pk)
    assert (stored.status, stored.attempts, stored.claimed_at) == ("checked", 1, None)


def test_the_second_of_two_claims_gets_nothing() -> None:
    submission = make_submission(None, status=Submission.Status.QUEUED)
    assert row_claim(Submission, submission.pk, QUEUED, changes()) is not None
    assert row_claim(Submission, submission.pk, QUEUED, changes()) is None
    assert Submission.objects.get(pk=submission.pk).attempts == 1


@pytest.mark.skipif(
    not connection.features.can_return_columns_from_insert, reason="needs UPDATE ... RETURNING"
)
def test_a_claim_is_one_statement() -> None:
    submission = make_submission(None, status=Submission.Status.QUEUED)
    with CaptureQueriesContext(connection) as captured:
        row_claim(Submission, submission.pk, QUEUED, changes(), unflushed=True)
    [statement] = [query["sql"] for query in captured.captured_queries]
    assert statement.startswith('UPDATE "cmrt_submission" SET "status" = ')
    columns = ", ".join(f'"{field.column}"' for field in Submission._meta.concrete_fields)
    assert statement.endswith(f" RETURNING {columns}")
    # In a transaction (the test's) the caller's commit decides: no setting of its own.
    assert "set_config" not in statement


def test_without_returning_the_claim_is_an_update_and_a_select(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    submission = make_submission(None, status=Submission.Status.QUEUED)
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    with CaptureQueriesContext(connection) as captured:
        claimed = row_claim(Submission, submission.pk, QUEUED, changes())
    assert claimed is not None and (claimed.status, claimed.attempts) == ("processing", 1)
    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert [s for s in statements if s in ("UPDATE", "SELECT")] == ["UPDATE", "SELECT"]
    assert row_claim(Submission, submission.pk, QUEUED, changes()) is None


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.live
@pytest.mark.django_db(transaction=True)  # autocommit, as on a worker
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_an_unflushed_claim_sets_the_commit_mode_of_its_own_statement_only() -> None:
    submission = make_submission(None, status=Submission.Status.QUEUED)
    stale = Submission.objects.create(
        file=submission.file.name, sha256="0" * 64, original_name="y.xlsx", size=1
    )
    with CaptureQueriesContext(connection) as captured:
        claimed = row_claim(Submission, submission.pk, QUEUED, changes(), unflushed=True)
    assert claimed is not None and claimed.status == "processing"
    [statement] = [query["sql"] for query in captured.captured_queries]
    assert "set_config('synchronous_commit', 'off', true)" in statement
    assert synchronous_commit() == "on"  # local to the claim's own transaction
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            row_claim(Submission, stale.pk, Q(), {"progress": 5}, unflushed=True)
        assert "set_config" not in captured.captured_queries[0]["sql"]
    assert Submission.objects.get(pk=stale.pk).progress == 5
    assert Submission.objects.filter(claimed_at__gt=NOW - timedelta(seconds=1)).count() == 1
