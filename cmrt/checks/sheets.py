"""Whole sheets: rows past the reader's row limit were never read, so never checked."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from cmrt.checks.context import CheckContext
from cmrt.checks.registry import rule
from cmrt.declaration import Declaration, Finding, Severity


@rule
def rule_rows_not_read(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A sheet longer than any CMRT: say how much was read, so nothing is dropped silently."""
    for sheet, (read, dropped) in declaration.rows_not_read.items():
        yield Finding(
            code="sheet.rows_not_read",
            severity=Severity.ERROR,
            message=_(
                "%(sheet)s: the sheet has %(total)s rows; only the first %(read)s were read and "
                "checked. Delete the empty or unneeded rows below your data, save and upload "
                "again."
            )
            % {"sheet": sheet, "total": f"{read + dropped:,}", "read": f"{read:,}"},
            sheet=sheet,
        )
