"""Bulk import, the pure part (no ORM): walking an uploaded archive safely into entries,
and guessing which supplier a file belongs to from the company name it declares."""

from cmrt.bulk.archive import (
    PACK_COMMENT,
    ArchiveEntry,
    EntryKind,
    archive_entries,
    archive_pack,
    is_archive,
)
from cmrt.bulk.naming import (
    CANDIDATE_SCORE,
    MATCH_MARGIN,
    MATCH_SCORE,
    Candidate,
    GuessStatus,
    SupplierDirectory,
    SupplierGuess,
    company_fold,
    supplier_directory_prepare,
    supplier_guess,
)

__all__ = [
    "CANDIDATE_SCORE",
    "MATCH_MARGIN",
    "MATCH_SCORE",
    "PACK_COMMENT",
    "ArchiveEntry",
    "Candidate",
    "EntryKind",
    "GuessStatus",
    "SupplierDirectory",
    "SupplierGuess",
    "archive_entries",
    "archive_pack",
    "company_fold",
    "is_archive",
    "supplier_directory_prepare",
    "supplier_guess",
]
