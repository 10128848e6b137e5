"""Unsaved derived rows of a submission from a check report and its smelter matches.

No queries. The declaration is one model instance; the many rows (smelters, products,
findings) are plain tuples in their table's field order, because a file has hundreds of
them and ``cmrt.services.rows_copy.rows_insert`` takes tuples straight to COPY (a model
instance per row cost more than saving it). ``cmrt.services.ingestion`` saves them in one
transaction, replacing the previous run's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db.models import Model

from cmrt.matching import Candidate, SmelterMatch
from cmrt.models import DeclarationRecord, FindingRecord, ProductRecord, SmelterRecord
from cmrt.pipeline import CheckReport

_CANDIDATE_FIELDS = tuple(field.name for field in fields(Candidate))


@dataclass(frozen=True)
class RowTable:
    """Rows of one model for one submission: ``submission_id`` first, then ``fields``."""

    model: type[Model]
    fields: tuple[str, ...]  # starts with "submission_id"
    rows: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)


SMELTER_FIELDS = (
    "submission_id",
    "row",
    "metal",
    "lookup_name",
    "name",
    "country",
    "cid",
    "resolution",
    "reference_id",
    "match_method",
    "match_status",
    "match_score",
    "match_note",
    "candidates",
)
PRODUCT_FIELDS = ("submission_id", "row", "number", "name", "comments")
FINDING_FIELDS = (
    "submission_id",
    "position",
    "code",
    "severity",
    "sheet",
    "cell",
    "row",
    "metal",
    "message",
)


@dataclass
class DerivedRows:
    declaration: DeclarationRecord | None
    smelters: RowTable
    products: RowTable
    findings: RowTable

    @property
    def tables(self) -> tuple[RowTable, ...]:
        return (self.smelters, self.products, self.findings)


def _clip(text: str | None, length: int) -> str:
    return (text or "")[:length]


def _candidate(candidate: Candidate) -> dict[str, Any]:
    # ``dataclasses.asdict`` deep-copies recursively; the fields are plain values.
    return {name: getattr(candidate, name) for name in _CANDIDATE_FIELDS}


def derived_rows(
    report: CheckReport,
    data: Mapping[str, Any],
    matches: Sequence[SmelterMatch],
    references: Mapping[str, int],
    submission_id: int,
) -> DerivedRows:
    """``data``: ``report_json(report)``; ``references``: CID -> ReferenceSmelter id."""
    findings = RowTable(
        FindingRecord,
        FINDING_FIELDS,
        [
            (
                submission_id,
                position,
                finding.code,
                finding.severity.value,
                _clip(finding.sheet, 40),
                _clip(finding.cell, 12),
                finding.row,
                finding.metal.value if finding.metal else "",
                finding.message,
            )
            for position, finding in enumerate(report.findings)
        ],
    )
    smelters = RowTable(SmelterRecord, SMELTER_FIELDS, [])
    products = RowTable(ProductRecord, PRODUCT_FIELDS, [])
    declaration = report.declaration
    if declaration is None:
        return DerivedRows(None, smelters, products, findings)
    company = data["company"]
    effective = company.get("effective_date")
    record = DeclarationRecord(
        submission_id=submission_id,
        company_name=_clip(company.get("name"), 255),
        scope=_clip(data.get("scope"), 2),
        effective_date=date.fromisoformat(effective) if effective else None,
        company=company,
        answers={
            key: {
                metal: {
                    "value": value,
                    "comment": data["answer_comments"].get(key, {}).get(metal, ""),
                }
                for metal, value in by_metal.items()
            }
            for key, by_metal in data["answers"].items()
        },
        company_answers=data["company_questions"],
    )
    by_row = {match.row: match for match in matches}
    for row in declaration.smelters:
        match = by_row.get(row.row)
        smelters.rows.append(
            (
                submission_id,
                row.row,
                row.metal.value if row.metal else "",
                _clip(row.lookup_name, 255),
                _clip(row.name, 255),
                _clip(row.country, 100),
                _clip(row.cid or row.cid_input, 40),
                row.resolution.value,
                references.get(match.cid) if match and match.cid else None,
                match.method.value if match else "none",
                match.status.value if match else "unmatched",
                match.score if match else None,
                _clip(match.note if match else "", 500),
                [_candidate(candidate) for candidate in match.candidates] if match else [],
            )
        )
    products.rows.extend(
        (
            submission_id,
            product.row,
            _clip(product.number, 255),
            _clip(product.name, 255),
            product.comments,
        )
        for product in declaration.products
    )
    return DerivedRows(record, smelters, products, findings)
