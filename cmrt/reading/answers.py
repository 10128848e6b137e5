"""Per-metal questions (answer in D, comment in G of each metal row) and the
company-level questions (answer D, comment G of the question row)."""

from __future__ import annotations

from cmrt.declaration import METAL_ROWS, Answer, Metal, Question
from cmrt.reading.translation import Translations
from cmrt.reading.values import canonical_choice, cell_text
from cmrt.workbook import Sheet


def answer_read(sheet: Sheet, row: int, question: Question, translations: Translations) -> Answer:
    value = sheet.value(f"D{row}")
    raw = cell_text(value)
    if isinstance(value, float) and value == 1 and "100%" in question.choices:
        raw = "1"  # 6.01-6.22 store "100%" as the number 1; canonical_choice maps it
    return Answer(
        cell=f"D{row}",
        raw=raw,
        value=canonical_choice(value, question.choices, translations.to_english),
        comment=cell_text(sheet.value(f"G{row}")),
        comment_cell=f"G{row}",
    )


def metal_answers_read(
    sheet: Sheet, questions: tuple[Question, ...], translations: Translations
) -> dict[str, dict[Metal, Answer]]:
    return {
        question.key: {
            metal: answer_read(sheet, question.row + offset, question, translations)
            for offset, metal in enumerate(METAL_ROWS, start=1)
        }
        for question in questions
    }


def company_answers_read(
    sheet: Sheet, questions: tuple[Question, ...], translations: Translations
) -> dict[str, Answer]:
    return {q.key: answer_read(sheet, q.row, q, translations) for q in questions}
