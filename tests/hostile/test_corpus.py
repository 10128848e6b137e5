"""The corpus itself: every category of the issue is tried, as a workbook and as a table
import, and no two cases share bytes (a bulk import would file the second as a duplicate of
the first and hide its outcome)."""

from __future__ import annotations

import hashlib

from tests.hostile.corpus import CATEGORIES, PATHS, cases


def test_every_category_is_tried_as_a_workbook() -> None:
    assert {case.category for case in cases(tables=False)} == set(CATEGORIES) - {"CSV encoding"}


def test_the_table_imports_get_their_own_csv_and_xlsx_cases_too() -> None:
    # On top of these, every workbook case also goes through both table imports.
    assert {case.category for case in cases(tables=True)} == {
        "renamed non-spreadsheet",
        "formula injection",
        "over-long field",
        "unusual Unicode",
        "huge row count",
        "CSV encoding",
    }
    suffixes = {case.name.rsplit(".", 1)[1] for case in cases(tables=True)}
    assert suffixes == {"csv", "xlsx"}


def test_every_case_has_an_outcome_on_every_path_and_its_own_bytes() -> None:
    digests = [hashlib.sha256(case.content).hexdigest() for case in cases()]
    assert len(set(digests)) == len(digests)
    for case in cases():
        for path in PATHS:
            assert case.expected(path) is not None
