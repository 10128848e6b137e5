"""Walking a bulk upload (cmrt/bulk/archive.py): pure, no database."""

from __future__ import annotations

import hashlib
import os
import zipfile

import pytest

from cmrt.bulk import ArchiveEntry, EntryKind, archive_entries, archive_pack, is_archive
from config.uploads import UnsafeArchive
from tests.cmrt.bulk.helpers import fake_workbook, zip_of

MB = 1024 * 1024


def walk(content: bytes, **limits: int) -> list[ArchiveEntry]:
    limits.setdefault("max_file_bytes", 25 * MB)
    limits.setdefault("max_total_bytes", 100 * MB)
    return list(archive_entries(content, **limits))


def summary(entries: list[ArchiveEntry]) -> list[tuple[str, str, str]]:
    return [(entry.path, entry.kind.value, entry.message) for entry in entries]


def test_nested_folders_are_walked_and_clutter_is_dropped_silently() -> None:
    one, two = fake_workbook("1"), fake_workbook("2")
    content = zip_of(
        {
            "batch/": b"",
            "batch/2025/": b"",
            "batch/2025/alpha.xlsx": one,
            "beta.XLSM": two,
            "__MACOSX/batch/2025/._alpha.xlsx": b"\0\5\26\7",
            "batch/.DS_Store": b"\0\0\0\1Bud1",
            "Thumbs.db": b"junk",
            "batch/~$alpha.xlsx": b"owner file",
            "desktop.ini": b"[.ShellClassInfo]",
        }
    )
    entries = walk(content)
    assert summary(entries) == [
        ("batch/2025/alpha.xlsx", "workbook", ""),
        ("beta.XLSM", "workbook", ""),
    ]
    assert entries[0].content == one
    assert entries[0].sha256 == hashlib.sha256(one).hexdigest()
    assert entries[0].size == len(one)


def test_other_files_are_reported_as_not_a_spreadsheet() -> None:
    content = zip_of(
        {"readme.txt": b"hello", "scan.pdf": b"%PDF-1.7", "cmrt.xlsx": fake_workbook("1")}
    )
    assert summary(walk(content)) == [
        ("readme.txt", "skipped", "Not a spreadsheet."),
        ("scan.pdf", "skipped", "Not a spreadsheet."),
        ("cmrt.xlsx", "workbook", ""),
    ]


def test_a_file_named_like_a_workbook_goes_to_the_reader_whatever_it_holds() -> None:
    [entry] = walk(zip_of({"renamed.xlsx": b"name,country\nAcme,DE\n"}))
    assert (entry.kind, entry.content) == (EntryKind.WORKBOOK, b"name,country\nAcme,DE\n")


def test_duplicates_by_content_point_at_the_first_path() -> None:
    same = fake_workbook("same")
    entries = walk(zip_of({"a/first.xlsx": same, "b/copy of first.xlsx": same}))
    assert summary(entries) == [
        ("a/first.xlsx", "workbook", ""),
        ("b/copy of first.xlsx", "duplicate", "Same file as a/first.xlsx."),
    ]
    assert entries[1].duplicate_of == "a/first.xlsx"
    assert entries[1].content == b""  # only the first is kept in memory and imported
    assert entries[1].sha256 == entries[0].sha256


def test_a_zip_inside_the_zip_is_opened_one_level_deep() -> None:
    deeper = zip_of({"deep.xlsx": fake_workbook("deep")})
    inner = zip_of({"inner.xlsx": fake_workbook("inner"), "deeper.zip": deeper})
    entries = walk(zip_of({"mail/attachments.zip": inner}))
    assert summary(entries) == [
        ("mail/attachments.zip/inner.xlsx", "workbook", ""),
        (
            "mail/attachments.zip/deeper.zip",
            "skipped",
            "A zip inside a zip inside the upload is not opened; unpack it and upload it.",
        ),
    ]


def test_several_uploaded_files_are_packed_and_their_zips_are_still_opened() -> None:
    packed = archive_pack(
        [
            ("C:\\Users\\pat\\alpha.xlsx", fake_workbook("a")),
            ("batch.zip", zip_of({"beta.xlsx": fake_workbook("b")})),
            ("alpha.xlsx", fake_workbook("other alpha")),
        ]
    )
    assert summary(walk(packed)) == [
        ("Users/pat/alpha.xlsx", "workbook", ""),
        ("batch.zip/beta.xlsx", "workbook", ""),
        ("alpha.xlsx", "workbook", ""),
    ]


def test_paths_that_clean_to_the_same_name_are_kept_apart() -> None:
    entries = walk(zip_of({"b.xlsx": fake_workbook("1"), "./b.xlsx": fake_workbook("2")}))
    assert [entry.path for entry in entries] == ["b.xlsx", "b (2).xlsx"]


def test_a_zip_bomb_is_refused_with_a_message() -> None:
    bomb = zip_of({"bomb.txt": b"\0" * (20 * MB)})
    with pytest.raises(UnsafeArchive) as refused:
        walk(bomb)
    assert str(refused.value) == (
        "The archive unpacks to far more data than its size suggests (a zip bomb), so it was refused."
    )


def test_a_zip_bomb_inside_the_zip_is_skipped_and_the_rest_imported() -> None:
    bomb = zip_of({"bomb.txt": b"\0" * (20 * MB)})
    entries = walk(
        zip_of({"ok.xlsx": fake_workbook("ok"), "bomb.zip": bomb}, compression=zipfile.ZIP_STORED)
    )
    assert summary(entries) == [
        ("ok.xlsx", "workbook", ""),
        (
            "bomb.zip",
            "skipped",
            "The archive unpacks to far more data than its size suggests (a zip bomb), so it was refused.",
        ),
    ]


def test_the_total_size_and_the_entry_count_are_limited_across_nested_zips() -> None:
    inner = zip_of({f"{n}.xlsx": fake_workbook(str(n)) for n in range(3)})
    outer = zip_of({"x.xlsx": fake_workbook("x"), "more.zip": inner})
    entries = walk(outer, max_entries=3)
    assert summary(entries)[1] == (
        "more.zip",
        "skipped",
        "The archive holds 5 files; one import takes at most 3. Split it into smaller archives.",
    )
    with pytest.raises(UnsafeArchive) as refused:
        walk(outer, max_entries=1)
    assert str(refused.value) == (
        "The archive holds 2 files; one import takes at most 1. Split it into smaller archives."
    )
    random = os.urandom(3 * MB)
    with pytest.raises(UnsafeArchive) as refused:
        walk(zip_of({"a.xlsx": random}), max_total_bytes=2 * MB)
    assert (
        str(refused.value)
        == "The archive unpacks to more than 2 MB; split it into smaller archives."
    )


def test_a_file_larger_than_an_upload_is_skipped_unread() -> None:
    entries = walk(zip_of({"huge.xlsx": os.urandom(2 * MB)}), max_file_bytes=MB)
    assert summary(entries) == [
        ("huge.xlsx", "skipped", "Larger than 1 MB, far larger than a CMRT; not imported.")
    ]


def test_a_damaged_archive_is_refused() -> None:
    with pytest.raises(UnsafeArchive) as refused:
        walk(b"PK\x03\x04 this is not really a zip")
    assert str(refused.value) == "The archive is damaged or is not a zip file."


def test_is_archive_tells_a_zip_of_files_from_a_workbook() -> None:
    assert is_archive("batch.zip", zip_of({"a.xlsx": fake_workbook("a")}))
    assert is_archive("batch", zip_of({"a.xlsx": fake_workbook("a")}))
    assert not is_archive("a.xlsx", fake_workbook("a"))
    assert not is_archive("cmrt.zip", fake_workbook("renamed workbook"))
    assert not is_archive("a.txt", b"hello")
