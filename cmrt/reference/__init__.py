"""Smelter reference data files, parsed without the ORM.

Three kinds, told apart by content: the Smelter Look-up tab of an RMI template
(``lookup``), RMI facility / smelter lists and RMAP status lists (``lists``), as xlsx,
xls or CSV. ``reference_parse`` is the entry point; ``cmrt.services.reference`` stores
the result.
"""

from cmrt.reference.model import (
    CanonicalStatus,
    ParsedReference,
    ReferenceFileError,
    ReferenceKind,
    SmelterEntry,
    StatusEntry,
)
from cmrt.reference.reading import reference_parse
from cmrt.reference.status import status_canonical

__all__ = [
    "CanonicalStatus",
    "ParsedReference",
    "ReferenceFileError",
    "ReferenceKind",
    "SmelterEntry",
    "StatusEntry",
    "reference_parse",
    "status_canonical",
]
