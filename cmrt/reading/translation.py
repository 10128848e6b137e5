"""The workbook's own translation table (hidden sheet ``L``): any language -> English.

From 2.03 on, labels and drop-down texts are formulas over ``L`` (A = key such as
``DeclarationB8``, D = English, E.. = other languages). Files saved in Chinese or
Japanese carry those texts, so answers are translated back through this table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property

from cmrt.reading.values import cell_text, fold
from cmrt.workbook import Workbook

# Metal names as the drop-downs show them in each template language (and ISO symbols).
METAL_WORDS: dict[str, str] = {
    "tantalum": "Tantalum",
    "ta": "Tantalum",
    "钽": "Tantalum",
    "タンタル": "Tantalum",
    "탄탈럼": "Tantalum",
    "탄탈륨": "Tantalum",
    "tantale": "Tantalum",
    "tântalo": "Tantalum",
    "tantal": "Tantalum",
    "tántalo": "Tantalum",
    "tantalio": "Tantalum",
    "tin": "Tin",
    "sn": "Tin",
    "锡": "Tin",
    "錫": "Tin",
    "スズ": "Tin",
    "주석": "Tin",
    "étain": "Tin",
    "etain": "Tin",
    "estanho": "Tin",
    "zinn": "Tin",
    "estaño": "Tin",
    "stagno": "Tin",
    "kalay": "Tin",
    "gold": "Gold",
    "au": "Gold",
    "金": "Gold",
    "금": "Gold",
    "or": "Gold",
    "ouro": "Gold",
    "oro": "Gold",
    "altın": "Gold",
    "tungsten": "Tungsten",
    "w": "Tungsten",
    "钨": "Tungsten",
    "タングステン": "Tungsten",
    "텅스텐": "Tungsten",
    "tungstène": "Tungsten",
    "tungstênio": "Tungsten",
    "wolfram": "Tungsten",
    "tungsteno": "Tungsten",
    "volfram": "Tungsten",
}


class Translations(Mapping[str, str]):
    """fold(text in any language) -> English, read from sheet L on first use only:
    English answers never need it, and reading L costs as much as the Declaration."""

    def __init__(self, workbook: Workbook | None = None) -> None:
        self._workbook = workbook

    @cached_property
    def _tables(self) -> tuple[dict[str, str], dict[str, str]]:
        sheet = self._workbook.sheet("L") if self._workbook is not None else None
        to_english: dict[str, str] = {}
        by_key: dict[str, str] = {}
        for row in sheet.rows[1:] if sheet is not None else ():
            if len(row) < 4:
                continue
            english = cell_text(row[3])
            if not english:
                continue
            key = cell_text(row[0])
            if key:
                by_key[key] = english
            for other in row[4:]:
                text = cell_text(other)
                if text:
                    to_english.setdefault(fold(text), english)
        return to_english, by_key

    @property
    def to_english(self) -> Mapping[str, str]:
        return self

    @property
    def english_by_key(self) -> dict[str, str]:
        """ "DeclarationB8" -> the English label at that address."""
        return self._tables[1]

    def english(self, text: str) -> str:
        return self._tables[0].get(fold(text), text)

    def __getitem__(self, key: str) -> str:
        return self._tables[0][key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables[0])

    def __len__(self) -> int:
        return len(self._tables[0])


def translations_read(workbook: Workbook) -> Translations:
    return Translations(workbook)
