"""Which template and release a workbook is, decided from content only."""

from __future__ import annotations

import pytest

from cmrt.recognition import TemplateKind, normalise_version, template_identify, version_key
from cmrt.workbook import workbook_open
from tests.cmrt.builders import template_workbook
from tests.cmrt.corpus import corpus_file


@pytest.mark.parametrize(
    "relative,kind,version,language",
    [
        ("cmrt/CMRT_1.00_blank.xlsx", "CMRT", "1.00", "English"),
        ("cmrt/CMRT_2.00_filled.xls", "CMRT", "2.00", "English"),
        ("cmrt/CMRT_2.03_filled_encrypted.xls", "CMRT", "2.03", "English"),
        ("cmrt/CMRT_2.03a_filled_green.xlsx", "CMRT", "2.03a", "English"),
        ("cmrt/CMRT_3.01_filled_green.xlsx", "CMRT", "3.01", "English"),
        ("cmrt/RMI_CMRT_6.01_blank.xlsx", "CMRT", "6.01", "中文 Chinese"),
        ("cmrt/RMI_CMRT_6.1_blank.xlsx", "CMRT", "6.1", "中文 Chinese"),
        ("cmrt/RMI_CMRT_6.31_blank.xlsx", "CMRT", "6.31", "中文 Chinese"),
        ("cmrt/RMI_CMRT_6.5_blank.xlsx", "CMRT", "6.5", "中文 Chinese"),
        ("other-templates/RMI_EMRT_2.0_blank.xlsx", "EMRT", "2.0", "中文 Chinese"),
        ("other-templates/RMI_EMRT_2.1_blank.xlsx", "EMRT", "2.1", "中文 Chinese"),
        ("other-templates/RMI_AMRT_1.3_blank.xlsx", "AMRT", "1.3", "中文 Chinese"),
        # CRT 2.21 still calls itself 2.2 everywhere inside: we report what it says.
        ("other-templates/RMI_CRT_2.21_blank.xlsx", "CRT", "2.2", "中文 Chinese"),
    ],
)
def test_recognises_every_corpus_template(
    relative: str, kind: str, version: str, language: str
) -> None:
    identity = template_identify(workbook_open(corpus_file(relative)))
    assert identity is not None
    assert (identity.kind, identity.version, identity.language) == (kind, version, language)


@pytest.mark.parametrize(
    "relative", ["not-cmrt/two_worksheets.xlsx", "reference/rmi_smelter_status_list_c2022.xlsx"]
)
def test_other_workbooks_are_not_templates(relative: str) -> None:
    assert template_identify(workbook_open(corpus_file(relative))) is None


def test_a_translated_title_is_recognised_from_the_revision_sheet() -> None:
    content = template_workbook(
        declaration_title="紛争鉱物報告テンプレート (CMRT)", language="日本語 Japanese"
    )
    identity = template_identify(workbook_open(content))
    assert (identity.kind, identity.version, identity.language) == (
        TemplateKind.CMRT,
        "6.5",
        "日本語 Japanese",
    )


def test_without_titles_the_sheet_set_decides() -> None:
    content = template_workbook(
        title="",
        declaration_title="",
        sheets=("Revision", "Declaration", "Smelter List", "Mine List"),
    )
    assert template_identify(workbook_open(content)).kind is TemplateKind.EMRT


def test_the_newer_of_j3_and_the_revision_history_wins() -> None:
    content = template_workbook(
        revision_cell="Revision 6.4\nApril 26, 2024", history=("6.4", "6.5")
    )
    assert template_identify(workbook_open(content)).version == "6.5"


def test_a_release_typed_as_a_number_in_the_history_is_read() -> None:
    content = template_workbook(revision_cell="", history=(6.4, 6.31))
    assert template_identify(workbook_open(content)).version == "6.4"


def test_a_template_that_names_no_release_has_an_empty_version() -> None:
    content = template_workbook(revision_cell="", history=())
    assert template_identify(workbook_open(content)).version == ""


@pytest.mark.parametrize(
    "raw,kind,expected",
    [
        ("2", "CMRT", "2.00"),
        ("1.", "CMRT", "1.00"),
        ("2.0", "CMRT", "2.00"),
        ("2.03a", "CMRT", "2.03a"),
        ("6.5", "CMRT", "6.5"),
        ("6", "CMRT", "6.0"),
        ("2.1", "EMRT", "2.1"),
        ("2", "EMRT", "2.0"),
    ],
)
def test_normalise_version(raw: str, kind: str, expected: str) -> None:
    assert normalise_version(raw, TemplateKind(kind)) == expected


def test_versions_sort_as_releases() -> None:
    releases = ["6.5", "6.01", "2.03a", "6.1", "2.03", "6.31", "6.4"]
    assert sorted(releases, key=version_key) == [
        "2.03",
        "2.03a",
        "6.01",
        "6.1",
        "6.31",
        "6.4",
        "6.5",
    ]
