"""What the reference parsers return: frozen dataclasses, no ORM."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cmrt.declaration import Metal


class ReferenceKind(StrEnum):
    """Mirrors ``ReferenceImport.Kind`` (kept here so the parsers need no models)."""

    LOOKUP_TAB = "lookup_tab"
    FACILITY_LIST = "facility_list"
    STATUS_LIST = "status_list"


class CanonicalStatus(StrEnum):
    """Mirrors ``RmapStatus.Canonical``."""

    CONFORMANT = "conformant"
    ACTIVE = "active"
    NOT_CONFORMANT = "not_conformant"
    UNKNOWN = "unknown"


class ReferenceFileError(ValueError):
    """The file is not a reference list this app can read; nothing is imported.

    ``problems`` lists row-level reasons when the file had rows but none was usable.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    def __reduce__(self) -> tuple[type[ReferenceFileError], tuple[str, tuple[str, ...]]]:
        # Keeps the problems when the error crosses back from the reading child (pickle).
        return type(self), (str(self), self.problems)


@dataclass(frozen=True)
class SmelterEntry:
    """One smelter of a list, by CID, with every look-up name the list gives it."""

    cid: str
    metal: Metal
    standard_name: str
    country: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    source: str = ""
    lookup_names: tuple[str, ...] = ()
    where: str = ""  # "Smelter Look-up row 5": provenance for messages


@dataclass(frozen=True)
class StatusEntry:
    """One smelter's RMAP status as a status list gives it."""

    cid: str
    status_raw: str
    status: CanonicalStatus
    metal: Metal | None = None
    name: str = ""
    country: str = ""
    last_audit_date: date | None = None
    audit_cycle: str = ""
    cross_recognition: str = ""
    where: str = ""


@dataclass(frozen=True)
class ParsedReference:
    """A parsed reference file.

    ``release``: the template release of a Smelter Look-up tab ("6.5"), else "".
    ``as_of``: the date the file states (release date, "as of" cell), else None.
    ``problems``: rows that were skipped, with sheet and row. ``notes``: facts worth
    showing that are not problems (rows of other metals skipped, sheets not used).
    """

    kind: ReferenceKind
    source_label: str
    smelters: tuple[SmelterEntry, ...] = ()
    statuses: tuple[StatusEntry, ...] = ()
    release: str = ""
    as_of: date | None = None
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    unmapped_statuses: tuple[str, ...] = field(default=())
