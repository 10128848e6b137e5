"""Smelter IDs: form, reference list, metal, duplicates (cmrt/checks/smelter_ids.py).
No database. The clean declaration has rows 5-8: Tantalum, Tin, Gold, Tungsten, each
with the CID of its reference smelter (tests/cmrt/declarations.py SMELTERS)."""

from __future__ import annotations

from dataclasses import replace

from cmrt.checks import CheckContext
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
    SMELTERS,
    TODAY,
    clean_declaration,
    clean_declaration_2x,
    not_listed_row,
    smelter_row,
    with_smelters,
)


def at(code: str, severity: Severity, row: int, message: str, metal: Metal) -> Finding:
    return Finding(code, severity, message, sheet=SMELTER_LIST, row=row, metal=metal)


def plus_rows(*rows: SmelterRow, declaration: Declaration | None = None) -> Declaration:
    declaration = declaration or clean_declaration()
    return with_smelters(declaration, *declaration.smelters, *rows)


def typed_only(row: int, metal: Metal, typed: str) -> SmelterRow:
    """A CID typed in column A that the look-up list does not resolve."""
    return smelter_row(
        row,
        metal,
        cid_input=typed,
        lookup_name="",
        name="",
        country="",
        cid="",
        cached_cid="",
        resolution=SmelterResolution.UNRESOLVED,
    )


def test_cid_in_lower_case_with_spaces_is_read_and_noted() -> None:
    declaration = clean_declaration()
    tin = smelter_row(6, Metal.TIN, cid_input=" cid 001105")
    declaration = with_smelters(
        declaration, *(tin if r.row == 6 else r for r in declaration.smelters)
    )
    assert findings(declaration) == (
        at(
            "smelter.cid_normalised",
            Severity.INFO,
            6,
            'Smelter List row 6: the smelter ID "cid 001105" was read as CID001105; type smelter '
            "IDs as CID followed by six digits.",
            Metal.TIN,
        ),
    )


def test_malformed_cid() -> None:
    declaration = plus_rows(typed_only(9, Metal.GOLD, "CID0027634"))
    assert findings(declaration) == (
        at(
            "smelter.cid_malformed",
            Severity.WARNING,
            9,
            'Smelter List row 9: "CID0027634" is not a valid smelter ID (CID followed by six '
            "digits); check the ID against the RMI smelter list.",
            Metal.GOLD,
        ),
    )


def test_cid_unknown_to_the_workbook_look_up_tab() -> None:
    declaration = plus_rows(typed_only(9, Metal.GOLD, "CID999999"))
    assert findings(declaration) == (
        at(
            "smelter.cid_unknown",
            Severity.WARNING,
            9,
            "Smelter List row 9: CID999999 is not in the smelter list that ships with this "
            "template; check the ID, or ask the supplier where it comes from.",
            Metal.GOLD,
        ),
    )


def test_cid_unknown_to_the_app_reference_list() -> None:
    known = {cid: metal for metal, (cid, _name, _country) in SMELTERS.items()}
    del known["CID000015"]
    context = CheckContext(today=TODAY, known_smelters=known)
    assert findings(clean_declaration(), context) == (
        at(
            "smelter.cid_unknown",
            Severity.WARNING,
            7,
            "Smelter List row 7: CID000015 is not in the RMI smelter reference list; check the "
            "ID, or ask the supplier where it comes from.",
            Metal.GOLD,
        ),
    )


def test_without_any_reference_ids_are_not_looked_up() -> None:
    declaration = plus_rows(typed_only(9, Metal.GOLD, "CID999999"))
    assert findings(replace(declaration, lookup=())) == ()


def test_cid_of_another_metal() -> None:
    row = smelter_row(9, Metal.TIN, metal_raw="Gold", metal=Metal.GOLD)
    assert findings(plus_rows(row)) == (
        at(
            "smelter.cid_metal_mismatch",
            Severity.WARNING,
            9,
            "Smelter List row 9: CID001105 is a Tin smelter but the row says Gold; correct the "
            "metal or the ID.",
            Metal.GOLD,
        ),
    )


def test_same_cid_twice_for_one_metal() -> None:
    declaration = plus_rows(smelter_row(9, Metal.GOLD, cid_input="cid000015"))
    duplicates = [f for f in findings(declaration) if f.code == "smelter.duplicate"]
    assert duplicates == [
        at(
            "smelter.duplicate",
            Severity.WARNING,
            9,
            "Smelter List row 9: repeats row 7 (Gold, CID000015); remove one of the two rows.",
            Metal.GOLD,
        )
    ]


def test_same_name_twice_for_one_metal_without_ids() -> None:
    declaration = plus_rows(
        not_listed_row(9, Metal.TIN, "Cerro Tin Works, S.A.", "Bolivia"),
        not_listed_row(10, Metal.TIN, "CERRO TIN-WORKS SA", "Bolivia"),
        not_listed_row(11, Metal.GOLD, "Cerro Tin Works SA", "Bolivia"),
    )
    assert findings(declaration) == (
        at(
            "smelter.duplicate",
            Severity.WARNING,
            10,
            'Smelter List row 10: repeats row 9 (Tin, "CERRO TIN-WORKS SA"); remove one of the '
            "two rows.",
            Metal.TIN,
        ),
    )


def test_2x_smelter_ids_are_not_cids() -> None:
    declaration = clean_declaration_2x()
    assert declaration.smelters[0].cid == "1XYZ001"
    odd = smelter_row(9, Metal.TIN, cid_input="", cid="9xyz 009", cached_cid="", recycled=None)
    declaration = plus_rows(odd, declaration=declaration)
    assert [f.code for f in findings(declaration, OLD_RELEASES)] == []
