"""Smelter identification numbers on the Smelter List: well-formed, known to the
reference list, of the row's metal, and not repeated.

RMI smelter IDs are "CID" followed by six digits (CID000004). IDs typed in lower case or
with spaces ("cid 002516") are read as the CID they plainly mean and only noted (info);
anything else (e.g. "CID0027634", seven digits) is a warning, because no one can tell
which smelter was meant. 2.x releases used another ID scheme ("1JPN072"), so the ID rules
apply from 3.x on.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from cmrt.checks.common import (
    CID_FORM,
    at_smelter_row,
    is_not_identified,
    major_of,
    normalise_cid,
    normalise_name,
    reported_cid,
    smelter_reference,
)
from cmrt.checks.context import CheckContext
from cmrt.checks.registry import rule
from cmrt.declaration import Declaration, Finding, Metal, Severity


@rule
def rule_cid_form(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    if major_of(declaration) < 3:
        return
    for row in declaration.smelters:
        typed = reported_cid(row)
        cid = normalise_cid(typed)
        if not typed or (typed == cid and CID_FORM.match(cid)):
            continue
        params = {"row": row.row, "value": typed, "cid": cid}
        if CID_FORM.match(cid):
            message = _(
                'Smelter List row %(row)d: the smelter ID "%(value)s" was read as %(cid)s; type '
                "smelter IDs as CID followed by six digits."
            )
            yield at_smelter_row(
                "smelter.cid_normalised", Severity.INFO, message % params, row.row, row.metal
            )
        else:
            message = _(
                'Smelter List row %(row)d: "%(value)s" is not a valid smelter ID (CID followed '
                "by six digits); check the ID against the RMI smelter list."
            )
            yield at_smelter_row(
                "smelter.cid_malformed", Severity.WARNING, message % params, row.row, row.metal
            )


@rule
def rule_cid_reference(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A well-formed CID must be in the reference (the app's list, else the workbook's
    Smelter Look-up tab) and belong to the row's metal. Skipped without a reference."""
    reference = smelter_reference(declaration, context)
    if not reference or major_of(declaration) < 3:
        return
    for row in declaration.smelters:
        cid = normalise_cid(reported_cid(row))
        if not CID_FORM.match(cid):
            continue
        known: Metal | None = reference.get(cid)
        if known is None:
            if context.known_smelters:
                message = _(
                    "Smelter List row %(row)d: %(cid)s is not in the RMI smelter reference list; "
                    "check the ID, or ask the supplier where it comes from."
                )
            else:
                message = _(
                    "Smelter List row %(row)d: %(cid)s is not in the smelter list that ships with "
                    "this template; check the ID, or ask the supplier where it comes from."
                )
            params = {"row": row.row, "cid": cid}
            yield at_smelter_row(
                "smelter.cid_unknown", Severity.WARNING, message % params, row.row, row.metal
            )
        elif row.metal is not None and known is not row.metal:
            message = _(
                "Smelter List row %(row)d: %(cid)s is a %(known)s smelter but the row says "
                "%(metal)s; correct the metal or the ID."
            )
            params = {"row": row.row, "cid": cid, "known": known, "metal": row.metal}
            yield at_smelter_row(
                "smelter.cid_metal_mismatch", Severity.WARNING, message % params, row.row, row.metal
            )


@rule
def rule_duplicates(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """The same smelter twice for one metal: same CID, or, for rows without an ID, the
    same name ignoring case and punctuation. Reported on the later row."""
    first_by_cid: dict[tuple[Metal, str], int] = {}
    first_by_name: dict[tuple[Metal, str], int] = {}
    for row in declaration.smelters:
        if row.metal is None or is_not_identified(row):
            continue
        cid = normalise_cid(reported_cid(row))
        name = row.name or row.lookup_name
        if cid:
            first = first_by_cid.setdefault((row.metal, cid), row.row)
            if first == row.row:
                continue
            message = _(
                "Smelter List row %(row)d: repeats row %(first)d (%(metal)s, %(what)s); remove "
                "one of the two rows."
            )
            what = cid
        elif folded := normalise_name(name):
            first = first_by_name.setdefault((row.metal, folded), row.row)
            if first == row.row:
                continue
            message = _(
                'Smelter List row %(row)d: repeats row %(first)d (%(metal)s, "%(what)s"); remove '
                "one of the two rows."
            )
            what = name
        else:
            continue
        params = {"row": row.row, "first": first, "metal": row.metal, "what": what}
        yield at_smelter_row(
            "smelter.duplicate", Severity.WARNING, message % params, row.row, row.metal
        )
