"""The import service and the selectors, against the database."""

from __future__ import annotations

from datetime import date

import pytest

from cmrt.declaration import Metal
from cmrt.models import ReferenceImport, ReferenceSmelter, RmapSnapshot, RmapStatus, SmelterAlias
from cmrt.selectors.reference import (
    known_smelters,
    reader_reference,
    rmap_snapshot_on,
    rmap_status_for,
)
from cmrt.services.reference import ReferenceFileError, reference_import
from tests.cmrt.corpus import corpus_file
from tests.cmrt.reference.builders import facility_list, lookup_template, status_list

pytestmark = pytest.mark.django_db

FIVE = [
    ("CID000001", "Gold", "Gold One", "JAPAN"),
    ("CID000002", "Gold", "Gold Two", "PERU"),
    ("CID000003", "Tin", "Tin Three", "BOLIVIA"),
    ("CID000004", "Tin", "Tin Four", "CHINA"),
    ("CID000005", "Tungsten", "Tungsten Five", "CHINA"),
]


def test_facility_import_creates_smelters_with_their_names() -> None:
    content = facility_list(FIVE)  # built once: openpyxl stamps the time into each build
    result = reference_import(content, "list.xlsx", as_of=date(2024, 1, 1))
    assert (result.kind, result.created, result.updated, result.unchanged, result.removed) == (
        "facility_list",
        5,
        0,
        0,
        0,
    )
    record = ReferenceImport.objects.get(pk=result.import_id)
    assert record.file.read() == content
    assert known_smelters()["CID000003"] is Metal.TIN
    assert SmelterAlias.objects.filter(kind="standard").count() == 5


def test_same_bytes_twice_change_nothing() -> None:
    content = facility_list(FIVE)
    first = reference_import(content, "list.xlsx", as_of=date(2024, 1, 1))
    second = reference_import(content, "again.xlsx")
    assert second.already_imported and second.import_id == first.import_id
    assert (second.created, second.updated) == (5, 0)
    assert second.notes[0].startswith("This file was already imported on ")
    assert ReferenceImport.objects.count() == 1


def test_preview_writes_nothing() -> None:
    result = reference_import(facility_list(FIVE), "list.xlsx", commit=False)
    assert (result.created, result.import_id, result.committed) == (5, None, False)
    assert not ReferenceSmelter.objects.exists()
    assert not ReferenceImport.objects.exists()


def test_a_bad_file_writes_nothing() -> None:
    with pytest.raises(ReferenceFileError):
        reference_import(b"not,a\nsmelter,list\n", "bad.csv")
    assert not ReferenceImport.objects.exists()


def test_a_newer_full_list_marks_missing_smelters_removed_and_keeps_former_names() -> None:
    reference_import(facility_list(FIVE), "2024.xlsx", as_of=date(2024, 1, 1))
    renamed = [
        ("CID000001", "Gold", "Gold One Renamed", "JAPAN"),
        *FIVE[1:4],
        ("CID000006", "Gold", "Gold Six", "CHILE"),
    ]
    result = reference_import(facility_list(renamed), "2025.xlsx", as_of=date(2025, 1, 1))
    assert (result.created, result.updated, result.unchanged, result.removed) == (1, 1, 3, 1)
    five = ReferenceSmelter.objects.get(cid="CID000005")
    assert five.removed_at == date(2025, 1, 1)
    one = ReferenceSmelter.objects.get(cid="CID000001")
    assert one.standard_name == "Gold One Renamed"
    assert dict(one.aliases.values_list("name", "kind")) == {
        "Gold One": "former",
        "Gold One Renamed": "standard",
    }


def test_an_older_list_imported_later_renames_and_removes_nothing() -> None:
    reference_import(facility_list(FIVE), "2025.xlsx", as_of=date(2025, 1, 1))
    older = [("CID000001", "Gold", "Gold One Old", "JAPAN"), FIVE[1]]
    result = reference_import(facility_list(older), "2020.xlsx", as_of=date(2020, 1, 1))
    assert (result.updated, result.removed) == (1, 0)  # the old name becomes a former name
    assert ReferenceSmelter.objects.get(cid="CID000001").standard_name == "Gold One"
    assert not ReferenceSmelter.objects.filter(removed_at__isnull=False).exists()


def test_a_small_extract_removes_nothing() -> None:
    reference_import(facility_list(FIVE), "full.xlsx", as_of=date(2024, 1, 1))
    result = reference_import(facility_list(FIVE[:2]), "extract.xlsx", as_of=date(2025, 1, 1))
    assert result.removed == 0
    assert result.notes[-1] == (
        "This list carries 2 of the 5 smelters listed so far, so it is taken as an extract: "
        "no smelter was marked removed."
    )


def test_lookup_tab_import_feeds_the_reader() -> None:
    content = lookup_template([("Gold", "Alias A", "Gold One", "JAPAN", "CID000001")])
    result = reference_import(content, "cmrt.xlsx")
    assert (result.kind, result.as_of, result.created) == ("lookup_tab", date(2025, 4, 25), 1)
    names = sorted(entry.lookup_name for entry in reader_reference())
    assert names == ["Alias A", "Gold One"]


def test_status_snapshots_answer_by_date() -> None:
    reference_import(facility_list(FIVE), "list.xlsx", as_of=date(2024, 1, 1))
    reference_import(
        status_list([("CID000001", "Gold", "Active")]), "s1.xlsx", as_of=date(2023, 1, 1)
    )
    assert rmap_snapshot_on(date(2022, 12, 31)) is None
    old = rmap_snapshot_on(date(2023, 6, 1))
    reference_import(
        status_list([("CID000001", "Gold", "Conformant")]), "s2.xlsx", as_of=date(2024, 1, 1)
    )
    assert rmap_snapshot_on(date(2023, 6, 1)) == old
    assert rmap_status_for(old, ["cid 000001"])["CID000001"].status_raw == "Active"
    new = rmap_snapshot_on(date(2024, 6, 1))
    status = rmap_status_for(new, ["CID000001"])["CID000001"]
    assert (status.status, status.smelter.standard_name) == ("conformant", "Gold One")
    # A re-import of a newer list never changes the answer for an older date.
    reference_import(
        status_list([("CID000001", "Gold", "Suspended")], sheet="Again"),
        "s3.xlsx",
        as_of=date(2024, 1, 1),
    )
    assert rmap_snapshot_on(date(2023, 6, 1)) == old
    assert (
        rmap_status_for(rmap_snapshot_on(date(2024, 6, 1)), ["CID000001"])["CID000001"].status_raw
        == "Suspended"
    )  # same date: the later import wins
    assert RmapSnapshot.objects.count() == 3


def test_status_as_of_comes_from_the_file_when_not_given() -> None:
    result = reference_import(
        status_list([("CID000009", "Tin", "Active")], as_of="2023-06-30"), "s.xlsx"
    )
    assert result.as_of == date(2023, 6, 30)
    status = RmapStatus.objects.get()
    assert status.smelter is None
    assert result.notes == ("1 smelter IDs of this list are not on the reference list yet.",)
    reference_import(facility_list([("CID000009", "Tin", "Tin Nine", "PERU")]), "l.xlsx")
    status.refresh_from_db()
    assert status.smelter.cid == "CID000009"


def test_corpus_lookup_tab_then_status_list() -> None:
    lookup = corpus_file("cmrt/RMI_CMRT_6.5_blank.xlsx")
    status = corpus_file("reference/rmi_smelter_status_list_c2022.xlsx")
    assert reference_import(lookup, "RMI_CMRT_6.5.xlsx").created == 349
    result = reference_import(status, "status.xlsx", as_of=date(2022, 12, 31))
    assert result.created == 355
    assert RmapStatus.objects.filter(smelter__isnull=False).count() > 300
