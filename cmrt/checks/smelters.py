"""Smelter List rows: complete as the Checker wants them (cmrt-format.md §5, §7 rows
65-69), consistent with the Declaration's answers, and identified."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cmrt.checks.common import (
    answer_of,
    at_smelter_row,
    gate_questions,
    is_not_identified,
    is_not_listed,
    layout_of,
    major_of,
    metals_in_scope,
    reported_cid,
    smelter_column,
)
from cmrt.checks.context import CheckContext
from cmrt.checks.registry import rule
from cmrt.declaration import METAL_ROWS, Declaration, Finding, Severity, SmelterResolution, Topic


@rule
def rule_smelter_row_complete(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """Every row needs one of the four metals and a smelter: a look-up value, a smelter ID
    or a name."""
    metal_column = smelter_column(declaration, "metal")
    for row in declaration.smelters:
        # A CID typed in column A fills the metal in itself (the reader resolves it).
        if not row.metal_raw and row.metal is None:
            message = _(
                "Smelter List row %(row)d: the metal is missing; choose Tantalum, Tin, Gold or "
                "Tungsten in column %(column)s."
            )
            params = {"row": row.row, "column": metal_column}
            yield at_smelter_row("smelter.metal.missing", Severity.ERROR, message % params, row.row)
        elif row.metal is None:
            message = _(
                'Smelter List row %(row)d: "%(value)s" is not a metal of this template; choose '
                "Tantalum, Tin, Gold or Tungsten in column %(column)s."
            )
            params = {"row": row.row, "value": row.metal_raw, "column": metal_column}
            yield at_smelter_row("smelter.metal.invalid", Severity.ERROR, message % params, row.row)
        elif not (row.lookup_name or row.name or reported_cid(row)):
            message = _(
                "Smelter List row %(row)d: the row names the metal %(metal)s but no smelter; pick "
                'the smelter in column %(column)s, or "Smelter not listed" or "Smelter not yet '
                'identified".'
            )
            params = {
                "row": row.row,
                "metal": row.metal,
                "column": smelter_column(declaration, "lookup_name"),
            }
            yield at_smelter_row(
                "smelter.lookup.missing", Severity.ERROR, message % params, row.row, row.metal
            )


@rule
def rule_not_listed_complete(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A "Smelter not listed" row needs the smelter's name and country (Checker row 69)."""
    name_column = smelter_column(declaration, "name")
    country_column = smelter_column(declaration, "country")
    for row in declaration.smelters:
        if not is_not_listed(row) or (row.name and row.country):
            continue
        if not row.name and not row.country:
            message = _(
                'Smelter List row %(row)d: the row says "Smelter not listed" but gives neither '
                "the smelter's name (column %(name_column)s) nor its country (column "
                "%(country_column)s); enter both."
            )
        elif not row.name:
            message = _(
                'Smelter List row %(row)d: the row says "Smelter not listed" but gives no smelter '
                "name; enter it in column %(name_column)s."
            )
        else:
            message = _(
                'Smelter List row %(row)d: the row says "Smelter not listed" but gives no smelter '
                "country; enter it in column %(country_column)s."
            )
        params = {"row": row.row, "name_column": name_column, "country_column": country_column}
        yield at_smelter_row(
            "smelter.not_listed_incomplete", Severity.ERROR, message % params, row.row, row.metal
        )


@rule
def rule_not_identified(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    for row in declaration.smelters:
        if is_not_identified(row):
            message = _(
                'Smelter List row %(row)d: the smelter is "Smelter not yet identified"; ask the '
                "supplier to identify it."
            )
            yield at_smelter_row(
                "smelter.not_identified",
                Severity.WARNING,
                message % {"row": row.row},
                row.row,
                row.metal,
            )


@rule
def rule_unresolved(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A smelter named but matching nothing in the look-up list, and with no ID (rows with
    an ID are judged by the ID rules)."""
    for row in declaration.smelters:
        if row.resolution is not SmelterResolution.UNRESOLVED or reported_cid(row):
            continue
        name = row.lookup_name or row.name
        if not name or is_not_listed(row) or is_not_identified(row):
            continue
        message = _(
            'Smelter List row %(row)d: "%(name)s" matches no smelter in the look-up list; pick '
            'the smelter in column %(column)s, or choose "Smelter not listed" and enter its '
            "name and country."
        )
        params = {
            "row": row.row,
            "name": name,
            "column": smelter_column(declaration, "lookup_name"),
        }
        yield at_smelter_row(
            "smelter.unresolved", Severity.WARNING, message % params, row.row, row.metal
        )


@rule
def rule_smelters_for_metals(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A metal in scope needs at least one smelter row (Checker rows 65-68). Rows for a
    metal whose gate answers are all "No" (6.x: Q1 No, with Q2 No or left empty) contradict
    the Declaration; Q1 "Yes" with Q2 "No" does not (used in production, not in the product)."""
    in_scope = metals_in_scope(declaration)
    gates = gate_questions(declaration)
    for metal in METAL_ROWS:
        rows = [row.row for row in declaration.smelters if row.metal is metal]
        if metal in in_scope and not rows:
            message = _(
                "Smelter List: the Declaration says %(metal)s is in scope, but no smelter row "
                'names %(metal)s; add its smelters, or a row with "Smelter not yet identified".'
            )
            yield at_smelter_row(
                "smelters.missing_for_metal",
                Severity.ERROR,
                message % {"metal": metal},
                None,
                metal,
            )
        given = {answer.raw for q in gates if (answer := answer_of(declaration, q.key, metal))}
        declared_no = "No" in given and given <= {"No", ""}
        if rows and metal not in in_scope and declared_no:
            message = ngettext(
                "Smelter List row %(row)d: the Declaration answers No for %(metal)s (not in "
                "scope), yet this row names %(metal)s; correct the answers or remove the row.",
                "Smelter List row %(row)d: the Declaration answers No for %(metal)s (not in "
                "scope), yet %(count)d smelter rows name %(metal)s, starting here; correct the "
                "answers or remove the rows.",
                len(rows),
            )
            params = {"row": rows[0], "metal": metal, "count": len(rows)}
            yield at_smelter_row(
                "smelters.metal_not_in_scope", Severity.WARNING, message % params, rows[0], metal
            )


@rule
def rule_recycled_contradiction(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    """100% recycled or scrap declared for a metal, but a smelter row of that metal does
    not say its feedstock is 100% recycled (3.x/6.x column P; 2.x has no such column)."""
    question = declaration.question(Topic.RECYCLED_SCRAP)
    layout = layout_of(declaration)
    has_column = layout.smelter_columns.recycled != "" if layout else major_of(declaration) >= 3
    if question is None or not has_column:
        return
    column = smelter_column(declaration, "recycled")
    for row in declaration.smelters:
        answer = answer_of(declaration, question.key, row.metal) if row.metal else None
        if answer is None or answer.value != "Yes" or row.recycled == "Yes":
            continue
        if row.recycled_raw:
            message = _(
                "Smelter List row %(row)d: %(question)s (Declaration %(cell)s) says 100%% of the "
                '%(metal)s is recycled or scrap, but column %(column)s says "%(value)s" for this '
                "smelter; correct the answer or the row."
            )
        else:
            message = _(
                "Smelter List row %(row)d: %(question)s (Declaration %(cell)s) says 100%% of the "
                "%(metal)s is recycled or scrap, but column %(column)s is empty for this "
                "smelter; answer it, or correct the Declaration."
            )
        params = {
            "row": row.row,
            "question": question.key,
            "cell": answer.cell,
            "metal": row.metal,
            "column": column,
            "value": row.recycled_raw,
        }
        yield at_smelter_row(
            "smelter.recycled_contradiction", Severity.WARNING, message % params, row.row, row.metal
        )
