"""Smelter List rows against the Checker and the Declaration (cmrt/checks/smelters.py).
No database. The clean declaration has rows 5-8: Tantalum, Tin, Gold, Tungsten."""

from __future__ import annotations

import pytest

from cmrt.declaration import (
    SMELTER_LIST,
    Declaration,
    Finding,
    Metal,
    Severity,
    SmelterResolution,
    SmelterRow,
)
from tests.cmrt.checks.support import OLD_RELEASES, findings
from tests.cmrt.declarations import (
    clean_declaration,
    clean_declaration_2x,
    not_listed_row,
    smelter_row,
    with_answer,
    with_smelters,
)


def at(
    code: str, severity: Severity, row: int | None, message: str, metal: Metal | None = None
) -> Finding:
    return Finding(code, severity, message, sheet=SMELTER_LIST, row=row, metal=metal)


def plus_rows(*rows: SmelterRow) -> Declaration:
    declaration = clean_declaration()
    return with_smelters(declaration, *declaration.smelters, *rows)


def test_row_without_metal() -> None:
    declaration = plus_rows(smelter_row(9, Metal.GOLD, metal_raw="", metal=None))
    assert findings(declaration) == (
        at(
            "smelter.metal.missing",
            Severity.ERROR,
            9,
            "Smelter List row 9: the metal is missing; choose Tantalum, Tin, Gold or Tungsten "
            "in column B.",
        ),
    )


def test_row_with_a_metal_this_template_does_not_cover() -> None:
    declaration = plus_rows(smelter_row(9, Metal.GOLD, metal_raw="Cobalt", metal=None))
    assert findings(declaration) == (
        at(
            "smelter.metal.invalid",
            Severity.ERROR,
            9,
            'Smelter List row 9: "Cobalt" is not a metal of this template; choose Tantalum, Tin, '
            "Gold or Tungsten in column B.",
        ),
    )


def test_row_with_a_metal_but_no_smelter() -> None:
    row = smelter_row(
        9,
        Metal.GOLD,
        cid_input="",
        lookup_name="",
        name="",
        country="",
        cid="",
        cached_cid="",
        resolution=SmelterResolution.UNRESOLVED,
    )
    assert findings(plus_rows(row)) == (
        at(
            "smelter.lookup.missing",
            Severity.ERROR,
            9,
            "Smelter List row 9: the row names the metal Gold but no smelter; pick the smelter "
            'in column C, or "Smelter not listed" or "Smelter not yet identified".',
            Metal.GOLD,
        ),
    )


@pytest.mark.parametrize(
    "name,country,missing",
    [
        (
            "",
            "",
            "gives neither the smelter's name (column D) nor its country (column E); enter both.",
        ),
        ("", "Bolivia", "gives no smelter name; enter it in column D."),
        ("Cerro Tin Works", "", "gives no smelter country; enter it in column E."),
    ],
)
def test_smelter_not_listed_needs_name_and_country(name: str, country: str, missing: str) -> None:
    declaration = plus_rows(not_listed_row(9, Metal.TIN, name, country))
    assert findings(declaration) == (
        at(
            "smelter.not_listed_incomplete",
            Severity.ERROR,
            9,
            f'Smelter List row 9: the row says "Smelter not listed" but {missing}',
            Metal.TIN,
        ),
    )
    complete = plus_rows(not_listed_row(9, Metal.TIN, "Cerro Tin Works", "Bolivia"))
    assert findings(complete) == ()


def test_smelter_not_yet_identified() -> None:
    row = smelter_row(
        9,
        Metal.TUNGSTEN,
        cid_input="",
        lookup_name="Smelter not yet identified",
        name="",
        country="",
        cid="",
        cached_cid="",
        resolution=SmelterResolution.NOT_IDENTIFIED,
    )
    assert findings(plus_rows(row)) == (
        at(
            "smelter.not_identified",
            Severity.WARNING,
            9,
            'Smelter List row 9: the smelter is "Smelter not yet identified"; ask the supplier '
            "to identify it.",
            Metal.TUNGSTEN,
        ),
    )


def test_smelter_name_matching_nothing() -> None:
    row = smelter_row(
        9,
        Metal.TIN,
        cid_input="",
        lookup_name="Mystery Tin Co",
        name="",
        cid="",
        cached_cid="",
        resolution=SmelterResolution.UNRESOLVED,
    )
    assert findings(plus_rows(row)) == (
        at(
            "smelter.unresolved",
            Severity.WARNING,
            9,
            'Smelter List row 9: "Mystery Tin Co" matches no smelter in the look-up list; pick '
            'the smelter in column C, or choose "Smelter not listed" and enter its name and '
            "country.",
            Metal.TIN,
        ),
    )


def test_metal_in_scope_without_smelters() -> None:
    declaration = clean_declaration()
    declaration = with_smelters(declaration, *(r for r in declaration.smelters if r.row != 6))
    assert findings(declaration) == (
        at(
            "smelters.missing_for_metal",
            Severity.ERROR,
            None,
            "Smelter List: the Declaration says Tin is in scope, but no smelter row names Tin; "
            'add its smelters, or a row with "Smelter not yet identified".',
            Metal.TIN,
        ),
    )


def test_smelter_rows_for_a_metal_declared_not_in_scope() -> None:
    # Q1 "No" leaves Q2 unanswered: the template greys it out.
    declaration = with_answer(clean_declaration(), "Q1", Metal.TUNGSTEN, "No")
    declaration = with_answer(declaration, "Q2", Metal.TUNGSTEN, "")
    assert findings(declaration) == (
        at(
            "smelters.metal_not_in_scope",
            Severity.WARNING,
            8,
            "Smelter List row 8: the Declaration answers No for Tungsten (not in scope), yet "
            "this row names Tungsten; correct the answers or remove the row.",
            Metal.TUNGSTEN,
        ),
    )
    declaration = with_answer(declaration, "Q2", Metal.TUNGSTEN, "No")
    declaration = with_smelters(
        declaration, *declaration.smelters, not_listed_row(9, Metal.TUNGSTEN, "W Co", "Peru")
    )
    assert [f.message for f in findings(declaration)] == [
        "Smelter List row 8: the Declaration answers No for Tungsten (not in scope), yet 2 "
        "smelter rows name Tungsten, starting here; correct the answers or remove the rows."
    ]


def test_metal_used_in_production_only_may_list_smelters() -> None:
    declaration = with_answer(clean_declaration(), "Q2", Metal.TUNGSTEN, "No")
    assert findings(declaration) == ()


@pytest.mark.parametrize(
    "recycled_raw,says",
    [
        ("No", 'column P says "No" for this smelter; correct the answer or the row.'),
        ("", "column P is empty for this smelter; answer it, or correct the Declaration."),
    ],
)
def test_all_recycled_but_a_smelter_is_not(recycled_raw: str, says: str) -> None:
    declaration = with_answer(clean_declaration(), "Q5", Metal.TIN, "Yes")
    tin = smelter_row(6, Metal.TIN, recycled_raw=recycled_raw, recycled=recycled_raw or None)
    declaration = with_smelters(
        declaration, *(tin if r.row == 6 else r for r in declaration.smelters)
    )
    assert findings(declaration) == (
        at(
            "smelter.recycled_contradiction",
            Severity.WARNING,
            6,
            "Smelter List row 6: Q5 (Declaration D51) says 100% of the Tin is recycled or scrap, "
            f"but {says}",
            Metal.TIN,
        ),
    )
    recycled = smelter_row(6, Metal.TIN, recycled_raw="Yes", recycled="Yes")
    fixed = with_smelters(
        declaration, *(recycled if r.row == 6 else r for r in declaration.smelters)
    )
    assert findings(fixed) == ()


def test_2x_has_no_recycled_column_to_contradict() -> None:
    declaration = with_answer(clean_declaration_2x(), "Q3", Metal.TIN, "Yes")
    assert findings(declaration, OLD_RELEASES) == ()


def test_a_typed_cid_supplies_the_metal_without_a_metal_cell() -> None:
    from dataclasses import replace

    declaration = clean_declaration()
    rows = tuple(replace(row, metal_raw="") for row in declaration.smelters)
    assert not [
        f
        for f in findings(replace(declaration, smelters=rows))
        if f.code == "smelter.metal.missing"
    ]
