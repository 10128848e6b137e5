"""Report builds: render a campaign's four documents on a worker, with progress.

A build renders either the campaign's data now (a draft, with the latest version's profile
and texts) or a version from the inputs stored with it, so that an approved or filed
version's documents show exactly what its content hash covers.

The task (``reports.tasks``) passes only the build's id; ``build_run`` claims the row with
a conditional UPDATE (queued, or running with a stale claim), renders outside any
transaction, and replaces the build's files and marks it done in one short transaction:
a second delivery of the same message finds the build done and does nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.model import CampaignInputs, CompanyProfile
from reports.models import ReportBuild, ReportFile, ReportVersion
from reports.selectors import campaign_inputs, latest_profile_and_texts
from reports.services import FILE_NAMES, documents_from_inputs
from reports.versions import inputs_from_json, profile_from_json
from suppliers.models import Campaign

# Rendering the four documents of 5,000 suppliers takes about 15 s (bench/reports.py); a
# claim this old belongs to a worker that died.
STALE_CLAIM = timedelta(minutes=10)
AnyUser = AbstractBaseUser | AnonymousUser

# Progress: reading and aggregating up to 20 %, then 20 % per document.
_READ_DONE = 20
_PER_DOCUMENT = (100 - _READ_DONE) // len(FILE_NAMES)


def build_request(
    campaign: Campaign,
    *,
    by: AnyUser | None,
    version: ReportVersion | None = None,
    stage: str = ReportBuild.Stage.DRAFT,
) -> ReportBuild:
    """A queued build, handed to a worker once the surrounding transaction commits."""
    from reports.tasks import build_report_documents

    build = ReportBuild.objects.create(
        campaign=campaign,
        version=version,
        stage=stage,
        requested_by=by if by is not None and by.is_authenticated else None,
        step=_("waiting for a worker"),
    )
    transaction.on_commit(lambda: build_report_documents.delay(build.pk))
    return build


def build_busy(build_id: int) -> bool:
    return ReportBuild.objects.filter(pk=build_id, status=ReportBuild.Status.RUNNING).exists()


def _claim(build_id: int) -> ReportBuild | None:
    now = timezone.now()
    changes: dict[str, Any] = {
        "status": ReportBuild.Status.RUNNING,
        "progress": 5,
        "step": _("reading the campaign data"),
        "claimed_at": now,
        "attempts": F("attempts") + 1,
    }
    queued = ReportBuild.objects.filter(pk=build_id, status=ReportBuild.Status.QUEUED)
    stale = ReportBuild.objects.filter(
        pk=build_id, status=ReportBuild.Status.RUNNING, claimed_at__lt=now - STALE_CLAIM
    )
    if not (queued.update(**changes) or stale.update(**changes)):
        return None
    return ReportBuild.objects.select_related("campaign", "version").get(pk=build_id)


def _progress(build: ReportBuild, percent: int, step: str) -> None:
    # Only the claim holder writes: a stale worker that wakes up again cannot move it back.
    ReportBuild.objects.filter(pk=build.pk, claimed_at=build.claimed_at).update(
        progress=percent, step=step
    )


def _status_label(build: ReportBuild, version: ReportVersion | None) -> str:
    if build.stage == ReportBuild.Stage.FILED and version is not None and version.filed_on:
        return f"filed {version.filed_on.isoformat()}"
    if build.stage == ReportBuild.Stage.APPROVED:
        return "approved"
    if version is not None and version.state == "in_review":
        return "in review, not approved"
    return "draft, not approved"


def _what_to_render(build: ReportBuild) -> tuple[CampaignInputs, date, CompanyProfile, dict]:
    version = build.version
    if version is not None:
        return (
            inputs_from_json(version.inputs),
            version.as_of,
            profile_from_json(version.profile),
            dict(version.texts),
        )
    today = timezone.localdate()
    profile, texts = latest_profile_and_texts(build.campaign)
    return campaign_inputs(build.campaign, today), today, profile, texts


def build_run(build_id: int) -> ReportBuild | None:
    """Render the build's documents; None when another run holds it or it is finished."""
    build = _claim(build_id)
    if build is None:
        return None
    version = build.version
    inputs, today, profile, texts = _what_to_render(build)
    _progress(build, 10, _("adding up the figures"))

    def progress(name: str, done: int) -> None:
        _progress(build, _READ_DONE + done * _PER_DOCUMENT, name)

    documents = documents_from_inputs(
        inputs,
        today=today,
        profile=profile,
        overrides=texts,
        version_label=version.label if version else "draft",
        status_label=_status_label(build, version),
        progress=progress,
    )
    with transaction.atomic():
        locked = ReportBuild.objects.select_for_update().get(pk=build.pk)
        if locked.claimed_at != build.claimed_at or locked.status != ReportBuild.Status.RUNNING:
            return None  # taken over while this run was rendering: the other run finishes
        for old in locked.files.all():
            old.file.delete(save=False)
        locked.files.all().delete()
        for name, data in documents.files.items():
            stored = ReportFile(
                build=locked,
                version=version,
                stage=locked.stage,
                name=name,
                sha256=hashlib.sha256(data).hexdigest(),
            )
            stored.file.save(name, ContentFile(data), save=False)
            stored.save()
        locked.status = ReportBuild.Status.DONE
        locked.progress = 100
        locked.step = ""
        locked.message = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "progress", "step", "message", "finished_at"])
    return locked


def build_fail(build_id: int, message: str) -> None:
    ReportBuild.objects.filter(pk=build_id).exclude(status=ReportBuild.Status.DONE).update(
        status=ReportBuild.Status.FAILED, message=message, step="", finished_at=timezone.now()
    )


def build_rerun(build: ReportBuild, *, by: AnyUser) -> ReportBuild:
    """Queue a failed build again (its files, if any, are replaced)."""
    with transaction.atomic():
        updated = ReportBuild.objects.filter(pk=build.pk, status=ReportBuild.Status.FAILED).update(
            status=ReportBuild.Status.QUEUED, progress=0, message="", finished_at=None
        )
        if updated:
            from reports.tasks import build_report_documents

            transaction.on_commit(lambda: build_report_documents.delay(build.pk))
    build.refresh_from_db()
    return build
