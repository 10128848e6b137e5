"""Whole sheets (cmrt/checks/sheets.py). No database."""

from __future__ import annotations

from cmrt.declaration import PRODUCT_LIST, Finding, Severity
from tests.cmrt.checks.support import findings
from tests.cmrt.declarations import clean_declaration


def test_rows_past_the_row_limit_are_an_error_naming_the_sheet() -> None:
    declaration = clean_declaration(rows_not_read={PRODUCT_LIST: (20_000, 980_000)})
    assert findings(declaration) == (
        Finding(
            "sheet.rows_not_read",
            Severity.ERROR,
            "Product List: the sheet has 1,000,000 rows; only the first 20,000 were read and "
            "checked. Delete the empty or unneeded rows below your data, save and upload again.",
            sheet=PRODUCT_LIST,
        ),
    )
    assert findings(clean_declaration()) == ()
