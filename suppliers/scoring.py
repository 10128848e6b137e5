"""The supplier score: one number from 0 to 100 that helps decide whom to follow up first,
always shown with the parts it is made of. Pure: no ORM (``suppliers.selectors.review``
gathers the facts).

Weights (points out of 100), highest first because smelter status matters most to the
disclosure:

======================  ======  ==========================================================
Part                    Points  How
======================  ======  ==========================================================
RMAP conformance        50      50 x the share of matched smelters that are RMAP conformant
                                in the campaign's snapshot; no matched smelter gives 0.
File quality            25      25, less 5 per checker error and 1 per warning (not below 0).
Timeliness              15      15 when in by the due date, less 1 per day late (not below
                                0); without a due date, 15.
Open clarifications     10      10, less 5 per question still open (not below 0).
======================  ======  ==========================================================

Without a checked submission the conformance and quality parts are 0: nothing has been
shown yet. Points are rounded half up to whole numbers, part by part, so the parts always
add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CONFORMANCE_POINTS = 50
QUALITY_POINTS = 25
TIMELINESS_POINTS = 15
CLARIFICATION_POINTS = 10
POINTS_PER_ERROR = 5
POINTS_PER_WARNING = 1
POINTS_PER_DAY_LATE = 1
POINTS_PER_OPEN_CLARIFICATION = 5
MAX_SCORE = CONFORMANCE_POINTS + QUALITY_POINTS + TIMELINESS_POINTS + CLARIFICATION_POINTS


@dataclass(frozen=True)
class ScoreFacts:
    """What the score is computed from, for one campaign request.

    ``submitted_on`` is the day the latest file came in (None: nothing yet); ``today`` counts
    the days late while nothing has come in.
    """

    has_submission: bool
    matched_smelters: int = 0
    conformant_smelters: int = 0
    errors: int = 0
    warnings: int = 0
    due_date: date | None = None
    submitted_on: date | None = None
    today: date | None = None
    open_clarifications: int = 0


@dataclass(frozen=True)
class ScorePart:
    key: str  # conformance | quality | timeliness | clarifications
    label: str
    points: int
    max_points: int
    detail: str


@dataclass(frozen=True)
class Score:
    value: int
    parts: tuple[ScorePart, ...]

    @property
    def max_value(self) -> int:
        return MAX_SCORE

    @property
    def summary(self) -> str:
        """ "RMAP conformance: 30/40 · ..." (the request list's tooltip: built here, not by a
        template loop per row)."""
        return " · ".join(f"{part.label}: {part.points}/{part.max_points}" for part in self.parts)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _conformance(facts: ScoreFacts) -> ScorePart:
    label = _("RMAP conformance")
    if not facts.has_submission:
        return ScorePart("conformance", label, 0, CONFORMANCE_POINTS, _("No checked file yet."))
    if facts.matched_smelters == 0:
        detail = _("No reported smelter matched the reference list.")
        return ScorePart("conformance", label, 0, CONFORMANCE_POINTS, detail)
    share = Decimal(facts.conformant_smelters) / Decimal(facts.matched_smelters)
    points = _round(share * CONFORMANCE_POINTS)
    detail = _("%(conformant)s of %(matched)s matched smelters are RMAP conformant.") % {
        "conformant": facts.conformant_smelters,
        "matched": facts.matched_smelters,
    }
    return ScorePart("conformance", label, points, CONFORMANCE_POINTS, detail)


def _quality(facts: ScoreFacts) -> ScorePart:
    label = _("File quality")
    if not facts.has_submission:
        return ScorePart("quality", label, 0, QUALITY_POINTS, _("No checked file yet."))
    lost = facts.errors * POINTS_PER_ERROR + facts.warnings * POINTS_PER_WARNING
    detail = "%s, %s" % (
        ngettext("%(count)s error", "%(count)s errors", facts.errors) % {"count": facts.errors},
        ngettext("%(count)s warning", "%(count)s warnings", facts.warnings)
        % {"count": facts.warnings},
    )
    return ScorePart("quality", label, max(0, QUALITY_POINTS - lost), QUALITY_POINTS, detail)


def _days_late(facts: ScoreFacts) -> int | None:
    if facts.due_date is None:
        return None
    day = facts.submitted_on or facts.today
    if day is None:
        return 0
    return max(0, (day - facts.due_date).days)


def _timeliness(facts: ScoreFacts) -> ScorePart:
    label = _("Timeliness")
    late = _days_late(facts)
    if late is None:
        detail = _("No due date.")
    elif late == 0:
        detail = _("In by the due date.") if facts.submitted_on else _("Not due yet.")
    elif facts.submitted_on:
        detail = ngettext("Came in %(days)s day late.", "Came in %(days)s days late.", late) % {
            "days": late
        }
    else:
        detail = ngettext(
            "Nothing yet, %(days)s day late.", "Nothing yet, %(days)s days late.", late
        ) % {"days": late}
    points = max(0, TIMELINESS_POINTS - (late or 0) * POINTS_PER_DAY_LATE)
    return ScorePart("timeliness", label, points, TIMELINESS_POINTS, detail)


def _clarifications(facts: ScoreFacts) -> ScorePart:
    label = _("Open clarifications")
    count = facts.open_clarifications
    points = max(0, CLARIFICATION_POINTS - count * POINTS_PER_OPEN_CLARIFICATION)
    detail = ngettext(
        "%(count)s question still open.", "%(count)s questions still open.", count
    ) % {"count": count}
    return ScorePart("clarifications", label, points, CLARIFICATION_POINTS, detail)


def supplier_score(facts: ScoreFacts) -> Score:
    """The score (0-100) and its four parts; see the module docstring for the weights."""
    parts = (_conformance(facts), _quality(facts), _timeliness(facts), _clarifications(facts))
    return Score(value=sum(part.points for part in parts), parts=parts)
