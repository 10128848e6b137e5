"""Default texts of the Form SD and of Exhibit 1.01 (the Conflict Minerals Report), filled
from a ``CampaignReport`` and a ``CompanyProfile``. Pure: no ORM, no Django.

Each section is a ``SectionText``; the committee may replace any section's body
(``overrides``: key -> body). Bodies are plain text: paragraphs separated by blank lines,
lines starting with "- " are list items. ``{placeholders}`` are filled from the figures in
defaults and in edited bodies alike, so an edited section keeps live numbers; a placeholder
the app does not know stays visible as typed (``{typo}``) so a reviewer sees it instead of a
silent blank. Only ``{identifier}`` is substituted: no attribute or index access, so an
edited body cannot reach into Python objects the way ``str.format`` would let it. Profile
fields left empty show as "[bracketed reminders]" for the same reason.

The structure follows the Form SD (Item 1.01, Item 1.02, Item 3.01 exhibits) and the five
steps of the OECD Due Diligence Guidance, as most filers do (shared/peers.md §3). The text
is a draft for the company's counsel to review, not legal advice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reports.model import METALS, CampaignReport, CompanyProfile
from reports.rendering import (
    count_union,
    percent,
    snapshot_label,
    status_counts,
    text_clean,
)
from reports.texts_default import CMR_SECTIONS, FORM_SD_SECTIONS

COVERED_COUNTRIES = (
    "the Democratic Republic of the Congo, Angola, Burundi, the Central African Republic, "
    "the Republic of the Congo, Rwanda, South Sudan, Tanzania, Uganda and Zambia"
)


@dataclass(frozen=True)
class SectionText:
    key: str
    title: str
    body: str
    edited: bool = False  # the body came from an override, not from the defaults


FORM_SD_KEYS = tuple(key for key, _, _ in FORM_SD_SECTIONS)
CMR_KEYS = tuple(key for key, _, _ in CMR_SECTIONS)
FIGURES_AFTER = "cmr_results"  # the renderers place the figures table after this section


# --- Placeholders --------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace known ``{name}`` placeholders; leave unknown ones (and any other braces) as
    written, so that a mistyped placeholder stays visible in the draft."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _metals_with(counts: Mapping[str, object]) -> str:
    metals = [m for m in METALS if getattr(counts.get(m), "value", 0)]
    return ", ".join(metals) if metals else "none"


# The names ``placeholders`` fills, for the edit page (a test keeps the two in step).
PLACEHOLDER_NAMES = (
    "company", "registrant_address", "sec_file_number", "contact_name", "contact_email",
    "contact_phone", "authorizer", "authorizer_title", "policy_url", "grievance_contact",
    "committee", "products", "reporting_year", "period_start", "period_end", "campaign",
    "snapshot", "snapshot_date", "in_scope", "surveyed", "responded", "response_rate",
    "accepted", "declined", "late", "with_errors", "high_risk", "covered_yes",
    "covered_metals", "cahra_yes", "cahra_metals", "smelters", "conformant", "active",
    "not_conformant", "unknown_status", "not_listed", "unmatched", "countries",
    "country_list", "covered_countries", "rcoi_result",
)  # fmt: skip


def placeholders(report: CampaignReport, profile: CompanyProfile) -> dict[str, str]:
    inputs = report.inputs
    counts = status_counts(report)
    countries = sorted(report.smelter_countries)
    covered = count_union(report.covered_countries_yes)
    values = {
        "company": profile.name,
        "registrant_address": profile.registrant_address or "[registrant address]",
        "sec_file_number": profile.sec_file_number or "[file number]",
        "contact_name": profile.contact_name or "[contact name]",
        "contact_email": profile.contact_email or "[contact e-mail]",
        "contact_phone": profile.contact_phone or "[contact telephone]",
        "authorizer": profile.authorizer or "[authorized signatory]",
        "authorizer_title": profile.authorizer_title or "[title]",
        "policy_url": profile.policy_url or "[policy URL]",
        "grievance_contact": profile.grievance_contact or "[grievance contact]",
        "committee": profile.committee or "[responsible committee]",
        "products": profile.products_description or "[description of the products in scope]",
        "reporting_year": str(inputs.reporting_year),
        "period_start": inputs.period_start.isoformat(),
        "period_end": inputs.period_end.isoformat(),
        "campaign": inputs.campaign_name,
        "snapshot": snapshot_label(report),
        "snapshot_date": (
            inputs.snapshot_as_of.isoformat() if inputs.snapshot_as_of else "[no status list bound]"
        ),
        "in_scope": str(report.in_scope.value),
        "surveyed": str(report.surveyed.value),
        "responded": str(report.responded.value),
        "response_rate": percent(report.response_rate),
        "accepted": str(report.accepted.value),
        "declined": str(report.declined.value),
        "late": str(report.late.value),
        "with_errors": str(report.with_errors.value),
        "high_risk": str(report.high_risk.value),
        "covered_yes": str(covered),
        "covered_metals": _metals_with(report.covered_countries_yes),
        "cahra_yes": str(count_union(report.cahra_yes)),
        "cahra_metals": _metals_with(report.cahra_yes),
        "smelters": str(len(report.smelter_list)),
        "conformant": str(counts["conformant"]),
        "active": str(counts["active"]),
        "not_conformant": str(counts["not_conformant"]),
        "unknown_status": str(counts["unknown"]),
        "not_listed": str(counts[""]),
        "unmatched": str(len(report.unmatched)),
        "countries": str(len(countries)),
        "country_list": ", ".join(countries) if countries else "none identified",
        "covered_countries": COVERED_COUNTRIES,
    }
    values = {k: text_clean(v) for k, v in values.items()}
    values["rcoi_result"] = fill(_rcoi_result(report, counts, covered), values)
    return values


def _rcoi_result(report: CampaignReport, counts: Mapping[str, int], covered: int) -> str:
    """The determination. "Reason to believe" whenever the inquiry could not rule out
    covered-country sourcing: a supplier said Yes, not every supplier answered, or a smelter
    is not identified or not RMAP conformant. Complete answers naming only conformant
    smelters are the one case for the softer wording; counsel decides either way."""
    if report.responded.value == 0:
        return (
            "{company} received no supplier responses for {reporting_year} and is therefore "
            "unable to determine the country of origin of the necessary conflict minerals."
        )
    open_questions = (
        covered
        or report.high_risk.value
        or report.responded.value < report.in_scope.value
        or report.unmatched
        or any(counts[s] for s in ("active", "not_conformant", "unknown", ""))
    )
    if open_questions:
        return (
            "Based on the RCOI, {company} has reason to believe that a portion of the necessary "
            "conflict minerals in its products may have originated in the Covered Countries "
            "and may not be from recycled or scrap sources. {company} has therefore exercised "
            "due diligence on the source and chain of custody of those conflict minerals and "
            "files a Conflict Minerals Report as Exhibit 1.01."
        )
    return (
        "Based on the RCOI, {company} has no reason to believe that the necessary conflict "
        "minerals in its products originated in the Covered Countries. {company} nevertheless "
        "describes its due diligence in the Conflict Minerals Report filed as Exhibit 1.01."
    )


def sections_build(
    report: CampaignReport, profile: CompanyProfile, overrides: Mapping[str, str]
) -> tuple[SectionText, ...]:
    """Every section in document order (Form SD, then Exhibit 1.01), an override replacing
    the default body. Overrides for keys the app no longer has are ignored, so a text saved
    against an older default set never breaks rendering."""
    values = placeholders(report, profile)
    result = []
    for key, title, default in (*FORM_SD_SECTIONS, *CMR_SECTIONS):
        edited = key in overrides
        body = fill(text_clean(overrides[key] if edited else default), values).strip()
        result.append(SectionText(key, title, body, edited))
    return tuple(result)


def sections_split(
    sections: tuple[SectionText, ...],
) -> tuple[tuple[SectionText, ...], tuple[SectionText, ...]]:
    """(Form SD sections, Exhibit 1.01 sections), each in the given order."""
    sd = tuple(s for s in sections if s.key in FORM_SD_KEYS)
    return sd, tuple(s for s in sections if s.key not in FORM_SD_KEYS)
