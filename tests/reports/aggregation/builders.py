"""A small handmade campaign for aggregation and renderer tests: ``sample_inputs()``.

Seven requests (six surveyed suppliers in six different states, plus one never sent) and
ten reported smelter rows (two CIDs reported by two suppliers each, two unmatched rows
that fold together, one CID missing from the snapshot). The expected figures are worked out by hand in ``test_aggregation.py``.
"""

from __future__ import annotations

from datetime import date

from reports.model import CampaignInputs, ReportedSmelter, SupplierFacts

DUE = date(2025, 3, 31)
TODAY = date(2025, 4, 15)  # after the due date, so unanswered requests are overdue


def _yes(*metals: str) -> dict[str, str]:
    """Answers for all four metals: "Yes" for ``metals``, "No" for the rest."""
    return {m: ("Yes" if m in metals else "No") for m in ("Tantalum", "Tin", "Gold", "Tungsten")}


SUPPLIERS = (
    # 101 Acme: accepted, 6.x, on time, Tin + Gold, CAHRA "Yes" for Gold (high risk).
    SupplierFacts(
        request_id=1,
        supplier_id=101,
        supplier_name="Acme Metals GmbH",
        supplier_country="DE",
        state="accepted",
        overdue=False,
        submitted_on=date(2025, 3, 10),
        submission_id=501,
        readable=True,
        warning_count=2,
        template_version="6.5",
        declared_company="Acme Metals GmbH",
        answers={"Q1": _yes("Tin", "Gold"), "Q3": _yes(), "Q4": _yes("Gold")},
    ),
    # 102 Borealis: under review, 6.x, late (after the due date), one error, Tin + Tantalum,
    # covered countries "Yes" for Tantalum.
    SupplierFacts(
        request_id=2,
        supplier_id=102,
        supplier_name="Borealis Components AB",
        supplier_country="SE",
        state="under_review",
        overdue=False,
        submitted_on=date(2025, 4, 5),
        submission_id=502,
        readable=True,
        error_count=1,
        template_version="6.4",
        declared_company="Borealis Components",
        answers={"Q1": _yes("Tin", "Tantalum"), "Q3": _yes("Tantalum"), "Q4": _yes()},
    ),
    # 103 Cobalt Circuits: needs correction, 3.x file sent on time, all four metals, no risk
    # answer (Q4 "Yes" is no CAHRA question before 6.x). Overdue now: it still owes a
    # usable file after the due date.
    SupplierFacts(
        request_id=3,
        supplier_id=103,
        supplier_name="Cobalt Circuits Ltd",
        supplier_country="GB",
        state="rejected",
        overdue=True,
        submitted_on=date(2025, 3, 28),
        submission_id=503,
        readable=True,
        template_version="3.02",
        declared_company="Cobalt Circuits",
        answers={
            "Q1": _yes("Tantalum", "Tin", "Gold", "Tungsten"),
            "Q3": _yes(),
            "Q4": _yes("Tin"),
        },
    ),
    # 104 Delta: submitted on time but the file could not be read (counts as with errors).
    SupplierFacts(
        request_id=4,
        supplier_id=104,
        supplier_name="Delta Plating Inc.",
        supplier_country="US",
        state="submitted",
        overdue=False,
        submitted_on=date(2025, 3, 30),
        submission_id=504,
        readable=False,
    ),
    # 105 Eagle: declined (responded, no file).
    SupplierFacts(
        request_id=5,
        supplier_id=105,
        supplier_name="Eagle Wire Co.",
        supplier_country="US",
        state="declined",
        overdue=False,
        submitted_on=None,
        submission_id=None,
        readable=False,
        decline_reason="No 3TG in the parts we supply.",
    ),
    # 106 Fuji: invited, no answer, overdue.
    SupplierFacts(
        request_id=6,
        supplier_id=106,
        supplier_name="Fuji Solder KK",
        supplier_country="JP",
        state="invited",
        overdue=True,
        submitted_on=None,
        submission_id=None,
        readable=False,
    ),
    # 107 Gamma: never sent (in scope, not surveyed); overdue, as it still owes an answer.
    SupplierFacts(
        request_id=7,
        supplier_id=107,
        supplier_name="Gamma Fasteners SA",
        supplier_country="FR",
        state="not_sent",
        overdue=True,
        submitted_on=None,
        submission_id=None,
        readable=False,
    ),
)


def _row(
    supplier: int, row: int, metal: str, reported: str, reported_in: str, **match
) -> ReportedSmelter:
    return ReportedSmelter(
        supplier_id=supplier,
        submission_id=400 + supplier,  # 501, 502, 503
        row=row,
        metal=metal,
        reported_name=reported,
        reported_country=reported_in,
        **match,
    )


_THAISARCO = {
    "cid": "CID001898",
    "standard_name": "Thaisarco",
    "country": "Thailand",
    "match_status": "matched",
    "rmap_status": "conformant",
    "rmap_status_raw": "Conformant",
    "last_audit_date": date(2024, 6, 30),
}
_METALOR = {
    "cid": "CID001153",
    "standard_name": "Metalor Technologies S.A.",
    "country": "Switzerland",
    "match_status": "matched",
    "rmap_status": "conformant",
    "rmap_status_raw": "Conformant",
    "last_audit_date": date(2024, 9, 12),
}
_GLOBAL_ADVANCED = {
    "cid": "CID002558",
    "standard_name": "Global Advanced Metals Aizu",
    "country": "Japan",
    "match_status": "matched",
    "rmap_status": "active",
    "rmap_status_raw": "Active",
}
_MALAYSIA_SMELTING = {
    "cid": "CID001105",
    "standard_name": "Malaysia Smelting Corporation (MSC)",
    "country": "Malaysia",
    "match_status": "matched",
    "rmap_status": "not_conformant",
    "rmap_status_raw": "Non-Conformant",
}
_ASAHI = {
    "cid": "CID000015",
    "standard_name": "Asahi Pretec Corp.",
    "country": "Japan",
    "match_status": "matched",
    "rmap_status": "conformant",
    "rmap_status_raw": "Conformant",
    "last_audit_date": date(2024, 11, 1),
}
_WOLFRAM = {
    "cid": "CID000966",
    "standard_name": "Wolfram Bergbau und Hutten AG",
    "country": "Austria",
    "match_status": "matched",
    # listed in the reference list, but absent from the bound snapshot
}

SMELTERS = (
    _row(101, 5, "Tin", "Thaisarco", "THAILAND", **_THAISARCO),
    _row(101, 6, "Gold", "Metalor", "Switzerland", **_METALOR),
    _row(101, 7, "Gold", "Asahi Pretec", "Japan", **_ASAHI),
    _row(102, 5, "Tin", "THAISARCO", "Thailand", **_THAISARCO),  # duplicate of 101's row
    _row(102, 6, "Tantalum", "GAM Aizu", "Japan", **_GLOBAL_ADVANCED),
    _row(102, 7, "Tin", "Unknown Tin Works", "Indonesia", cid="", match_status="unmatched"),
    _row(103, 5, "Tin", "Malaysia Smelting Corp", "Malaysia", **_MALAYSIA_SMELTING),
    _row(103, 6, "Tungsten", "Wolfram Bergbau", "Austria", **_WOLFRAM),
    _row(103, 7, "Gold", "Metalor Tech", "SWITZERLAND", **_METALOR),  # duplicate of 101's
    # the same unmatched smelter as 102's row 7, spelled differently
    _row(103, 8, "Tin", "  unknown tin WORKS ", "indonesia", cid="", match_status="review"),
)


def sample_inputs() -> CampaignInputs:
    """The handmade campaign; ``TODAY`` is the day its ``overdue`` flags were set for."""
    return CampaignInputs(
        campaign_id=42,
        campaign_name="RY2024 3TG survey",
        reporting_year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        due_date=DUE,
        snapshot_as_of=date(2025, 1, 15),
        snapshot_label="RMAP status 2025-01-15",
        suppliers=SUPPLIERS,
        smelters=SMELTERS,
    )
