"""Report builds: queued on commit, claimed once, rendered from the right inputs, safe to
run twice, failures kept with their message, failed builds rerun."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.contrib.auth.models import AbstractUser
from django.db import OperationalError
from django.utils import timezone

from reports.models import ReportBuild, ReportVersion
from reports.services_builds import STALE_CLAIM, build_fail, build_request, build_rerun, build_run
from reports.services_versions import version_decide, version_submit
from reports.tasks import build_report_documents
from suppliers.models import Campaign
from tests.workers import last_retry

pytestmark = pytest.mark.django_db
NAMES = ["rcoi_summary.xlsx", "cmr_draft.docx", "cmr_draft.pdf", "company_cmrt.xlsx"]


def test_a_build_is_queued_and_runs_once_the_request_commits(
    django_capture_on_commit_callbacks, campaign: Campaign, compliance_user: AbstractUser
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        build = build_request(campaign, by=compliance_user)
    assert (build.status, build.progress, build.stage) == ("queued", 0, "draft")
    assert len(callbacks) == 1
    callbacks[0]()  # the worker (eager Celery)
    build.refresh_from_db()
    assert (build.status, build.progress, build.step, build.attempts) == ("done", 100, "", 1)
    assert sorted(build.files.values_list("name", flat=True)) == sorted(NAMES)
    assert build.files.filter(version=None, stage="draft").count() == 4
    assert build.finished_at is not None


def test_a_second_delivery_changes_nothing(
    campaign: Campaign, compliance_user: AbstractUser
) -> None:
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    assert build_run(build.pk) is not None
    files = list(build.files.values_list("pk", "sha256"))
    assert build_run(build.pk) is None
    build_report_documents.delay(build.pk)
    assert list(build.files.values_list("pk", "sha256")) == files
    build.refresh_from_db()
    assert build.attempts == 1


def test_a_running_build_is_left_alone_until_its_claim_is_stale(campaign: Campaign) -> None:
    build = ReportBuild.objects.create(
        campaign=campaign, stage="draft", status="running", claimed_at=timezone.now()
    )
    assert build_run(build.pk) is None
    ReportBuild.objects.filter(pk=build.pk).update(
        claimed_at=timezone.now() - STALE_CLAIM - timedelta(seconds=1)
    )
    assert build_run(build.pk) is not None  # the worker that held it died: taken over
    build.refresh_from_db()
    assert (build.status, build.attempts) == ("done", 1)


def test_a_version_build_renders_the_stored_inputs_not_todays_rows(
    monkeypatch: pytest.MonkeyPatch, draft: ReportVersion
) -> None:
    def today_rows(*args: object) -> None:
        raise AssertionError("a version's documents must not read the campaign's rows")

    monkeypatch.setattr("reports.services_builds.campaign_inputs", today_rows)
    build = ReportBuild.objects.create(campaign=draft.campaign, version=draft, stage="draft")
    done = build_run(build.pk)
    assert done is not None
    assert done.files.filter(version=draft).count() == 4


def test_approval_builds_the_approved_documents_from_the_version(
    django_capture_on_commit_callbacks,
    draft: ReportVersion,
    compliance_user: AbstractUser,
    committee_user: AbstractUser,
) -> None:
    version = version_submit(draft, compliance_user)
    with django_capture_on_commit_callbacks(execute=True):
        version = version_decide(version, member=committee_user, decision="approve")
    build = version.builds.get()
    assert (build.stage, build.status, build.requested_by) == ("approved", "done", committee_user)
    assert sorted(version.files.values_list("name", flat=True)) == sorted(NAMES)


def test_a_renderer_error_fails_the_build_with_a_message(
    monkeypatch: pytest.MonkeyPatch, campaign: Campaign
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise ValueError("bad")

    monkeypatch.setattr("reports.services.cmr_pdf", broken)
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    with pytest.raises(ValueError):
        build_report_documents.delay(build.pk)
    build.refresh_from_db()
    assert build.status == "failed"
    assert build.message == (
        "The documents could not be built (ValueError). Tell your administrator."
    )
    assert not build.files.exists()


def test_a_database_fault_is_retried_with_backoff(
    monkeypatch: pytest.MonkeyPatch, campaign: Campaign
) -> None:
    def unreachable(build_id: int) -> None:
        raise OperationalError("server closed the connection")

    retried: list[dict[str, object]] = []
    monkeypatch.setattr("reports.services_builds.build_run", unreachable)
    monkeypatch.setattr(build_report_documents, "retry", lambda **kw: retried.append(kw) or Retry())
    monkeypatch.setattr("config.tasks.random.uniform", lambda a, b: 1.0)
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    with pytest.raises(Retry):
        build_report_documents(build.pk)
    assert retried[0]["countdown"] == 2
    build.refresh_from_db()
    assert build.status == "queued"  # not failed: the next try may reach the database


def test_after_the_last_retry_the_build_fails_with_a_message(
    monkeypatch: pytest.MonkeyPatch, campaign: Campaign
) -> None:
    def unreachable(build_id: int) -> None:
        raise OperationalError("server closed the connection")

    monkeypatch.setattr("reports.services_builds.build_run", unreachable)
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    with last_retry(build_report_documents), pytest.raises(OperationalError):
        build_report_documents.run(build.pk)
    build.refresh_from_db()
    assert (build.status, build.message) == (
        "failed",
        "The documents could not be built because of a technical fault (OperationalError). "
        "Build them again.",
    )


def test_a_failed_build_can_be_rerun(
    django_capture_on_commit_callbacks, campaign: Campaign, compliance_user: AbstractUser
) -> None:
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    build_fail(build.pk, "Broken.")
    build.refresh_from_db()
    assert (build.status, build.message) == ("failed", "Broken.")
    with django_capture_on_commit_callbacks(execute=True):
        build = build_rerun(build, by=compliance_user)
    build.refresh_from_db()
    assert (build.status, build.message, build.files.count()) == ("done", "", 4)


def test_a_finished_build_is_not_failed_afterwards(campaign: Campaign) -> None:
    build = ReportBuild.objects.create(campaign=campaign, stage="draft")
    build_run(build.pk)
    build_fail(build.pk, "late")
    build.refresh_from_db()
    assert (build.status, build.message) == ("done", "")
