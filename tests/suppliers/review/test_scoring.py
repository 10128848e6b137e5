from __future__ import annotations

from datetime import date

from suppliers.scoring import Score, ScoreFacts, supplier_score

DUE = date(2026, 5, 31)


def parts(score: Score) -> dict[str, tuple[int, str]]:
    return {part.key: (part.points, part.detail) for part in score.parts}


def test_a_perfect_file_on_time_scores_100() -> None:
    score = supplier_score(
        ScoreFacts(
            has_submission=True,
            matched_smelters=4,
            conformant_smelters=4,
            due_date=DUE,
            submitted_on=date(2026, 5, 1),
        )
    )
    assert score.value == 100
    assert score.max_value == 100
    assert parts(score) == {
        "conformance": (50, "4 of 4 matched smelters are RMAP conformant."),
        "quality": (25, "0 errors, 0 warnings"),
        "timeliness": (15, "In by the due date."),
        "clarifications": (10, "0 questions still open."),
    }


def test_every_part_loses_points_as_documented() -> None:
    score = supplier_score(
        ScoreFacts(
            has_submission=True,
            matched_smelters=3,
            conformant_smelters=2,  # 2/3 of 50 = 33.3 -> 33
            errors=2,  # -10
            warnings=3,  # -3
            due_date=DUE,
            submitted_on=date(2026, 6, 4),  # 4 days late: -4
            open_clarifications=1,  # -5
        )
    )
    assert parts(score) == {
        "conformance": (33, "2 of 3 matched smelters are RMAP conformant."),
        "quality": (12, "2 errors, 3 warnings"),
        "timeliness": (11, "Came in 4 days late."),
        "clarifications": (5, "1 question still open."),
    }
    assert score.value == 61


def test_half_points_round_up() -> None:
    score = supplier_score(
        ScoreFacts(has_submission=True, matched_smelters=4, conformant_smelters=1)
    )
    assert parts(score)["conformance"][0] == 13  # 12.5


def test_parts_never_go_below_zero() -> None:
    score = supplier_score(
        ScoreFacts(
            has_submission=True,
            matched_smelters=2,
            conformant_smelters=0,
            errors=9,
            warnings=1,
            due_date=DUE,
            submitted_on=date(2026, 7, 31),
            open_clarifications=3,
        )
    )
    assert [part.points for part in score.parts] == [0, 0, 0, 0]
    assert score.value == 0
    assert parts(score)["quality"] == (0, "9 errors, 1 warning")
    assert parts(score)["timeliness"] == (0, "Came in 61 days late.")


def test_without_a_file_only_time_and_questions_count() -> None:
    score = supplier_score(ScoreFacts(has_submission=False, due_date=DUE, today=date(2026, 6, 1)))
    assert parts(score) == {
        "conformance": (0, "No checked file yet."),
        "quality": (0, "No checked file yet."),
        "timeliness": (14, "Nothing yet, 1 day late."),
        "clarifications": (10, "0 questions still open."),
    }
    assert score.value == 24


def test_not_due_yet_and_no_due_date_keep_full_timeliness() -> None:
    early = supplier_score(ScoreFacts(has_submission=False, due_date=DUE, today=date(2026, 5, 1)))
    undated = supplier_score(ScoreFacts(has_submission=False, today=date(2026, 5, 1)))
    assert parts(early)["timeliness"] == (15, "Not due yet.")
    assert parts(undated)["timeliness"] == (15, "No due date.")


def test_a_file_without_matched_smelters_gets_no_conformance_points() -> None:
    score = supplier_score(ScoreFacts(has_submission=True, matched_smelters=0))
    assert parts(score)["conformance"] == (
        0,
        "No reported smelter matched the reference list.",
    )
