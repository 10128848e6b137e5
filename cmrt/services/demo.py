"""Load the cmrt demo data: the demo smelter list with an RMAP snapshot, and one CMRT per
demo supplier in ``cmrt.demo.DEMO_DECLARATIONS``, read and checked in-process (so the demo
works before a worker runs). Idempotent: imports and submissions are content-addressed."""

from __future__ import annotations

from dataclasses import dataclass

from cmrt.demo import (
    DEMO_DECLARATIONS,
    DEMO_STATUS_AS_OF,
    DemoDeclaration,
    demo_cmrt,
    demo_facility_list_csv,
    demo_status_list_csv,
)
from cmrt.services.ingestion import submission_ingest, submission_receive
from cmrt.services.reference import reference_import
from suppliers.models import Supplier


@dataclass(frozen=True)
class CmrtDemoSummary:
    smelters: int
    submissions: int


def demo_cmrt_load() -> CmrtDemoSummary:
    facility = reference_import(demo_facility_list_csv(), "demo-smelter-list.csv")
    reference_import(demo_status_list_csv(), "demo-rmap-status.csv", as_of=DEMO_STATUS_AS_OF)
    submissions = 0
    for name, smelters in DEMO_DECLARATIONS.items():
        supplier = Supplier.objects.filter(name=name, is_demo=True).first()
        if supplier is None:
            continue
        content = demo_cmrt(DemoDeclaration(company=name, smelters=smelters))
        received = submission_receive(
            content=content, filename=f"CMRT {name}.xlsx", supplier=supplier, by=None, enqueue=False
        )
        if not received.duplicate:
            submission_ingest(received.submission.pk)
        submissions += 1
    return CmrtDemoSummary(
        smelters=facility.created + facility.updated + facility.unchanged, submissions=submissions
    )
