"""Submission rows built straight with the ORM, so page tests do not depend on ingestion."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cmrt.models import (
    DeclarationRecord,
    FindingRecord,
    ReferenceImport,
    ReferenceSmelter,
    RmapSnapshot,
    RmapStatus,
    SmelterRecord,
    Submission,
)
from suppliers.models import Supplier

_numbers = itertools.count(1)


def make_submission(
    supplier: Supplier | None,
    name: str = "acme.xlsx",
    *,
    content: bytes | None = None,
    uploaded_at: datetime | None = None,
    **fields: Any,
) -> Submission:
    content = content if content is not None else f"workbook {next(_numbers)}".encode()
    sha256 = hashlib.sha256(content).hexdigest()
    stored = default_storage.save(f"submissions/{sha256}.xlsx", ContentFile(content))
    fields.setdefault("status", Submission.Status.CHECKED)
    submission = Submission.objects.create(
        supplier=supplier,
        file=stored,
        sha256=sha256,
        original_name=name,
        size=len(content),
        **fields,
    )
    if uploaded_at is not None:  # auto_now_add ignores a value given to create()
        Submission.objects.filter(pk=submission.pk).update(uploaded_at=uploaded_at)
        submission.refresh_from_db()
    return submission


def make_reference(cid: str, metal: str, name: str) -> ReferenceSmelter:
    source = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.FACILITY_LIST,
        sha256=hashlib.sha256(f"list {cid}".encode()).hexdigest(),
        original_name="facilities.xlsx",
        file="reference/facilities.xlsx",
    )
    return ReferenceSmelter.objects.create(
        cid=cid, metal=metal, standard_name=name, first_import=source, last_import=source
    )


def make_rmap(as_of: date, statuses: dict[str, tuple[str, str]]) -> RmapSnapshot:
    """``statuses``: CID -> (status as listed, canonical status)."""
    source = ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.STATUS_LIST,
        sha256=hashlib.sha256(f"rmap {as_of}".encode()).hexdigest(),
        original_name="rmap.xlsx",
        file="reference/rmap.xlsx",
        as_of=as_of,
    )
    snapshot = RmapSnapshot.objects.create(source_import=source, as_of=as_of, label="RMI list")
    for cid, (raw, canonical) in statuses.items():
        RmapStatus.objects.create(snapshot=snapshot, cid=cid, status_raw=raw, status=canonical)
    return snapshot


def make_checked(supplier: Supplier, name: str = "acme.xlsx") -> Submission:
    """A checked 6.5 submission with a declaration, two smelter rows and three findings."""
    submission = make_submission(
        supplier,
        name,
        template_kind="cmrt",
        template_version="6.5",
        template_language="English",
        declared_company="Acme Components Ltd",
        error_count=2,
        warning_count=1,
        smelter_count=2,
        matched_count=1,
    )
    DeclarationRecord.objects.create(
        submission=submission,
        company_name="Acme Components Ltd",
        scope="A",
        effective_date=date(2026, 3, 1),
        company={"name": "Acme Components Ltd", "contact_email": "pat.lee@acme.example.com"},
        answers={
            "Q1": {
                "Tantalum": {"value": "Yes", "comment": ""},
                "Tin": {"value": "No", "comment": "not used since 2024"},
                "Gold": {"value": "Yes", "comment": ""},
                "Tungsten": {"value": "Unknown", "comment": ""},
            },
        },
        company_answers={"B": {"answer": "Yes", "raw": "Yes", "comment": "https://acme.example"}},
    )
    reference = make_reference("CID000077", "Gold", "Argor-Heraeus S.A.")
    SmelterRecord.objects.create(
        submission=submission,
        row=5,
        metal="Gold",
        name="Argor-Heraeus S.A.",
        country="SWITZERLAND",
        cid="CID000077",
        reference=reference,
        match_method=SmelterRecord.MatchMethod.CID,
        match_status=SmelterRecord.MatchStatus.MATCHED,
        match_score=1.0,
        match_note="Smelter ID CID000077 is on the reference list.",
    )
    SmelterRecord.objects.create(
        submission=submission,
        row=6,
        metal="Tin",
        name="Nowhere Tin Works",
        country="PERU",
        match_status=SmelterRecord.MatchStatus.UNMATCHED,
        match_note="No listed tin smelter has this name or a similar one.",
    )
    for position, (severity, sheet, cell, row, message) in enumerate(
        (
            ("error", "Declaration", "D27", None, "Question 1 for Tungsten has no valid answer."),
            ("warning", "Smelter List", "", 6, "Row 6 names a smelter that is not on the list."),
            ("error", "Declaration", "D16", None, "The contact e-mail is missing."),
        )
    ):
        FindingRecord.objects.create(
            submission=submission,
            position=position,
            code=f"code-{position}",
            severity=severity,
            sheet=sheet,
            cell=cell,
            row=row,
            message=message,
        )
    return submission
