"""Where each field of a CMRT lives, per release family. Pure data (cmrt-format.md §2-6).

Fields are located by address, never by the cached label text (labels are formulas
whose cached text follows the workbook's language).
"""

from __future__ import annotations

from cmrt.layouts.base import CompanyCells, Layout, ProductColumns, SmelterColumns
from cmrt.layouts.v2 import LAYOUT_2X, LAYOUT_200
from cmrt.layouts.v3 import LAYOUT_3X
from cmrt.layouts.v6 import LAYOUT_6X, LAYOUT_66

__all__ = [
    "LAYOUT_2X",
    "LAYOUT_3X",
    "LAYOUT_6X",
    "LAYOUT_66",
    "LAYOUT_200",
    "CompanyCells",
    "Layout",
    "ProductColumns",
    "SmelterColumns",
    "layout_for",
]


def layout_for(version: str) -> Layout | None:
    """The layout of a CMRT release, or None when we have no map for it (1.00, 4.x, 5.x
    are handled by the reader: outdated, or mapped through the L sheet)."""
    major, _dot, minor = version.partition(".")
    if major == "6":
        return LAYOUT_66 if minor.startswith("6") else LAYOUT_6X
    if major == "3":
        return LAYOUT_3X
    if major == "2":
        return LAYOUT_200 if minor in {"00", "01", "0", "1", ""} else LAYOUT_2X
    return None
