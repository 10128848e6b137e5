"""Map a release we have no address table for (4.x, 5.x) through the English labels of
its translation sheet ``L``: if the question labels sit where a known layout has its
questions, read the file with that layout; otherwise give up and say so."""

from __future__ import annotations

import re

from cmrt.layouts import LAYOUT_3X, LAYOUT_6X, Layout
from cmrt.reading.translation import translations_read
from cmrt.workbook import Workbook

_WORD = re.compile(r"[a-z0-9]+")
_MIN_OVERLAP = 0.6  # share of a question's words its label must contain


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - {"the", "of", "to", "in", "a", "your", "or", "s"}


def _matches(label: str, text: str) -> bool:
    expected = _words(text)
    return bool(expected) and len(expected & _words(label)) / len(expected) >= _MIN_OVERLAP


def layout_from_labels(workbook: Workbook) -> Layout | None:
    labels = translations_read(workbook).english_by_key
    if not labels:
        return None
    for layout in (LAYOUT_6X, LAYOUT_3X):
        questions = layout.questions + layout.company_questions
        found = sum(_matches(labels.get(f"DeclarationB{q.row}", ""), q.text) for q in questions)
        if found >= len(questions) * 0.75:
            return layout
    return None
