"""Load the cmrt demo data: the demo smelter list and its RMAP snapshot (idempotent: the
same files twice are one import). The demo submissions answer the demo campaign
(``suppliers.services.demo_campaign``)."""

from __future__ import annotations

from cmrt.demo import DEMO_STATUS_AS_OF, demo_facility_list_csv, demo_status_list_csv
from cmrt.services.reference import reference_import


def demo_cmrt_load() -> int:
    """The number of demo reference smelters."""
    facility = reference_import(demo_facility_list_csv(), "demo-smelter-list.csv")
    reference_import(demo_status_list_csv(), "demo-rmap-status.csv", as_of=DEMO_STATUS_AS_OF)
    return facility.created + facility.updated + facility.unchanged
