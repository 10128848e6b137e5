"""The campaign's reconciled figures: ``campaign_report(inputs, today)``. Pure: no ORM.

Every supplier figure is a ``Count`` of requests (one per supplier in scope) carrying the
request ids behind it as strings; the smelter figures are built from ``smelter_list``, so
their sums equal its length. Definitions:

======================  ===============================================================
Figure                  Rows counted
======================  ===============================================================
in scope                every request of the campaign
surveyed                state is not "not_sent" (the supplier was asked)
responded               submitted, under_review, clarification, rejected, accepted or
                        declined (``suppliers.campaign_states.RESPONDED_STATES``)
accepted                state "accepted"
declined                state "declined"
late                    overdue now (``SupplierFacts.overdue``, from ``is_overdue``), or
                        a file submitted after the due date (the due day is on time)
with errors             the latest file was read and has ``error_count > 0``, or it could
                        not be read (a file is known, ``readable`` is false)
response rate           responded / in scope (0.0 when nobody is in scope)
rate per metal          among readable declarations, the share answering Q1 "Yes" for
                        the metal (0.0 when there is none); not over all in scope
covered countries yes   readable declarations answering "Yes" for the metal to the
                        covered-countries question (Q3 in 3.x-6.x, Q2 in 2.x)
CAHRA yes               the same for the CAHRA question (Q4, asked from 6.x only)
high risk               any covered-countries or CAHRA "Yes" (``question_keys``)
smelter list            one row per (CID, metal) of matched rows (a CID) of readable
                        declarations; ``supplier_count`` = distinct suppliers; name and
                        country of the reference smelter; RMAP status from the snapshot;
                        sorted by metal (CMRT order), name, CID
unmatched               rows without a CID, grouped by metal, folded reported name and
                        folded reported country; spelling and match status of the first
                        row (by supplier, row)
by metal and status     smelter list rows per metal and canonical RMAP status; a CID the
                        snapshot does not list counts under ``"not_listed"``, never
                        under "unknown" (which is a status RMI gives)
smelter countries       smelter list rows per reference country ("" = none recorded)
======================  ===============================================================

Smelter rows whose submission is not a readable latest declaration of a supplier in
scope are left out (and said so in ``notes``), so no figure rests on rows it cannot show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter

from config.collector import collector_paused
from reports.model import (
    METALS,
    RMAP_STATUSES,
    CampaignInputs,
    CampaignReport,
    Count,
    ReportedSmelter,
    SmelterListRow,
    SupplierFacts,
    UnmatchedRow,
)
from suppliers.campaign_states import RequestState, has_responded
from suppliers.campaign_stats import question_keys

NOT_LISTED = "not_listed"
# The buckets of ``smelters_by_metal_status``, always present (zero when empty) so that
# renderers can print a fixed table.
STATUS_BUCKETS: tuple[str, ...] = (*RMAP_STATUSES, NOT_LISTED)


@collector_paused
def campaign_report(inputs: CampaignInputs, today: date) -> CampaignReport:
    """Every figure of the campaign's RCOI summary, reconciled with the rows behind it.
    ``today`` is only used for the notes; overdue comes with the inputs."""
    facts = inputs.suppliers
    readable = [f for f in facts if f.readable]
    in_scope = _count(facts, lambda f: True)
    responded = _count(facts, lambda f: has_responded(f.state))
    covered = {metal: _count(readable, _answered_yes(metal, 0)) for metal in METALS}
    cahra = {metal: _count(readable, _answered_yes(metal, 1)) for metal in METALS}
    smelters, dropped = _smelters_in_scope(inputs.smelters, readable)
    smelter_list = _smelter_list(smelters)
    return CampaignReport(
        inputs=inputs,
        in_scope=in_scope,
        surveyed=_count(facts, lambda f: f.state != RequestState.NOT_SENT),
        responded=responded,
        accepted=_count(facts, lambda f: f.state == RequestState.ACCEPTED),
        declined=_count(facts, lambda f: f.state == RequestState.DECLINED),
        late=_count(facts, lambda f: _is_late(f, inputs.due_date)),
        with_errors=_count(facts, _has_errors),
        response_rate=_share(responded.value, in_scope.value),
        response_rate_by_metal={
            metal: _share(sum(_yes(f, "Q1", metal) for f in readable), len(readable))
            for metal in METALS
        },
        high_risk=_count(readable, _is_high_risk),
        covered_countries_yes=covered,
        cahra_yes=cahra,
        smelter_list=smelter_list,
        unmatched=_unmatched(smelters),
        smelters_by_metal_status=_by_metal_status(smelter_list),
        smelter_countries=_by_country(smelter_list),
        notes=_notes(inputs, smelter_list, dropped, today),
    )


# SUPPLIERS ----------------------------------------------------------------------------


def _count(facts: Iterable[SupplierFacts], predicate: Callable[[SupplierFacts], bool]) -> Count:
    keys = tuple(str(f.request_id) for f in facts if predicate(f))
    return Count(len(keys), keys)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _is_late(facts: SupplierFacts, due_date: date) -> bool:
    submitted_late = facts.submitted_on is not None and facts.submitted_on > due_date
    return facts.overdue or submitted_late


def _has_errors(facts: SupplierFacts) -> bool:
    if facts.readable:
        return facts.error_count > 0
    # A known file that was not read: the selector leaves ``submission_id`` empty while a
    # file is still queued, so this is a file that could not be read.
    return facts.submission_id is not None


def _yes(facts: SupplierFacts, key: str, metal: str) -> bool:
    answer = facts.answers.get(key, {}).get(metal, "")
    return answer.strip().casefold() == "yes"


def _risk_keys(facts: SupplierFacts) -> tuple[str, ...]:
    """(covered-countries key, CAHRA key when the release asks it)."""
    return question_keys(facts.template_version)[1]


def _answered_yes(metal: str, position: int) -> Callable[[SupplierFacts], bool]:
    def predicate(facts: SupplierFacts) -> bool:
        keys = _risk_keys(facts)
        return position < len(keys) and _yes(facts, keys[position], metal)

    return predicate


def _is_high_risk(facts: SupplierFacts) -> bool:
    return any(_yes(facts, key, metal) for key in _risk_keys(facts) for metal in METALS)


# SMELTERS -----------------------------------------------------------------------------


def _smelters_in_scope(
    rows: Iterable[ReportedSmelter], readable: list[SupplierFacts]
) -> tuple[list[ReportedSmelter], int]:
    """Rows of the readable latest declarations, by supplier and row; and how many were
    left out."""
    supplier_of = {f.submission_id: f.supplier_id for f in readable}
    rows = list(rows)
    kept = [r for r in rows if supplier_of.get(r.submission_id, _NOBODY) == r.supplier_id]
    # A C-level key: the list is often 300,000 rows long, and already in this order but
    # for the supplier ids.
    kept.sort(key=_BY_SUPPLIER_FILE_ROW)
    return kept, len(rows) - len(kept)


_NOBODY = object()
_BY_SUPPLIER_FILE_ROW = attrgetter("supplier_id", "submission_id", "row")


def _metal_order(metal: str) -> int:
    return METALS.index(metal) if metal in METALS else len(METALS)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _smelter_list(rows: list[ReportedSmelter]) -> tuple[SmelterListRow, ...]:
    groups: dict[tuple[str, str], list[ReportedSmelter]] = {}
    for row in rows:
        if row.cid:
            groups.setdefault((row.cid, row.metal), []).append(row)
    listed = []
    for (cid, metal), members in groups.items():
        first = members[0]  # the snapshot status is per CID, so every member agrees
        supplier_ids = tuple(sorted({m.supplier_id for m in members}))
        listed.append(
            SmelterListRow(
                cid=cid,
                metal=metal,
                name=first.standard_name or first.reported_name,
                country=first.country,
                rmap_status=first.rmap_status,
                rmap_status_raw=first.rmap_status_raw,
                last_audit_date=first.last_audit_date,
                supplier_count=len(supplier_ids),
                supplier_ids=supplier_ids,
            )
        )
    listed.sort(key=lambda s: (_metal_order(s.metal), s.metal, s.name.casefold(), s.cid))
    return tuple(listed)


def _unmatched(rows: list[ReportedSmelter]) -> tuple[UnmatchedRow, ...]:
    groups: dict[tuple[str, str, str], list[ReportedSmelter]] = {}
    for row in rows:
        if not row.cid:
            key = (row.metal, _fold(row.reported_name), _fold(row.reported_country))
            groups.setdefault(key, []).append(row)
    result = [
        UnmatchedRow(
            metal=members[0].metal,
            reported_name=members[0].reported_name.strip(),
            reported_country=members[0].reported_country.strip(),
            match_status=members[0].match_status,
            supplier_ids=tuple(sorted({m.supplier_id for m in members})),
        )
        for members in groups.values()
    ]
    result.sort(
        key=lambda u: (
            _metal_order(u.metal),
            u.metal,
            _fold(u.reported_name),
            _fold(u.reported_country),
        )
    )
    return tuple(result)


def smelter_key(row: SmelterListRow) -> str:
    """The drill-down key of a smelter list row: "CID|metal"."""
    return f"{row.cid}|{row.metal}"


def smelter_bucket(row: SmelterListRow) -> str:
    """The row's column in ``smelters_by_metal_status``."""
    return row.rmap_status or NOT_LISTED


def _by_metal_status(smelters: tuple[SmelterListRow, ...]) -> dict[str, dict[str, int]]:
    table = {metal: dict.fromkeys(STATUS_BUCKETS, 0) for metal in METALS}
    for row in smelters:
        # An unexpected metal or status gets its own entry rather than hiding in another.
        by_status = table.setdefault(row.metal, dict.fromkeys(STATUS_BUCKETS, 0))
        bucket = smelter_bucket(row)
        by_status[bucket] = by_status.get(bucket, 0) + 1
    return table


def _by_country(smelters: tuple[SmelterListRow, ...]) -> dict[str, int]:
    counts = Counter(row.country for row in smelters)
    # Most smelters first, then by name: the order a report lists them in.
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


def _notes(
    inputs: CampaignInputs,
    smelter_list: tuple[SmelterListRow, ...],
    dropped: int,
    today: date,
) -> tuple[str, ...]:
    notes = []
    if inputs.snapshot_as_of is None:
        notes.append("No RMAP status list was available: every smelter counts as not listed.")
    elif inputs.snapshot_as_of > today:
        notes.append(
            f"The RMAP status list is dated {inputs.snapshot_as_of:%Y-%m-%d}, after today."
        )
    not_listed = sum(1 for row in smelter_list if not row.rmap_status)
    if inputs.snapshot_as_of is not None and not_listed:
        notes.append(
            f"{not_listed} smelter(s) of the list are not in the RMAP status list of "
            f"{inputs.snapshot_as_of:%Y-%m-%d}."
        )
    if dropped:
        notes.append(
            f"{dropped} smelter row(s) were left out: they belong to no readable latest "
            "declaration of a supplier in scope."
        )
    return tuple(notes)
