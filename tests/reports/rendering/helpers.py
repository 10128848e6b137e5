"""The sample report for the renderer tests: the aggregation's own sample campaign
(tests/reports/aggregation/builders.py, figures worked out by hand in test_aggregation.py)
run through ``campaign_report``, and a company profile. ``big_report`` swaps in a synthetic
300-row smelter annex for page-break and speed checks.
"""

from __future__ import annotations

import dataclasses

from reports.aggregation import campaign_report
from reports.model import CampaignReport, CompanyProfile, SmelterListRow
from tests.reports.aggregation.builders import TODAY, sample_inputs


def _smelter(cid, metal, name, country, status, raw, audit, suppliers) -> SmelterListRow:
    return SmelterListRow(
        cid=cid,
        metal=metal,
        name=name,
        country=country,
        rmap_status=status,
        rmap_status_raw=raw,
        last_audit_date=audit,
        supplier_count=len(suppliers),
        supplier_ids=suppliers,
    )


def sample_report() -> CampaignReport:
    return campaign_report(sample_inputs(), TODAY)


def sample_profile(**changes: str) -> CompanyProfile:
    profile = CompanyProfile(
        name="Example Devices Inc.",
        registrant_address="1 Main Street, Springfield, USA",
        sec_file_number="001-12345",
        contact_name="Jane Doe",
        contact_email="compliance@example.com",
        contact_phone="+1 555 0100",
        authorizer="John Roe",
        authorizer_title="General Counsel",
        policy_url="https://example.com/minerals-policy",
        grievance_contact="ethics@example.com",
        committee="the Responsible Sourcing Committee",
        products_description="industrial sensors and controllers",
    )
    return dataclasses.replace(profile, **changes)


_METALS = ("Tantalum", "Tin", "Gold", "Tungsten")
_STATUSES = (
    ("conformant", "Conformant"),
    ("active", "Active"),
    ("not_conformant", "Non-Conformant"),
    ("", ""),
)
_COUNTRIES = ("China", "Japan", "Malaysia", "Indonesia", "Brazil", "Germany", "Peru", "Rwanda")


def big_report(smelters: int = 300) -> CampaignReport:
    """The sample report with a synthetic annex of ``smelters`` rows (names long enough to
    wrap in a table cell)."""
    rows = tuple(
        _smelter(
            f"CID{i:06d}",
            _METALS[i % 4],
            f"Smelter {i} Non-Ferrous Metals Refining and Smelting Company Limited",
            _COUNTRIES[i % len(_COUNTRIES)],
            *_STATUSES[i % len(_STATUSES)],
            None,
            (101, 102),
        )
        for i in range(1, smelters + 1)
    )
    return dataclasses.replace(sample_report(), smelter_list=rows)
