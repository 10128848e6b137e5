"""A stable name for a checker finding, so a reviewer's note or a clarification stays tied to
"the same finding" after the file is read again. Pure: no ORM.

Findings are re-created on every run (``FindingRecord`` rows are replaced as a whole), so
their ids and positions change. What does not change for the same problem in the same file is
the rule's code and where it points: sheet, cell, row and metal. The message is left out on
purpose: it is translated and may quote cell values.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import Any, Protocol

# FindingReview.finding_key and Clarification.finding_key are CharField(max_length=200).
MAX_KEY_LENGTH = 200
_SEPARATOR = "|"


class FindingLike(Protocol):
    code: str
    sheet: str
    cell: str
    row: int | None
    metal: Any


def _part(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    # The separator inside a part would make two different findings read alike.
    return str(value).strip().replace(_SEPARATOR, "/")


def finding_key(
    code: str, sheet: str = "", cell: str = "", row: int | None = None, metal: object = ""
) -> str:
    """``code|sheet|CELL|row|metal``, e.g. ``company.name_missing|Declaration|D8||``.

    Cell references are upper-cased and metals lower-cased (``Gold`` and ``gold`` are the same
    metal); a key longer than the column allows keeps its code and ends in a digest.
    """
    parts = (
        _part(code),
        _part(sheet),
        _part(cell).upper(),
        _part(row),
        _part(metal).lower(),
    )
    key = _SEPARATOR.join(parts)
    if len(key) <= MAX_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{parts[0][: MAX_KEY_LENGTH - len(digest) - 1]}{_SEPARATOR}{digest}"


def finding_key_of(finding: FindingLike) -> str:
    """The key of a ``FindingRecord`` or a ``cmrt.declaration.Finding``."""
    return finding_key(finding.code, finding.sheet, finding.cell, finding.row, finding.metal)
