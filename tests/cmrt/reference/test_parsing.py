"""Pure parsers: no database."""

from __future__ import annotations

from datetime import date

import pytest

from cmrt.declaration import Metal
from cmrt.reference import CanonicalStatus, ReferenceFileError, ReferenceKind, reference_parse
from cmrt.reference.columns import date_parse
from cmrt.reference.status import status_canonical
from tests.cmrt.corpus import corpus_file
from tests.cmrt.reference.builders import (
    csv_bytes,
    facility_list,
    lookup_template,
    status_list,
    xlsx,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Conformant", CanonicalStatus.CONFORMANT),
        ("CONFORMANT ", CanonicalStatus.CONFORMANT),
        ("Compliant", CanonicalStatus.CONFORMANT),
        ("Active", CanonicalStatus.ACTIVE),
        ("In Communication", CanonicalStatus.ACTIVE),
        ("Non Conformant", CanonicalStatus.NOT_CONFORMANT),
        ("Non-Conformant", CanonicalStatus.NOT_CONFORMANT),
        ("Suspended", CanonicalStatus.NOT_CONFORMANT),
        ("Outreach Required", CanonicalStatus.NOT_CONFORMANT),
        ("Communication Suspended - Not Interested", CanonicalStatus.NOT_CONFORMANT),
        ("RMI Due Diligence Review - Unable to Proceed", CanonicalStatus.NOT_CONFORMANT),
        ("Not Sure", CanonicalStatus.UNKNOWN),
        ("Something new", CanonicalStatus.UNKNOWN),
    ],
)
def test_status_words_map_to_canonical(raw: str, canonical: CanonicalStatus) -> None:
    assert status_canonical(raw) is canonical


def test_slashed_dates_are_month_first() -> None:
    assert date_parse("6/1/2021") == date(2021, 6, 1)
    assert date_parse("2024-01-15") == date(2024, 1, 15)
    assert date_parse("April 25, 2025") == date(2025, 4, 25)
    assert date_parse("13/13/2020") is None


def test_facility_list_headers_found_below_a_title_in_any_case_and_order() -> None:
    content = xlsx(
        {
            "List": [
                ["RMI smelter list"],
                ["As of: 2024-03-01"],
                [],
                ["smelter  id", "COUNTRY LOCATION", "metal", "Standard-Smelter-Name", "City"],
                ["cid 000001", "JAPAN", "Gold", "Gold One", "Tokyo"],
                ["CID000002", "PERU", "tin", "Tin Two", ""],
            ]
        }
    )
    parsed = reference_parse(content)
    assert parsed.kind is ReferenceKind.FACILITY_LIST
    assert parsed.as_of == date(2024, 3, 1)
    assert [(s.cid, s.metal, s.standard_name, s.country, s.city) for s in parsed.smelters] == [
        ("CID000001", Metal.GOLD, "Gold One", "JAPAN", "Tokyo"),
        ("CID000002", Metal.TIN, "Tin Two", "PERU", ""),
    ]
    assert parsed.problems == ()


def test_facility_rows_of_one_cid_gather_their_lookup_names() -> None:
    content = xlsx(
        {
            "List": [
                ("Metal", "Smelter Reference", "Standard Smelter Name", "Country", "Smelter ID"),
                ("Gold", "Alias A", "Gold One", "JAPAN", "CID000001"),
                ("Gold", "Gold One", "Gold One", "JAPAN", "CID000001"),
                ("Cobalt", "Co", "Cobalt Co", "CHINA", "CID000009"),
            ]
        }
    )
    parsed = reference_parse(content)
    assert len(parsed.smelters) == 1
    assert parsed.smelters[0].lookup_names == ("Alias A", "Gold One")
    assert parsed.notes == (
        "1 rows for metals other than tin, tantalum, tungsten and gold (Cobalt) were not read.",
    )


def test_csv_with_semicolons_in_windows_1252_and_unusable_rows_named() -> None:
    rows = [
        ("Smelter ID", "Metal", "Smelter Name", "Country"),
        ("", "Gold", "No ID", "FRANCE"),
        ("CID12", "Gold", "Short ID", "FRANCE"),
        ("CID000003", "", "No metal", "FRANCE"),
        ("CID000004", "Gold", "Métaux SA", "SWITZERLAND"),
    ]
    parsed = reference_parse(csv_bytes(rows, delimiter=";", encoding="cp1252"))
    assert [s.standard_name for s in parsed.smelters] == ["Métaux SA"]
    assert parsed.problems == (
        "row 2: no smelter ID",
        "row 3: smelter ID CID12 is not of the form CID000000",
        "row 4: no metal",
    )


def test_status_list_keeps_the_raw_status_and_reads_audit_columns() -> None:
    content = xlsx(
        {
            "Conformant": [
                (
                    "Metal",
                    "Smelter ID",
                    "Standard Smelter Name",
                    "Last Audit Date",
                    "Audit Cycle",
                    "LBMA RG",
                    "RJC",
                    "Type",
                ),
                ("Gold", "CID000001", "Gold One", "2/15/2019", "1 Year", "Yes", None, "Conformant"),
            ],
            "All": [
                ("Metal", "Smelter ID", "Standard Smelter Name", "RMI Status", "Type"),
                ("Gold", "CID000001", "Gold One", "Non Conformant", "Low Risk"),
                ("Tin", "CID000002", "Tin Two", "Outreach Required", "High Risk"),
                ("Tin", "CID000003", "Tin Three", "#N/A", "#N/A"),
            ],
        }
    )
    parsed = reference_parse(content)
    assert parsed.kind is ReferenceKind.STATUS_LIST
    first, second = parsed.statuses
    assert (first.cid, first.status_raw, first.status) == (
        "CID000001",
        "Conformant",
        CanonicalStatus.CONFORMANT,
    )
    assert (first.last_audit_date, first.audit_cycle, first.cross_recognition) == (
        date(2019, 2, 15),
        "1 Year",
        "LBMA",
    )
    assert (second.status_raw, second.status) == (
        "Outreach Required",
        CanonicalStatus.NOT_CONFORMANT,
    )
    assert parsed.problems == (
        "sheet “All”, row 2: CID000001 is “Non Conformant” here but “Conformant” at "
        "sheet “Conformant”, row 2; kept “Conformant”",
        "sheet “All”, row 4: no status for CID000003",
    )


def test_status_list_states_its_date() -> None:
    parsed = reference_parse(status_list([("CID000001", "Gold", "Active")], as_of="2023-06-30"))
    assert parsed.as_of == date(2023, 6, 30)
    assert parsed.statuses[0].status is CanonicalStatus.ACTIVE


def test_lookup_tab_of_a_template() -> None:
    content = lookup_template(
        [
            ("Gold", "Alias A", "Gold One", "JAPAN", "CID000001"),
            ("Gold", "Gold One", "Gold One", "JAPAN", "CID000001"),
            ("Tin", "Tin Two", "Tin Two", "PERU", ""),
        ]
    )
    parsed = reference_parse(content)
    assert parsed.kind is ReferenceKind.LOOKUP_TAB
    assert (parsed.release, parsed.as_of, parsed.source_label) == (
        "6.5",
        date(2025, 4, 25),
        "CMRT 6.5 Smelter Look-up",
    )
    assert [(s.cid, s.lookup_names) for s in parsed.smelters] == [
        ("CID000001", ("Alias A", "Gold One"))
    ]
    assert parsed.problems == ("sheet “Smelter Look-up”, row 7: no smelter ID",)


def test_a_file_without_smelter_headers_is_refused() -> None:
    with pytest.raises(ReferenceFileError) as caught:
        reference_parse(xlsx({"Sheet": [("Name", "Value"), ("a", 1)]}))
    assert str(caught.value) == (
        "This file is not a smelter list: no sheet has a header row with a smelter ID "
        "column and a metal or smelter name column in its first 20 rows."
    )


def test_a_file_that_is_no_workbook_is_refused() -> None:
    with pytest.raises(ReferenceFileError, match="neither a workbook nor a CSV"):
        reference_parse(b"\x00\x01binary")
    with pytest.raises(ReferenceFileError, match="The file is empty."):
        reference_parse(b"")


def test_a_list_where_no_row_is_usable_is_refused_with_the_rows() -> None:
    with pytest.raises(ReferenceFileError) as caught:
        reference_parse(facility_list([("", "Gold", "No ID", "FRANCE")]))
    assert str(caught.value) == "The facility list has no usable rows."
    assert caught.value.problems == ("sheet “Smelters”, row 2: no smelter ID",)


def test_corpus_status_list_c2022() -> None:
    parsed = reference_parse(corpus_file("reference/rmi_smelter_status_list_c2022.xlsx"))
    assert parsed.kind is ReferenceKind.STATUS_LIST
    assert len(parsed.statuses) == 355
    assert parsed.unmapped_statuses == ("Not Sure",)
    assert parsed.problems[0] == (
        "sheet “ALl Smelter List”, row 2: smelter ID CID0027634 is not of the form CID000000"
    )


def test_corpus_lookup_tab_6_5() -> None:
    parsed = reference_parse(corpus_file("cmrt/RMI_CMRT_6.5_blank.xlsx"))
    assert (parsed.kind, parsed.release, len(parsed.smelters)) == (
        ReferenceKind.LOOKUP_TAB,
        "6.5",
        349,
    )


def test_corpus_id_translation_table_is_not_a_reference_list() -> None:
    with pytest.raises(ReferenceFileError):
        reference_parse(corpus_file("reference/cfsi_v2_to_v3_smelter_ids_2014.csv"))
