"""Read side of submissions: the one permission filter, the list query and what the
submission page and its polling endpoint show.

Every submission view starts from ``submissions_visible_to(user)``: staff roles with
``cmrt.view_submission`` see every submission, a supplier user sees only their own
organisation's, anyone else sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cmrt.declaration import METAL_ROWS
from cmrt.layouts import layout_for
from cmrt.models import (
    DeclarationRecord,
    FindingRecord,
    ProductRecord,
    RmapSnapshot,
    RmapStatus,
    SmelterRecord,
    Submission,
)
from cmrt.reading.smelters import normalise_cid
from suppliers.selectors import AnyUser, supplier_id_of

METALS: tuple[str, ...] = tuple(metal.value for metal in METAL_ROWS)

# Scope values as DeclarationRecord.scope stores them (cmrt.declaration.Scope), in words.
SCOPE_LABELS: dict[str, Promise] = {
    "A": _("Company"),
    "B": _("Product (or list of products)"),
    "C": _("User defined"),
    "division": _("Division"),
    "product_category": _("Product category"),
}

# Company-block fields shown on the page, in the order of the Declaration sheet.
COMPANY_FIELDS: tuple[tuple[str, Promise], ...] = (
    ("name", _("Company name")),
    ("unique_id", _("Unique company ID")),
    ("unique_id_authority", _("Unique ID authority")),
    ("address", _("Address")),
    ("contact_name", _("Contact name")),
    ("contact_email", _("Contact e-mail")),
    ("contact_phone", _("Contact phone")),
    ("authorizer", _("Authorizer")),
    ("authorizer_title", _("Authorizer title")),
    ("authorizer_email", _("Authorizer e-mail")),
    ("authorizer_phone", _("Authorizer phone")),
)


def submissions_visible_to(user: AnyUser) -> QuerySet[Submission]:
    if not user.is_authenticated or not user.is_active:
        return Submission.objects.none()
    own_supplier = supplier_id_of(user)
    if own_supplier is not None:
        return Submission.objects.filter(supplier_id=own_supplier)
    if user.has_perm("cmrt.view_submission"):
        return Submission.objects.all()
    return Submission.objects.none()


@dataclass(frozen=True)
class SubmissionFilter:
    """What the submissions list was asked for (all optional)."""

    supplier_id: int | None = None
    status: str = ""
    template_version: str = ""
    has_errors: bool | None = None


def submission_list(user: AnyUser, filters: SubmissionFilter) -> QuerySet[Submission]:
    """Submissions the user may see, filtered, newest first."""
    submissions = submissions_visible_to(user)
    if filters.supplier_id is not None:
        submissions = submissions.filter(supplier_id=filters.supplier_id)
    if filters.status:
        submissions = submissions.filter(status=filters.status)
    if filters.template_version:
        submissions = submissions.filter(template_version=filters.template_version)
    if filters.has_errors is True:
        submissions = submissions.filter(error_count__gt=0)
    elif filters.has_errors is False:
        submissions = submissions.filter(error_count=0)
    return submissions.select_related("supplier", "uploaded_by").order_by("-uploaded_at", "-id")


def submission_versions(user: AnyUser) -> list[str]:
    """Template versions that occur among the user's submissions, for the list filter."""
    return list(
        submissions_visible_to(user)
        .exclude(template_version="")
        .order_by("template_version")
        .values_list("template_version", flat=True)
        .distinct()
    )


# --- The submission page ---------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: Promise | str
    value: str


@dataclass(frozen=True)
class AnswerCell:
    metal: str
    value: str
    comment: str


@dataclass(frozen=True)
class AnswerRow:
    key: str
    text: str
    cells: tuple[AnswerCell, ...]  # one per metal, in METALS order


@dataclass(frozen=True)
class CompanyAnswer:
    key: str
    text: str
    answer: str
    raw: str
    comment: str


@dataclass(frozen=True)
class SmelterLine:
    record: SmelterRecord
    rmap: RmapStatus | None  # None: not matched to a listed smelter, or no status for it


@dataclass(frozen=True)
class FindingGroup:
    sheet: str  # "" for findings about the file as a whole
    findings: tuple[FindingRecord, ...]

    @property
    def error_count(self) -> int:
        return sum(f.severity == FindingRecord.Severity.ERROR for f in self.findings)


@dataclass(frozen=True)
class SubmissionPage:
    submission: Submission
    declaration: DeclarationRecord | None
    scope_label: str
    company_facts: tuple[Fact, ...]
    metals: tuple[str, ...]
    answer_rows: tuple[AnswerRow, ...]
    company_answers: tuple[CompanyAnswer, ...]
    smelters: tuple[SmelterLine, ...]
    rmap_snapshot: RmapSnapshot | None
    finding_groups: tuple[FindingGroup, ...]
    products: tuple[ProductRecord, ...]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _question_order(keys: Any, labelled: dict[str, str]) -> list[str]:
    """The layout's order first; keys the layout does not know (an older or newer release)
    follow, shortest first so that Q2 sorts before Q10."""
    known = [key for key in labelled if key in keys]
    extra = sorted((key for key in keys if key not in labelled), key=lambda k: (len(k), k))
    return known + extra


def _answer_rows(version: str, answers: dict[str, Any]) -> tuple[AnswerRow, ...]:
    layout = layout_for(version) if version else None
    labelled = {q.key: q.text for q in layout.questions} if layout else {}
    rows = []
    for key in _question_order(answers.keys(), labelled):
        by_metal = answers.get(key) or {}
        cells = tuple(
            AnswerCell(
                metal=metal,
                value=_text((by_metal.get(metal) or {}).get("value")),
                comment=_text((by_metal.get(metal) or {}).get("comment")),
            )
            for metal in METALS
        )
        rows.append(AnswerRow(key=key, text=labelled.get(key, ""), cells=cells))
    return tuple(rows)


def _company_answers(version: str, answers: dict[str, Any]) -> tuple[CompanyAnswer, ...]:
    layout = layout_for(version) if version else None
    labelled = {q.key: q.text for q in layout.company_questions} if layout else {}
    return tuple(
        CompanyAnswer(
            key=key,
            text=labelled.get(key, ""),
            answer=_text((answers.get(key) or {}).get("answer")),
            raw=_text((answers.get(key) or {}).get("raw")),
            comment=_text((answers.get(key) or {}).get("comment")),
        )
        for key in _question_order(answers.keys(), labelled)
    )


def _finding_groups(findings: list[FindingRecord]) -> tuple[FindingGroup, ...]:
    """Group by sheet, sheets in the order of their first finding, findings in position order."""
    groups: dict[str, list[FindingRecord]] = {}
    for finding in findings:
        groups.setdefault(finding.sheet, []).append(finding)
    return tuple(FindingGroup(sheet, tuple(items)) for sheet, items in groups.items())


def _smelter_lines(
    records: list[SmelterRecord], day: date, bound: RmapSnapshot | None = None
) -> tuple[tuple[SmelterLine, ...], RmapSnapshot | None]:
    # Imported here: the reference selectors are another area's module and load the
    # reference tables; the list page must not depend on them.
    from cmrt.selectors.reference import rmap_snapshot_on, rmap_status_for

    cids = {record.reference.cid for record in records if record.reference is not None}
    # The snapshot is looked up even without matches: the page says which list is in force.
    # A file answering a campaign reads the campaign's snapshot, so its year never shifts.
    snapshot = bound or rmap_snapshot_on(day)
    statuses = rmap_status_for(snapshot, cids) if snapshot is not None and cids else {}
    lines = tuple(
        SmelterLine(
            record=record,
            # Statuses come back keyed by the normalised CID.
            rmap=statuses.get(normalise_cid(record.reference.cid)) if record.reference else None,
        )
        for record in records
    )
    return lines, snapshot


def submission_page(submission: Submission, *, rmap_day: date | None = None) -> SubmissionPage:
    """Everything the submission page shows. RMAP status is read from the snapshot in
    force on ``rmap_day`` (today by default), so the page says where smelters stand now."""
    declaration = DeclarationRecord.objects.filter(submission=submission).first()
    version = submission.template_version
    facts: tuple[Fact, ...] = ()
    answer_rows: tuple[AnswerRow, ...] = ()
    company_answers: tuple[CompanyAnswer, ...] = ()
    scope_label = ""
    if declaration is not None:
        company = declaration.company or {}
        facts = tuple(
            Fact(label, _text(company.get(key)))
            for key, label in COMPANY_FIELDS
            if company.get(key)
        )
        scope_label = str(SCOPE_LABELS.get(declaration.scope, declaration.scope))
        answer_rows = _answer_rows(version, declaration.answers or {})
        company_answers = _company_answers(version, declaration.company_answers or {})
    request = submission.request if submission.request_id else None
    smelters, snapshot = _smelter_lines(
        list(SmelterRecord.objects.filter(submission=submission).select_related("reference")),
        rmap_day or timezone.localdate(),
        bound=request.campaign.rmap_snapshot if request is not None else None,
    )
    return SubmissionPage(
        submission=submission,
        declaration=declaration,
        scope_label=scope_label,
        company_facts=facts,
        metals=METALS,
        answer_rows=answer_rows,
        company_answers=company_answers,
        smelters=smelters,
        rmap_snapshot=snapshot,
        finding_groups=_finding_groups(
            list(FindingRecord.objects.filter(submission=submission).order_by("position"))
        ),
        products=tuple(ProductRecord.objects.filter(submission=submission).order_by("row")),
    )


def submission_status(submission: Submission) -> dict[str, Any]:
    """What the progress page polls: read fresh from the row, never from Celery."""
    return {
        "status": submission.status,
        "stage": submission.stage,
        "stage_label": str(submission.get_stage_display()),
        "progress": submission.progress,
        "finished": submission.is_finished,
    }
