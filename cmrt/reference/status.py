"""RMAP status words -> the app's four canonical statuses. Pure.

RMI's wording changes between lists and years ("Compliant" in CFSI days, "Conformant"
today, "Non Conformant" / "Non-Conformant"), and user-compiled lists add their own, so
the raw text is always kept and only the comparison key is mapped. The table (also in
docs/reference-data.md):

| Listed as (case, spacing, punctuation ignored)                  | Canonical      |
|-----------------------------------------------------------------|----------------|
| Conformant, Compliant, RMAP Conformant, Conformant (...)        | conformant     |
| Active, In Communication                                        | active         |
| Non Conformant, Not Conformant, Suspended, Outreach Required,   | not_conformant |
| Communication Suspended - Not Interested,                       |                |
| RMI Due Diligence Review - Unable to Proceed, Not Interested    |                |
| anything else (Not Sure, Not Found in RMI ..., a new word)      | unknown        |

Why: "active" means the smelter takes part in (or is talking to RMI about) an RMAP
assessment, so its sourcing is being checked; every word that says the smelter refuses,
was suspended, failed review or cannot be reached is "not conformant", because for due
diligence these all call for the same follow-up. Only words that say nothing about the
smelter are "unknown".
"""

from __future__ import annotations

import re

from cmrt.reference.model import CanonicalStatus

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# Cached Excel errors (a VLOOKUP that found nothing) are no status at all.
EXCEL_ERRORS = frozenset({"#n/a", "#ref!", "#value!", "#name?", "#div/0!", "#null!", "#num!"})

_EXACT: dict[str, CanonicalStatus] = {
    "conformant": CanonicalStatus.CONFORMANT,
    "compliant": CanonicalStatus.CONFORMANT,
    "rmapconformant": CanonicalStatus.CONFORMANT,
    "active": CanonicalStatus.ACTIVE,
    "rmapactive": CanonicalStatus.ACTIVE,
    "incommunication": CanonicalStatus.ACTIVE,
    "nonconformant": CanonicalStatus.NOT_CONFORMANT,
    "notconformant": CanonicalStatus.NOT_CONFORMANT,
    "noncompliant": CanonicalStatus.NOT_CONFORMANT,
    "suspended": CanonicalStatus.NOT_CONFORMANT,
    "outreachrequired": CanonicalStatus.NOT_CONFORMANT,
    "notinterested": CanonicalStatus.NOT_CONFORMANT,
}
# Longer wordings, recognised by what they start with or contain.
_PREFIXES: tuple[tuple[str, CanonicalStatus], ...] = (
    ("nonconformant", CanonicalStatus.NOT_CONFORMANT),
    ("notconformant", CanonicalStatus.NOT_CONFORMANT),
    ("communicationsuspended", CanonicalStatus.NOT_CONFORMANT),
    ("rmiduediligencereview", CanonicalStatus.NOT_CONFORMANT),
    ("conformant", CanonicalStatus.CONFORMANT),
    ("compliant", CanonicalStatus.CONFORMANT),
    ("active", CanonicalStatus.ACTIVE),
)
_CONTAINS: tuple[tuple[str, CanonicalStatus], ...] = (
    ("suspended", CanonicalStatus.NOT_CONFORMANT),
    ("unabletoproceed", CanonicalStatus.NOT_CONFORMANT),
    ("notinterested", CanonicalStatus.NOT_CONFORMANT),
)


def status_key(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def is_blank_status(text: str) -> bool:
    return not text.strip() or text.strip().casefold() in EXCEL_ERRORS


def status_canonical(text: str) -> CanonicalStatus:
    """The canonical status ``text`` stands for; UNKNOWN for words not in the table."""
    key = status_key(text)
    if key in _EXACT:
        return _EXACT[key]
    for prefix, status in _PREFIXES:
        if key.startswith(prefix):
            return status
    for part, status in _CONTAINS:
        if part in key:
            return status
    return CanonicalStatus.UNKNOWN


def is_known_status(text: str) -> bool:
    """Whether ``text`` is a word of the table (used to tell a status column named
    "Type" from a risk column of the same name)."""
    return status_canonical(text) is not CanonicalStatus.UNKNOWN
