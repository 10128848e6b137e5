"""Cell values, sheets and workbooks as the reader sees them; Excel-style addresses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"
CellValue = str | int | float | bool | date | datetime | time | None
_ADDRESS = re.compile(r"^([A-Z]{1,3})([1-9][0-9]*)$")


class UnreadableWorkbook(ValueError):
    """The upload cannot be read as a spreadsheet; the message tells the user what to do."""


def column_index(letters: str) -> int:
    """0-based column index of ``A``, ``Z``, ``AA``..."""
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index - 1


def column_letters(index: int) -> str:
    """Excel letters of a 0-based column index (``0`` is ``A``)."""
    letters = ""
    index += 1
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def split_address(address: str) -> tuple[int, int]:
    """0-based (row, column) of an Excel address such as ``D8``."""
    match = _ADDRESS.match(address.upper())
    if match is None:
        raise ValueError(f"not a cell address: {address!r}")
    return int(match.group(2)) - 1, column_index(match.group(1))


@dataclass(frozen=True)
class Sheet:
    """One worksheet's values as rows of cells, addressed like Excel (``D8``)."""

    name: str
    visible: bool
    rows: tuple[tuple[CellValue, ...], ...]
    rows_dropped: int = 0  # rows past the reader's row limit, never read

    def value(self, address: str) -> CellValue:
        row, column = split_address(address)
        return self.at(row, column)

    def at(self, row: int, column: int) -> CellValue:
        """Value at a 0-based position; empty cells and cells off the used range are None."""
        if row >= len(self.rows) or column >= len(self.rows[row]):
            return None
        value = self.rows[row][column]
        return None if value == "" else value

    @property
    def row_count(self) -> int:
        return len(self.rows)


class Workbook:
    """A workbook whose sheets are read on first use: most of a CMRT's sheets never are.

    ``loader`` reads one sheet by name (None when there is no such worksheet); ``sheets``
    holds sheets already read (tests build workbooks from them directly).
    """

    def __init__(
        self,
        sheet_names: tuple[str, ...],
        sheets: Mapping[str, Sheet] | None = None,
        *,
        loader: Callable[[str], Sheet | None] | None = None,
        starter: Callable[[str], Callable[[], Sheet | None]] | None = None,
        started: Mapping[str, Callable[[], Sheet | None]] | None = None,
        was_encrypted: bool = False,
        format: str = "xlsx",  # "xlsx" (OOXML) or "xls" (BIFF)
        has_macros: bool = False,  # a VBA project or Excel 4 macro sheets: reported, never run
        has_external_links: bool = False,  # links to other workbooks: reported, never followed
    ) -> None:
        self.sheet_names = sheet_names
        self._sheets: dict[str, Sheet | None] = dict(sheets or {})
        self._loader = loader
        self._starter = starter
        self._started: dict[str, Callable[[], Sheet | None]] = dict(started or {})
        self.was_encrypted = was_encrypted
        self.format = format
        self.has_macros = has_macros
        self.has_external_links = has_external_links

    def sheet(self, name: str) -> Sheet | None:
        if name not in self._sheets:
            if name in self._started:
                self._sheets[name] = self._started.pop(name)()
            else:
                known = name in self.sheet_names and self._loader is not None
                self._sheets[name] = self._loader(name) if known else None  # type: ignore[misc]
        return self._sheets[name]

    def prefetch(self, name: str) -> None:
        """Start reading ``name`` in the background (the Smelter List takes most of a read);
        ``sheet(name)`` then waits for it. Errors surface there too."""
        if (
            self._starter is not None
            and name in self.sheet_names
            and name not in self._sheets
            and name not in self._started
        ):
            self._started[name] = self._starter(name)

    def __repr__(self) -> str:
        return f"Workbook({self.format}, sheets={list(self.sheet_names)!r})"
