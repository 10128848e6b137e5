"""Read and check one CMRT file: the pure pipeline behind ingestion and ``cmrt_check``.

bytes -> workbook -> template identity -> Declaration -> findings. Nothing here touches
the database; callers pass the reference list and the check context.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from cmrt.checks import CheckContext, run_checks
from cmrt.declaration import SMELTER_LIST, Declaration, Finding, LookupEntry, Severity
from cmrt.reading import CmrtReadError, declaration_read
from cmrt.recognition import TemplateIdentity
from cmrt.workbook import UnreadableWorkbook, read_isolated, workbook_open
from cmrt.workbook.opening import CalamineRefusal


@dataclass(frozen=True)
class CheckReport:
    identity: TemplateIdentity | None
    declaration: Declaration | None
    findings: tuple[Finding, ...] = ()
    problem: str | None = None  # why the file could not be read as a CMRT

    @property
    def readable(self) -> bool:
        return self.declaration is not None

    @property
    def error_count(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warning_count(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def cmrt_check_bytes(
    content: bytes, context: CheckContext, *, reference: tuple[LookupEntry, ...] = ()
) -> CheckReport:
    """Read and check an upload, in a memory- and time-capped child (``read_isolated``)."""
    try:
        return read_isolated(content, _check_in_child, context, reference, keep=(reference,))
    except UnreadableWorkbook as exc:
        return CheckReport(identity=None, declaration=None, problem=str(exc))


def _check_in_child(
    content: bytes, context: CheckContext, reference: tuple[LookupEntry, ...]
) -> CheckReport:
    try:
        workbook = workbook_open(content, prefetch=(SMELTER_LIST,))
        declaration = declaration_read(workbook, reference=reference)
    except CalamineRefusal:
        # Raised on to read_isolated, which asks the bounded pre-read to name the damaged
        # part or cell; caught here, the user got calamine's own words ("sheetData").
        raise
    except UnreadableWorkbook as exc:
        return CheckReport(identity=None, declaration=None, problem=str(exc))
    except CmrtReadError as exc:
        return CheckReport(identity=exc.identity, declaration=None, problem=str(exc))
    findings = run_checks(declaration, context)
    # The look-up tab (hundreds of entries) served the reading and the checks; leaving it
    # behind halves what travels back from the reading child. ``cmrt_read`` keeps it.
    return CheckReport(
        identity=declaration.identity,
        declaration=replace(declaration, lookup=()),
        findings=findings,
    )


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "sheet": finding.sheet,
        "cell": finding.cell,
        "row": finding.row,
        "metal": finding.metal.value if finding.metal else None,
        "message": finding.message,
    }


def report_json(report: CheckReport, file: str) -> dict[str, Any]:
    """The machine-readable form printed by ``cmrt_check --json``."""
    identity = report.identity
    data: dict[str, Any] = {
        "file": file,
        "template": identity.kind.value if identity else None,
        "version": identity.version if identity else None,
        "language": identity.language if identity else None,
        "readable": report.readable,
        "problem": report.problem,
    }
    declaration = report.declaration
    if declaration is None:
        return data | {"findings": []}
    company = declaration.company
    data["company"] = {
        name: getattr(company, name).value
        for name in (
            "name",
            "unique_id",
            "unique_id_authority",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "authorizer",
            "authorizer_title",
            "authorizer_email",
            "authorizer_phone",
        )
    } | {
        "scope_description": company.scope_description.value,
        "effective_date": company.effective_date.isoformat() if company.effective_date else None,
        "effective_date_raw": company.effective_date_raw.value,
    }
    data["scope"] = company.scope.value if company.scope else None
    data["answers"] = {
        key: {metal.value: answer.value for metal, answer in by_metal.items()}
        for key, by_metal in declaration.answers.items()
    }
    data["answer_comments"] = {
        key: {metal.value: answer.comment for metal, answer in by_metal.items() if answer.comment}
        for key, by_metal in declaration.answers.items()
    }
    data["company_questions"] = {
        key: {"answer": answer.value, "raw": answer.raw, "comment": answer.comment}
        for key, answer in declaration.company_answers.items()
    }
    data["smelters"] = [
        {
            "row": row.row,
            "metal": row.metal.value if row.metal else None,
            "lookup_name": row.lookup_name,
            "name": row.name,
            "country": row.country,
            "cid": row.cid,
            "resolution": row.resolution.value,
            "recycled": row.recycled,
        }
        for row in declaration.smelters
    ]
    data["products"] = [
        {"row": p.row, "number": p.number, "name": p.name, "comments": p.comments}
        for p in declaration.products
    ]
    data["findings"] = [_finding_json(f) for f in report.findings]
    return data


def report_text(report: CheckReport, file: str) -> str:
    """A readable report for people (``cmrt_check`` without ``--json``)."""
    lines = [file]
    identity = report.identity
    if identity is not None:
        language = f", {identity.language}" if identity.language else ""
        lines.append(f"  {identity.kind.value} {identity.version}{language}")
    if report.declaration is None:
        lines.append(f"  cannot be read: {report.problem}")
        return "\n".join(lines)
    declaration = report.declaration
    lines.append(
        f"  {declaration.company.name.value or '(no company name)'}: "
        f"{len(declaration.smelters)} smelter rows, {len(declaration.products)} products"
    )
    if not report.findings:
        lines.append("  no findings")
    for finding in report.findings:
        where = ", ".join(
            part
            for part in (
                finding.sheet,
                finding.cell,
                f"row {finding.row}" if finding.row else "",
            )
            if part
        )
        lines.append(f"  [{finding.severity.value}] {finding.code} ({where}): {finding.message}")
    lines.append(f"  {report.error_count} errors, {report.warning_count} warnings")
    return "\n".join(lines)
