"""Unsaved derived rows of a submission from a check report and its smelter matches.

Builds model instances only (no queries): ``cmrt.services.ingestion`` saves them in one
transaction, replacing the previous run's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from cmrt.matching import SmelterMatch
from cmrt.models import DeclarationRecord, FindingRecord, ProductRecord, SmelterRecord
from cmrt.pipeline import CheckReport


@dataclass
class DerivedRows:
    declaration: DeclarationRecord | None
    smelters: list[SmelterRecord]
    products: list[ProductRecord]
    findings: list[FindingRecord]


def _clip(text: str | None, length: int) -> str:
    return (text or "")[:length]


def derived_rows(
    report: CheckReport,
    data: Mapping[str, Any],
    matches: Sequence[SmelterMatch],
    references: Mapping[str, int],
) -> DerivedRows:
    """``data``: ``report_json(report)``; ``references``: CID -> ReferenceSmelter id."""
    findings = [
        FindingRecord(
            position=position,
            code=finding.code,
            severity=finding.severity.value,
            sheet=_clip(finding.sheet, 40),
            cell=_clip(finding.cell, 12),
            row=finding.row,
            metal=finding.metal.value if finding.metal else "",
            message=finding.message,
        )
        for position, finding in enumerate(report.findings)
    ]
    declaration = report.declaration
    if declaration is None:
        return DerivedRows(None, [], [], findings)
    company = data["company"]
    effective = company.get("effective_date")
    record = DeclarationRecord(
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
    smelters = []
    for row in declaration.smelters:
        match = by_row.get(row.row)
        smelters.append(
            SmelterRecord(
                row=row.row,
                metal=row.metal.value if row.metal else "",
                lookup_name=_clip(row.lookup_name, 255),
                name=_clip(row.name, 255),
                country=_clip(row.country, 100),
                cid=_clip(row.cid or row.cid_input, 40),
                resolution=row.resolution.value,
                reference_id=references.get(match.cid) if match and match.cid else None,
                match_method=match.method.value if match else "none",
                match_status=match.status.value if match else "unmatched",
                match_score=match.score if match else None,
                match_note=_clip(match.note if match else "", 500),
                candidates=[asdict(candidate) for candidate in match.candidates] if match else [],
            )
        )
    products = [
        ProductRecord(
            row=product.row,
            number=_clip(product.number, 255),
            name=_clip(product.name, 255),
            comments=product.comments,
        )
        for product in declaration.products
    ]
    return DerivedRows(record, smelters, products, findings)
