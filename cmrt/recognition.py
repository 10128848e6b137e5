"""Recognise which RMI template (and which release) a workbook is, before reading it.

Pure: works on ``cmrt.workbook.Workbook``. Decides from the content only: the English
document title on the Revision sheet (it is not translated), the title and revision
cells of the Declaration sheet, and the sheet set, so a file saved in Chinese or
Japanese is recognised as well as an English one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cmrt.workbook import Workbook


class TemplateKind(StrEnum):
    CMRT = "CMRT"
    EMRT = "EMRT"
    AMRT = "AMRT"
    CRT = "CRT"


TEMPLATE_TITLES = {
    TemplateKind.CMRT: "Conflict Minerals Reporting Template",
    TemplateKind.EMRT: "Extended Minerals Reporting Template",
    TemplateKind.AMRT: "Additional Minerals Reporting Template",
    TemplateKind.CRT: "Cobalt Reporting Template",
}
TEMPLATE_SCOPES = {
    TemplateKind.CMRT: "tin, tantalum, tungsten and gold (3TG)",
    TemplateKind.EMRT: "cobalt, copper, graphite, lithium, mica and nickel",
    TemplateKind.AMRT: "minerals beyond 3TG chosen on its Minerals Scope sheet",
    TemplateKind.CRT: "cobalt",
}
# English title words on Revision!B3 (never translated), most specific first.
_TITLE_WORDS = (
    ("extended mineral", TemplateKind.EMRT),
    ("additional mineral", TemplateKind.AMRT),
    ("cobalt reporting", TemplateKind.CRT),
    ("conflict minerals reporting", TemplateKind.CMRT),
)
_ABBREVIATION = re.compile(r"\((CMRT|EMRT|AMRT|CRT)\)")
_REVISION = re.compile(r"(?:revision|rev\.?)?\s*(\d+(?:\.\d+)?[a-z]?)", re.IGNORECASE)
_VERSION_IN_HISTORY = re.compile(r"^\d+(?:\.\d+)?[a-z]?$")


@dataclass(frozen=True)
class TemplateIdentity:
    kind: TemplateKind
    version: str  # as the template writes it, normalised: "6.5", "3.01", "2.03a", "1.00"
    language: str  # Declaration!D3 as cached, e.g. "English", "中文 Chinese"; "" if unknown

    @property
    def major(self) -> int:
        """The release's first number; 0 when the workbook does not say."""
        head = self.version.split(".")[0]
        return int(head) if head.isdigit() else 0

    @property
    def version_key(self) -> tuple[int, int, str]:
        """Sortable: (6, 50, "") for 6.5, (2, 3, "a") for 2.03a."""
        return version_key(self.version)


def version_key(version: str) -> tuple[int, int, str]:
    match = re.match(r"^(\d+)(?:\.(\d+))?([a-z]?)$", version)
    if match is None:
        return (0, 0, version)
    minor = (match.group(2) or "0").ljust(2, "0")[:2]
    return (int(match.group(1)), int(minor), match.group(3))


def normalise_version(raw: str, kind: TemplateKind) -> str:
    """As RMI names releases: CMRT '2' or '2.0' -> '2.00' and '1.' -> '1.00' (the
    EICC-GeSI 1.x/2.x family used two decimals); '6.5', '2.03a', EMRT '2.1' stay."""
    text = raw.strip().rstrip(".").lower()
    major, _dot, minor = text.partition(".")
    short_minor = minor == "" or (minor.isdigit() and len(minor) == 1)
    if kind is TemplateKind.CMRT and major in {"1", "2"} and short_minor:
        return f"{major}.{minor.ljust(2, '0')}"
    return text if minor else f"{major}.0"


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _kind(workbook: Workbook) -> TemplateKind | None:
    revision = workbook.sheet("Revision")
    declaration = workbook.sheet("Declaration")
    candidates = [_text(revision.value("B3")) if revision else ""]
    candidates.append(_text(declaration.value("D2")) if declaration else "")
    for text in candidates:
        lowered = text.lower()
        for words, kind in _TITLE_WORDS:
            if words in lowered:
                return kind
        abbreviation = _ABBREVIATION.search(text)
        if abbreviation:
            return TemplateKind(abbreviation.group(1))
    if declaration is None:
        return None
    # A translated title and no Revision title: fall back on the sheets only some kinds have.
    names = set(workbook.sheet_names)
    if "Minerals Scope" in names:
        return TemplateKind.AMRT
    if "Mine List" in names:
        return TemplateKind.EMRT
    if {"Smelter List", "Smelter and Mine List"} & names:
        return TemplateKind.CMRT
    return None


def _version(workbook: Workbook, kind: TemplateKind) -> str | None:
    """Declaration!J3 ("Revision 6.5\\nApril 25, 2025"), checked against the newest
    entry of the Revision sheet's history (CRT 2.21 still says 2.2 in J3)."""
    found: list[str] = []
    declaration = workbook.sheet("Declaration")
    j3 = _text(declaration.value("J3")) if declaration else ""
    if j3:
        match = _REVISION.match(j3.splitlines()[0])
        if match:
            found.append(normalise_version(match.group(1), kind))
    revision = workbook.sheet("Revision")
    if revision is not None:
        history = [
            _text(revision.at(row, 1)) or _number_text(revision.at(row, 1))
            for row in range(revision.row_count)
        ]
        entries = [normalise_version(v, kind) for v in history if _VERSION_IN_HISTORY.match(v)]
        if entries:
            found.append(max(entries, key=version_key))
    return max(found, key=version_key) if found else None


def _number_text(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}" if value != int(value) else f"{int(value)}"
    return ""


def template_identify(workbook: Workbook) -> TemplateIdentity | None:
    """The template kind, release and language, or None if this is no RMI template."""
    kind = _kind(workbook)
    if kind is None:
        return None
    declaration = workbook.sheet("Declaration")
    language = _text(declaration.value("D3")) if declaration else ""
    version = _version(workbook, kind) or ""
    return TemplateIdentity(kind=kind, version=version, language=language)
