"""Renderers of the RCOI summary and the Form SD / Conflict Minerals Report (bytes out, no
ORM), and the small pure helpers they share so that every format shows the same figures,
labels and footer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reports.model import CampaignReport, CompanyProfile

RMAP_LABELS = {
    "conformant": "Conformant",
    "active": "Active",
    "not_conformant": "Not conformant",
    "unknown": "Unknown",
    "": "Not listed",
}
STATUS_ORDER = ("conformant", "active", "not_conformant", "unknown", "")
ANNEX_TITLE = "Annex I: Smelters and refiners reported by suppliers"
ANNEX_HEADER = ("Metal", "Smelter or refiner", "Smelter ID", "Country", "RMAP status")

# XML 1.0 (DOCX, XLSX) forbids C0 controls other than tab/LF/CR; C1 controls and DEL only
# garble the output. Stripping them keeps a pasted supplier name from breaking a file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (paragraph) or "li" (list item)
    text: str


def text_clean(value: object) -> str:
    return _CONTROL.sub("", "" if value is None else str(value))


def rmap_label(status: str) -> str:
    return RMAP_LABELS.get(status, status.replace("_", " ").capitalize())


def percent(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def body_blocks(body: str) -> tuple[Block, ...]:
    """Paragraphs (lines joined until a blank line) and "- " list items, in order."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(Block("p", " ".join(lines)))
            lines.clear()

    for raw in text_clean(body).replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("- "):
            flush()
            blocks.append(Block("li", line[2:].strip()))
        else:
            lines.append(line)
    flush()
    return tuple(blocks)


def status_counts(report: CampaignReport) -> dict[str, int]:
    """Smelter-list rows per RMAP status, counted from the list itself so that the text
    always reconciles with the annex."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in report.smelter_list:
        counts[row.rmap_status if row.rmap_status in counts else "unknown"] += 1
    return counts


def count_union(counts: Mapping[str, object]) -> int:
    """Distinct keys (requests) over a metal -> Count mapping: a supplier answering Yes for
    two metals is one supplier."""
    keys: set[str] = set()
    for count in counts.values():
        keys.update(getattr(count, "keys", ()))
    return len(keys)


def snapshot_label(report: CampaignReport) -> str:
    inputs = report.inputs
    if inputs.snapshot_as_of is None:
        return inputs.snapshot_label or "none bound"
    return f"{inputs.snapshot_label or 'RMAP status list'} (as of {inputs.snapshot_as_of})"


def figures(report: CampaignReport) -> tuple[tuple[str, str], ...]:
    """The RCOI figures as (label, value), in the order every document shows them."""
    inputs = report.inputs
    counts = status_counts(report)
    rows = [
        ("Campaign", inputs.campaign_name),
        ("Reporting year", str(inputs.reporting_year)),
        ("Reporting period", f"{inputs.period_start} to {inputs.period_end}"),
        ("RMAP status list", snapshot_label(report)),
        ("Suppliers in scope", str(report.in_scope.value)),
        ("Suppliers surveyed", str(report.surveyed.value)),
        ("Suppliers responded", str(report.responded.value)),
        ("Response rate", percent(report.response_rate)),
        ("Responses accepted", str(report.accepted.value)),
        ("Suppliers declined", str(report.declined.value)),
        ("Late or overdue", str(report.late.value)),
        ("Responses with errors", str(report.with_errors.value)),
        ("High-risk responses (covered countries or CAHRA)", str(report.high_risk.value)),
        ("Smelters and refiners identified", str(len(report.smelter_list))),
    ]
    rows += [(f"RMAP status: {RMAP_LABELS[s]}", str(counts[s])) for s in STATUS_ORDER]
    rows += [
        ("Reported smelters not matched to a listed smelter", str(len(report.unmatched))),
        ("Smelter countries", str(len(report.smelter_countries))),
    ]
    return tuple((label, text_clean(value)) for label, value in rows)


def annex_rows(report: CampaignReport) -> tuple[tuple[str, str, str, str, str], ...]:
    """The smelter annex (ANNEX_HEADER columns), in the aggregation's order."""
    return tuple(
        (
            text_clean(r.metal),
            text_clean(r.name),
            text_clean(r.cid),
            text_clean(r.country),
            rmap_label(r.rmap_status),
        )
        for r in report.smelter_list
    )


def footer_text(profile: CompanyProfile, year: int, version_label: str, status_label: str) -> str:
    return text_clean(
        f"{profile.name} · Form SD and Conflict Minerals Report {year}"
        f" · version {version_label} · status {status_label}"
    )


# --- The document outline every CMR renderer walks -----------------------------------------

FIGURES_CAPTION = "Table 1: Reasonable country of origin inquiry figures"
NO_SMELTERS = "Suppliers identified no smelters or refiners."
# Form SD part headings placed before the section with that key (the form's own sections).
SD_PART_HEADINGS = {
    "sd_item_1_01": "Section 1: Conflict Minerals Disclosure",
    "sd_exhibits": "Section 3: Exhibits",
}


@dataclass(frozen=True)
class Element:
    """One piece of the document. kinds: title, subtitle, h1, h2, p, li, caption, table,
    pagebreak."""

    kind: str
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def document_outline(
    report: CampaignReport, profile: CompanyProfile, sections: tuple
) -> tuple[Element, ...]:
    """Form SD, then Exhibit 1.01 with the figures table and the smelter annex. One outline
    for DOCX, PDF and HTML so that the three never drift apart."""
    from reports.texts import FIGURES_AFTER, sections_split  # texts imports this module

    inputs = report.inputs
    company = text_clean(profile.name)
    period = f"for the reporting period from {inputs.period_start} to {inputs.period_end}"
    sd, cmr = sections_split(sections)
    out = [
        Element("title", "FORM SD"),
        Element("subtitle", f"Specialized Disclosure Report of {company} {period}"),
    ]
    for section in sd:
        if section.key in SD_PART_HEADINGS:
            out.append(Element("h1", SD_PART_HEADINGS[section.key]))
        out += _section_elements(section)
    out += [
        Element("pagebreak"),
        Element("title", "Exhibit 1.01"),
        Element("subtitle", f"Conflict Minerals Report of {company} {period}"),
    ]
    for section in cmr:
        out += _section_elements(section)
        if section.key == FIGURES_AFTER:
            out.append(Element("caption", FIGURES_CAPTION))
            out.append(Element("table", header=("Figure", "Value"), rows=figures(report)))
    out.append(Element("h2", ANNEX_TITLE))
    annex = annex_rows(report)
    out.append(
        Element("table", header=ANNEX_HEADER, rows=annex) if annex else Element("p", NO_SMELTERS)
    )
    return tuple(out)


def _section_elements(section) -> list[Element]:
    out = [Element("h2", text_clean(section.title))]
    out += [Element(block.kind, block.text) for block in body_blocks(section.body)]
    return out
