"""What the checks need to know besides the declaration itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from cmrt.declaration import Metal


@dataclass(frozen=True)
class CheckContext:
    """The campaign's settings for one run of the checks.

    ``today``: the date "in the future" is measured against; the checks never read the clock.
    ``minimum_version``: the oldest template release accepted without a warning.
    ``reporting_year``: the calendar year the campaign reports on; when set, effective dates
    far outside that year are flagged.
    ``known_smelters``: CID -> metal from the app's smelter reference list. When it is None
    (or empty) the workbook's own Smelter Look-up tab (``Declaration.lookup``) is the
    reference; when both are empty, the smelter-ID reference checks are skipped.
    """

    today: date
    minimum_version: str = "6.01"
    reporting_year: int | None = None
    known_smelters: Mapping[str, Metal] | None = None
