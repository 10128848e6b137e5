"""Campaign dashboard figures from plain rows, and two inline SVG charts. Pure: no ORM.

Definitions (every figure is a count of requests, i.e. of suppliers in scope, except the
smelter counts):

- **In scope**: the campaign's requests. The counts per state always add up to it.
- **Responded**: the supplier sent a file (submitted or any later state, including
  "needs correction") or declined. **Response rate** = responded / in scope.
- **Overdue**: the due date has passed and the supplier still owes an answer (not sent,
  invited, opened, needs correction; ``campaign_states.is_overdue``).
- **With errors**: the latest finished file could not be read, or the checker found at
  least one error in it.
- **High risk**: the latest checked declaration answers "Yes" for any metal to a
  covered-countries or CAHRA question (6.x Q3/Q4, 3.x Q3, 2.x Q2; ``question_keys``).
- **Per metal**: of the suppliers whose latest checked declaration was read ("with a
  declaration"), how many answer "Yes" to the intentionally-added question (Q1) for that
  metal. The share is that count over the suppliers with a declaration, not over all in
  scope: it says how common the metal is among those who answered.
- **Smelters by RMAP status**: distinct smelters (by CID; unmatched rows by metal + name)
  reported in the latest checked files, counted by their status in the campaign's RMAP
  snapshot ("not listed" when matched but absent from it, "not recognised" when the row
  matched no reference smelter).

The dashboard's drill-down uses ``rows_matching`` with the same predicates, so a number
and the list behind it cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from suppliers.campaign_states import STATE_ORDER, has_responded, is_overdue

METALS: tuple[str, ...] = ("Tantalum", "Tin", "Gold", "Tungsten")
# Smelter buckets: the canonical RMAP statuses, then the two the snapshot cannot give.
NOT_LISTED = "not_listed"
UNMATCHED = "unmatched"
SMELTER_BUCKETS: tuple[str, ...] = (
    "conformant",
    "active",
    "not_conformant",
    "unknown",
    NOT_LISTED,
    UNMATCHED,
)


def question_keys(template_version: str) -> tuple[str, tuple[str, ...]]:
    """(intentionally-added key, high-risk keys) as the release numbers its questions:
    6.x asks covered countries in Q3 and CAHRAs in Q4; 3.x-5.x covered countries in Q3;
    2.x and older DRC or adjoining countries in Q2."""
    try:
        major = int(template_version.split(".")[0])
    except ValueError:
        major = 6  # unknown: the current layout
    if major >= 6:
        return "Q1", ("Q3", "Q4")
    if major >= 3:
        return "Q1", ("Q3",)
    return "Q1", ("Q2",)


def metals_answering_yes(answers: dict[str, object], key: str) -> frozenset[str]:
    """Metals whose answer to question ``key`` is "Yes" (any case) in the stored JSON
    shape ``{"Q1": {"Tin": {"value": "Yes", ...}}}`` (a bare string value is accepted)."""
    by_metal = answers.get(key)
    if not isinstance(by_metal, dict):
        return frozenset()
    found = set()
    for metal, answer in by_metal.items():
        value = answer.get("value") if isinstance(answer, dict) else answer
        if isinstance(value, str) and value.strip().lower() == "yes":
            found.add(metal)
    return frozenset(found)


@dataclass(frozen=True)
class RequestRow:
    """One request as the dashboard sees it. Submission fields describe the latest
    finished file (``submission_status`` "checked" or "failed", "" when none)."""

    request_id: int
    supplier_id: int
    supplier_name: str
    state: str
    responded_on: date | None = None
    submission_status: str = ""
    error_count: int = 0
    warning_count: int = 0
    has_declaration: bool = False
    metals_used: frozenset[str] = frozenset()
    high_risk_metals: frozenset[str] = frozenset()
    smelter_buckets: frozenset[str] = frozenset()

    @property
    def has_errors(self) -> bool:
        return self.submission_status == "failed" or self.error_count > 0

    @property
    def is_high_risk(self) -> bool:
        return bool(self.high_risk_metals)


@dataclass(frozen=True)
class SmelterRow:
    """One reported smelter row of a latest checked file. ``key`` identifies the
    smelter across suppliers (its CID, or metal + folded name when unmatched)."""

    request_id: int
    metal: str
    key: str
    bucket: str


@dataclass(frozen=True)
class RowFilter:
    """The drill-down filters; empty values do not filter."""

    state: str = ""
    overdue: bool = False
    errors: bool = False
    high_risk: bool = False
    responded: bool = False
    metal: str = ""
    rmap: str = ""


def row_matches(row: RequestRow, f: RowFilter, *, due_date: date | None, today: date) -> bool:
    return (
        (not f.state or row.state == f.state)
        and (not f.overdue or is_overdue(row.state, due_date, today))
        and (not f.errors or row.has_errors)
        and (not f.high_risk or row.is_high_risk)
        and (not f.responded or has_responded(row.state))
        and (not f.metal or f.metal in row.metals_used)
        and (not f.rmap or f.rmap in row.smelter_buckets)
    )


def rows_matching(
    rows: Iterable[RequestRow], f: RowFilter, *, due_date: date | None, today: date
) -> list[RequestRow]:
    return [row for row in rows if row_matches(row, f, due_date=due_date, today=today)]


@dataclass(frozen=True)
class MetalFigure:
    metal: str
    uses: int  # Q1 "Yes" in the latest checked declaration
    of: int  # suppliers with a checked declaration

    @property
    def percent(self) -> int | None:
        return percent(self.uses, self.of)


@dataclass(frozen=True)
class Figures:
    in_scope: int
    by_state: tuple[tuple[str, int], ...]  # every state, in STATE_ORDER
    responded: int
    overdue: int
    with_errors: int
    high_risk: int
    with_declaration: int
    by_metal: tuple[MetalFigure, ...]
    smelters: tuple[tuple[str, int], ...]  # every bucket, in SMELTER_BUCKETS
    smelters_total: int = field(default=0)

    @property
    def response_percent(self) -> int | None:
        return percent(self.responded, self.in_scope)


def percent(part: int, whole: int) -> int | None:
    """Whole percent, rounded half up; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def figures_compute(
    rows: Sequence[RequestRow],
    smelters: Iterable[SmelterRow],
    *,
    due_date: date | None,
    today: date,
) -> Figures:
    states = Counter(row.state for row in rows)
    declared = [row for row in rows if row.has_declaration]
    wanted = {row.request_id for row in rows}
    buckets: dict[str, set[str]] = {bucket: set() for bucket in SMELTER_BUCKETS}
    for smelter in smelters:
        if smelter.request_id in wanted and smelter.bucket in buckets:
            buckets[smelter.bucket].add(smelter.key)
    smelter_counts = tuple((bucket, len(keys)) for bucket, keys in buckets.items())
    return Figures(
        in_scope=len(rows),
        by_state=tuple((state.value, states.get(state.value, 0)) for state in STATE_ORDER),
        responded=sum(has_responded(row.state) for row in rows),
        overdue=sum(is_overdue(row.state, due_date, today) for row in rows),
        with_errors=sum(row.has_errors for row in rows),
        high_risk=sum(row.is_high_risk for row in rows),
        with_declaration=len(declared),
        by_metal=tuple(
            MetalFigure(metal, sum(metal in row.metals_used for row in declared), len(declared))
            for metal in METALS
        ),
        smelters=smelter_counts,
        smelters_total=sum(count for _bucket, count in smelter_counts),
    )


def responses_cumulative(
    days: Iterable[date | None], *, start: date, end: date
) -> tuple[tuple[date, int], ...]:
    """One point per day from ``start`` to ``end``: responses received up to that day.
    Responses before ``start`` count from the first day; those after ``end`` not at all."""
    if end < start:
        return ()
    per_day = Counter(day if day >= start else start for day in days if day and day <= end)
    points, total, day = [], 0, start
    while day <= end:
        total += per_day.get(day, 0)
        points.append((day, total))
        day += timedelta(days=1)
    return tuple(points)


# SVG ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str = ""
    css_class: str = ""


def _svg_open(width: int, height: int, title: str, desc: str, id_prefix: str) -> list[str]:
    ids = f"{escape(id_prefix)}-title {escape(id_prefix)}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{ids}" class="chart">',
        f'<title id="{escape(id_prefix)}-title">{escape(title)}</title>',
        f'<desc id="{escape(id_prefix)}-desc">{escape(desc)}</desc>',
    ]


def status_bars_svg(bars: Sequence[Bar], *, title: str, desc: str, id_prefix: str) -> str:
    """Horizontal bars, one per entry, labelled with the name and the number; a bar with
    an ``href`` links to the rows behind it. Widths are relative to the largest value."""
    row_h, label_w, bar_w, width = 26, 190, 360, 620
    height = row_h * max(len(bars), 1) + 8
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = _svg_open(width, height, title, desc, id_prefix)
    for index, bar in enumerate(bars):
        y = 4 + index * row_h
        length = round(bar_w * bar.value / largest)
        css = f"bar {escape(bar.css_class)}".strip()
        item = (
            f'<g class="{css}"><title>{escape(bar.label)}: {bar.value}</title>'
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{length}" height="{row_h - 8}" rx="3"/>'
            f'<text x="{label_w + length + 6}" y="{y + 17}" class="value">{bar.value}</text></g>'
        )
        if bar.href:
            item = f'<a href="{escape(bar.href)}">{item}</a>'
        parts.append(item)
    parts.append("</svg>")
    return "".join(parts)


def cumulative_line_svg(
    points: Sequence[tuple[date, int]],
    *,
    total: int,
    title: str,
    desc: str,
    id_prefix: str,
    due_date: date | None = None,
    due_label: str = "",
) -> str:
    """A line of cumulative responses against the days, scaled to ``total``
    (the suppliers in scope), with a dot and a tooltip on each day the count changed
    and a dashed line at the due date when it falls inside the range."""
    width, height, left, right, top, bottom = 620, 220, 44, 16, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max(total, max((count for _day, count in points), default=0), 1)
    parts = _svg_open(width, height, title, desc, id_prefix)
    parts.append(
        f'<g class="axis"><line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/><line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/>'
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>'
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{top_value}</text></g>'
    )
    if not points:
        parts.append("</svg>")
        return "".join(parts)
    span = max(len(points) - 1, 1)

    def x_of(index: int) -> float:
        return round(left + plot_w * index / span, 1)

    def y_of(count: int) -> float:
        return round(top + plot_h - plot_h * count / top_value, 1)

    first, last = points[0][0], points[-1][0]
    parts.append(
        f'<g class="axis"><text x="{left}" y="{height - 8}">{first.isoformat()}</text>'
        f'<text x="{left + plot_w}" y="{height - 8}" text-anchor="end">'
        f"{last.isoformat()}</text></g>"
    )
    if due_date is not None and first <= due_date <= last:
        x = x_of((due_date - first).days)
        parts.append(
            f'<g class="due"><line x1="{x}" y1="{top}" x2="{x}" y2="{top + plot_h}"/>'
            f'<text x="{x + 4}" y="{top + 10}">{escape(due_label)}</text></g>'
        )
    coords = " ".join(f"{x_of(i)},{y_of(count)}" for i, (_day, count) in enumerate(points))
    parts.append(f'<polyline class="line" fill="none" points="{coords}"/>')
    previous = 0
    for index, (day, count) in enumerate(points):
        if count != previous:
            parts.append(
                f'<circle class="point" cx="{x_of(index)}" cy="{y_of(count)}" r="3">'
                f"<title>{day.isoformat()}: {count}</title></circle>"
            )
        previous = count
    parts.append("</svg>")
    return "".join(parts)
