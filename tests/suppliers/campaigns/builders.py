"""Campaign rows for tests, built with the ORM (and the services where they matter)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cmrt.models import DeclarationRecord, SmelterRecord, Submission
from suppliers.models import Campaign, CampaignRequest, Supplier
from tests.cmrt.submissions.rows import make_submission


def make_campaign(name: str = "CM 2025", **fields: Any) -> Campaign:
    fields.setdefault("reporting_year", 2025)
    fields.setdefault("period_start", date(2025, 1, 1))
    fields.setdefault("period_end", date(2025, 12, 31))
    fields.setdefault("due_date", date(2026, 3, 31))
    return Campaign.objects.create(name=name, **fields)


def make_request(campaign: Campaign, supplier: Supplier, **fields: Any) -> CampaignRequest:
    return CampaignRequest.objects.create(campaign=campaign, supplier=supplier, **fields)


def answers(q1: dict[str, str], **others: dict[str, str]) -> dict[str, Any]:
    """{"Q1": {"Tin": "Yes"}, "Q3": {...}} in the stored shape."""
    questions = {"Q1": q1, **others}
    return {
        key: {metal: {"value": value, "comment": ""} for metal, value in by_metal.items()}
        for key, by_metal in questions.items()
    }


def make_file(
    request: CampaignRequest,
    *,
    status: str = Submission.Status.CHECKED,
    errors: int = 0,
    warnings: int = 0,
    declared: dict[str, Any] | None = None,
    smelters: tuple[tuple[str, str, Any], ...] = (),
    version: str = "6.5",
    message: str = "",
    by: Any = None,
) -> Submission:
    """A finished submission of ``request``; ``smelters`` = (metal, name, reference)."""
    submission = make_submission(
        request.supplier,
        f"{request.supplier.name}.xlsx",
        status=status,
        error_count=errors,
        warning_count=warnings,
        template_version=version if status == Submission.Status.CHECKED else "",
        request=request,
        message=message,
        uploaded_by=by,
    )
    if status == Submission.Status.CHECKED:
        DeclarationRecord.objects.create(submission=submission, answers=declared or {})
    for row, (metal, name, reference) in enumerate(smelters, start=5):
        SmelterRecord.objects.create(
            submission=submission,
            row=row,
            metal=metal,
            name=name,
            reference=reference,
            match_status=(
                SmelterRecord.MatchStatus.MATCHED
                if reference
                else SmelterRecord.MatchStatus.UNMATCHED
            ),
        )
    return submission
