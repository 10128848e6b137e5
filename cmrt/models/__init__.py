"""The cmrt app's tables: worker heartbeat, smelter reference data with dated RMAP
snapshots, submissions with their derived rows, and bulk imports."""

from cmrt.models.bulk import BulkImport, BulkItem
from cmrt.models.heartbeat import WorkerHeartbeat
from cmrt.models.reference import (
    METAL_CHOICES,
    ReferenceImport,
    ReferenceSmelter,
    RmapSnapshot,
    RmapStatus,
    SmelterAlias,
    SmelterNameDecision,
)
from cmrt.models.submissions import (
    DeclarationRecord,
    FindingRecord,
    ProductRecord,
    SmelterRecord,
    Submission,
)

__all__ = [
    "METAL_CHOICES",
    "BulkImport",
    "BulkItem",
    "DeclarationRecord",
    "FindingRecord",
    "ProductRecord",
    "ReferenceImport",
    "ReferenceSmelter",
    "RmapSnapshot",
    "RmapStatus",
    "SmelterAlias",
    "SmelterNameDecision",
    "SmelterRecord",
    "Submission",
    "WorkerHeartbeat",
]
