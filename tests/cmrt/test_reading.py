"""Reading CMRT workbooks into the declaration model. No database."""

from __future__ import annotations

from datetime import date

import pytest

from cmrt.declaration import Metal, Scope, SmelterResolution
from cmrt.reading import CmrtReadError, cmrt_read
from tests.cmrt.build6x import cmrt_6x
from tests.cmrt.builders import template_workbook
from tests.cmrt.corpus import corpus_file


def test_reads_the_company_block_by_address() -> None:
    declaration = cmrt_read(cmrt_6x())
    company = declaration.company
    assert (company.name.value, company.name.cell) == ("Acme Components Ltd", "D8")
    assert company.scope is Scope.COMPANY
    assert company.authorizer_email.value == "sam.ray@acme.example.com"
    assert company.effective_date == date(2026, 3, 1)
    assert declaration.identity.version == "6.5"


@pytest.mark.parametrize("raw", [46082, 46082.0, "2026-03-01", "01.03.2026", "1-Mar-2026"])
def test_effective_dates_from_serials_and_text(raw: object) -> None:
    declaration = cmrt_read(cmrt_6x(company={"effective_date": raw}))
    assert declaration.company.effective_date == date(2026, 3, 1)


def test_an_unreadable_date_keeps_its_raw_text() -> None:
    company = cmrt_read(cmrt_6x(company={"effective_date": "last spring"})).company
    assert (company.effective_date, company.effective_date_raw.value) == (None, "last spring")


def test_answers_are_canonical_per_metal_with_their_cells() -> None:
    declaration = cmrt_read(
        cmrt_6x(
            answers={"Q3": {"Tantalum": " yes ", "Tin": "NO", "Gold": "Unknown", "Tungsten": None}}
        )
    )
    q3 = declaration.answers["Q3"]
    assert q3[Metal.TANTALUM].value == "Yes" and q3[Metal.TANTALUM].raw == "yes"
    assert q3[Metal.TIN].value == "No"
    assert q3[Metal.GOLD].value == "Unknown"
    assert q3[Metal.TUNGSTEN].is_empty
    assert (q3[Metal.TANTALUM].cell, q3[Metal.TUNGSTEN].cell) == ("D38", "D41")


def test_100_percent_stored_as_the_number_one_is_read_as_100_percent() -> None:
    declaration = cmrt_read(cmrt_6x(version="6.1", answers={"Q6": 1}))
    answer = declaration.answers["Q6"][Metal.GOLD]
    assert (answer.value, answer.raw) == ("100%", "1")


def test_values_outside_the_choices_are_kept_but_not_allowed() -> None:
    answer = cmrt_read(cmrt_6x(answers={"Q1": "Maybe"})).answers["Q1"][Metal.TIN]
    assert (answer.raw, answer.value, answer.is_allowed) == ("Maybe", None, False)


def test_answers_in_the_workbook_language_are_translated_through_sheet_l() -> None:
    content = cmrt_6x(
        language="中文 Chinese",
        answers={"Q1": "是", "Q3": "否"},
        translations=(("DeclarationB96", "Yes", "是"), ("DeclarationB97", "No", "否")),
    )
    declaration = cmrt_read(content)
    assert declaration.answers["Q1"][Metal.GOLD].value == "Yes"
    assert declaration.answers["Q3"][Metal.GOLD].value == "No"
    assert declaration.identity.language == "中文 Chinese"


def test_company_questions_and_comments() -> None:
    declaration = cmrt_read(cmrt_6x())
    policy_public = declaration.company_answers["B"]
    assert (policy_public.value, policy_public.comment, policy_public.comment_cell) == (
        "Yes",
        "https://acme.example.com/policy",
        "G77",
    )
    assert [q.key for q in declaration.company_questions] == list("ABCDEFGH")


def test_smelters_are_resolved_from_what_the_supplier_entered() -> None:
    content = cmrt_6x(
        smelters=(
            {"A": "cid000711"},  # CID typed in column A, B/C left to the (absent) formulas
            {"B": "Tin", "C": "minsur"},  # picked from the look-up list
            {"B": "Gold", "C": "Smelter not listed", "D": "Tiny Refinery", "E": "PERU"},
            {"B": "Tungsten", "C": "Smelter not yet identified"},
            {"B": "Tantalum", "C": "Nobody Known"},
            {"B": "Gold", "C": "Argor-Heraeus", "F": "CID000077", "E": "SWITZERLAND", "P": "yes"},
        )
    )
    rows = cmrt_read(content).smelters
    assert [(r.row, r.resolution) for r in rows] == [
        (5, SmelterResolution.CID_TYPED),
        (6, SmelterResolution.LOOKUP_NAME),
        (7, SmelterResolution.NOT_LISTED),
        (8, SmelterResolution.NOT_IDENTIFIED),
        (9, SmelterResolution.UNRESOLVED),
        (10, SmelterResolution.LOOKUP_NAME),
    ]
    typed = rows[0]
    assert (typed.metal, typed.cid, typed.name, typed.country) == (
        Metal.GOLD,
        "CID000711",
        "Heraeus Germany GmbH Co. KG",
        "GERMANY",
    )
    assert (rows[1].cid, rows[1].name) == ("CID001182", "Minsur")
    assert (rows[2].name, rows[2].country, rows[2].cid) == ("Tiny Refinery", "PERU", "")
    assert rows[5].recycled == "Yes" and rows[5].cached_cid == "CID000077"


def test_an_unknown_typed_cid_is_kept_for_the_checker() -> None:
    (row,) = cmrt_read(cmrt_6x(smelters=({"A": "CID999999", "B": "Gold"},))).smelters
    assert (row.resolution, row.cid, row.metal) == (
        SmelterResolution.UNRESOLVED,
        "CID999999",
        Metal.GOLD,
    )


def test_a_reference_list_overrides_the_workbooks_own() -> None:
    from cmrt.declaration import LookupEntry

    reference = (LookupEntry(Metal.GOLD, "New Gold Co", "New Gold Company", "JAPAN", "CID003000"),)
    (row,) = cmrt_read(cmrt_6x(smelters=({"A": "CID003000"},)), reference=reference).smelters
    assert (row.name, row.metal) == ("New Gold Company", Metal.GOLD)


def test_the_copyright_footer_ends_the_data() -> None:
    declaration = cmrt_read(cmrt_6x(products=(("P-1", "Widget", ""),)))
    assert [p.number for p in declaration.products] == ["P-1"]
    assert len(declaration.smelters) == 4


def test_product_rows() -> None:
    declaration = cmrt_read(cmrt_6x(products=(("P-1", "Widget", "blue"), ("P-2", "", ""))))
    assert [(p.row, p.number, p.name, p.comments) for p in declaration.products] == [
        (6, "P-1", "Widget", "blue"),
        (7, "P-2", "", ""),
    ]


def test_metals_in_scope_follow_q1_and_q2() -> None:
    content = cmrt_6x(
        answers={
            "Q1": {"Tantalum": "No", "Tin": "Yes", "Gold": "Yes", "Tungsten": "Yes"},
            "Q2": {"Tantalum": "No", "Tin": "Yes", "Gold": "No", "Tungsten": "Yes"},
        }
    )
    assert cmrt_read(content).metals_in_scope() == (Metal.TIN, Metal.TUNGSTEN)


def test_other_templates_are_named_not_half_parsed() -> None:
    content = template_workbook(
        title="Extended Mineral Reporting Template",
        declaration_title="(EMRT)",
        revision_cell="Revision 2.1",
        history=("2.0", "2.1"),
    )
    with pytest.raises(
        CmrtReadError,
        match=r"^This is the EMRT 2.1 template \(cobalt, copper, graphite, lithium, mica and nickel\), not a CMRT.",
    ):
        cmrt_read(content)


def test_a_workbook_that_is_no_template() -> None:
    import openpyxl

    from tests.cmrt.builders import save

    with pytest.raises(CmrtReadError, match="This workbook is not an RMI reporting template"):
        cmrt_read(save(openpyxl.Workbook()))


def test_cmrt_1_00_is_reported_as_outdated() -> None:
    with pytest.raises(
        CmrtReadError, match="This is a CMRT 1.00, a template from 2011 that is long outdated."
    ):
        cmrt_read(corpus_file("cmrt/CMRT_1.00_blank.xlsx"))


def test_an_unmappable_release_says_so() -> None:
    content = template_workbook(revision_cell="Revision 5.12", history=("5.12",))
    with pytest.raises(CmrtReadError, match="This CMRT 5.12 could not be mapped"):
        cmrt_read(content)


def test_a_5x_release_is_read_when_its_l_labels_sit_where_6x_has_them() -> None:
    from cmrt.layouts import LAYOUT_6X

    labels = tuple(
        (f"DeclarationB{q.row}", q.text, q.text)
        for q in LAYOUT_6X.questions + LAYOUT_6X.company_questions
    )
    declaration = cmrt_read(cmrt_6x(version="5.12", translations=labels))
    assert declaration.identity.version == "5.12"
    assert declaration.answers["Q1"][Metal.GOLD].value == "Yes"


# Golden reads of real files (skipped without ../shared/corpus).


def test_golden_3_01_green() -> None:
    declaration = cmrt_read(corpus_file("cmrt/CMRT_3.01_filled_green.xlsx"))
    assert declaration.company.name.value == "Green Status Pro"
    assert declaration.answers["Q5"][Metal.GOLD].value == "Yes, 100%"
    assert declaration.company_answers["B"].comment == "http://company/policy"
    assert [(r.metal, r.name, r.country) for r in declaration.smelters] == [
        (Metal.GOLD, "Allgemeine Gold", "GERMANY"),
        (Metal.TIN, "Alpha Metal", "UNITED STATES"),
        (Metal.TANTALUM, "Cabot Supermetals", "UNITED STATES"),
        (Metal.TUNGSTEN, "Ganzhou Huaxing Tungsten", "CHINA"),
    ]


def test_golden_2_03_encrypted_xls() -> None:
    declaration = cmrt_read(corpus_file("cmrt/CMRT_2.03_filled_encrypted.xls"))
    assert declaration.identity.version == "2.03"
    assert declaration.answers["Q2"][Metal.TIN].value == "Uncertain or Unknown"
    assert [r.cid for r in declaration.smelters] == ["1DEU001", "2PER019", "3CHN003", "4DEU008"]


def test_golden_6_5_blank_has_its_lookup_list_and_nothing_filled() -> None:
    declaration = cmrt_read(corpus_file("cmrt/RMI_CMRT_6.5_blank.xlsx"))
    assert len(declaration.lookup) >= 600
    assert declaration.smelters == () and declaration.products == ()
    assert declaration.company.name.value == ""


def test_with_a_reference_list_the_lookup_tab_is_not_read() -> None:
    blank = corpus_file("cmrt/RMI_CMRT_6.5_blank.xlsx")
    own = cmrt_read(blank).lookup
    declaration = cmrt_read(blank, reference=own[:10])
    assert declaration.lookup == ()  # the workbook's 600+ entries were not needed


def test_a_workbook_without_its_declaration_sheet() -> None:
    content = template_workbook(sheets=("Revision", "Smelter List", "Checker"))
    with pytest.raises(
        CmrtReadError,
        match="^The workbook has no Declaration sheet. Upload the CMRT as you received it",
    ):
        cmrt_read(content)


def test_the_lookup_lists_own_placeholders_do_not_resolve_rows() -> None:
    lookup = (
        ("Tin", "Smelter not listed", "Smelter not listed", "", ""),
        ("Tin", "Minsur", "Minsur", "PERU", "CID001182"),
    )
    content = cmrt_6x(
        lookup=lookup,
        smelters=({"B": "Tin", "C": "Smelter not listed", "D": "Tiny Tin", "E": "PERU"},),
    )
    (row,) = cmrt_read(content).smelters
    assert (row.resolution, row.name, row.country) == (
        SmelterResolution.NOT_LISTED,
        "Tiny Tin",
        "PERU",
    )
