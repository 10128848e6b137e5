"""Write side of smelter matching: a reviewer's decision on a reported (metal, name).

The decision is stored once (``SmelterNameDecision``, unique per metal and folded name) and
reused by every later matching run (``cmrt.selectors.matching.reference_index`` hands it to
the matcher as a ``LearnedName``). Rows already stored are re-matched here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.checks.common import CID_FORM, normalise_cid
from cmrt.declaration import Metal
from cmrt.matching import MatchMethod, MatchStatus, ReferenceEntry, decided_note, reported_name
from cmrt.models import ReferenceSmelter, SmelterNameDecision, SmelterRecord, Submission
from cmrt.reading.values import fold
from cmrt.selectors.matching import user_label

# Rows a decision applies to: still open, or settled by an earlier decision on the same
# name (a second decision overwrites the first everywhere).
_OPEN = (MatchStatus.REVIEW.value, MatchStatus.UNMATCHED.value)


def _smelter(metal: str, cid: str) -> ReferenceSmelter:
    normalised = normalise_cid(cid)
    if not CID_FORM.match(normalised):
        raise ValidationError(
            _('"%(cid)s" is not a valid smelter ID (CID and six digits).') % {"cid": cid},
            code="cid_malformed",
        )
    smelter = ReferenceSmelter.objects.filter(cid=normalised).first()
    if smelter is None:
        raise ValidationError(
            _("No smelter on the reference list has the ID %(cid)s.") % {"cid": normalised},
            code="cid_unknown",
        )
    if smelter.metal != metal:
        raise ValidationError(
            _("%(cid)s is a %(listed)s smelter, not %(metal)s.")
            % {"cid": smelter.cid, "listed": _(smelter.metal), "metal": _(metal)},
            code="cid_other_metal",
        )
    return smelter


def review_decide(
    *, metal: str, name: str, cid: str | None, by: AbstractBaseUser, note: str = ""
) -> int:
    """Decide that the reported ``name`` of ``metal`` is the smelter ``cid`` (None: not a
    listed smelter), then re-match every stored row of that metal and name that is in
    review, unmatched or settled by an earlier decision, and recount each affected
    submission's matched smelters. Atomic. Returns the number of rows updated.

    Raises ``ValidationError`` for an unknown metal, an empty name, or a CID that is
    malformed, unknown or of another metal."""
    if metal not in {item.value for item in Metal}:
        raise ValidationError(_("Unknown metal %(metal)s.") % {"metal": metal}, code="metal")
    folded = fold(name)
    if not folded:
        raise ValidationError(_("The reported name is empty."), code="name")
    smelter = _smelter(metal, cid) if cid else None
    with transaction.atomic():
        decision = SmelterNameDecision.objects.filter(metal=metal, folded=folded).first()
        decision = decision or SmelterNameDecision(metal=metal, folded=folded)
        decision.name = name.strip()[:255]
        decision.smelter = smelter
        decision.note = note.strip()
        decision.decided_by = by
        decision.full_clean()
        decision.save()
        return _rematch(decision, smelter, by)


def _rematch(
    decision: SmelterNameDecision, smelter: ReferenceSmelter | None, by: AbstractBaseUser
) -> int:
    by_label = user_label(
        getattr(by, "first_name", ""), getattr(by, "last_name", ""), by.get_username()
    )
    on = timezone.localdate(decision.decided_at)
    entry = (
        ReferenceEntry(
            cid=smelter.cid,
            metal=Metal(smelter.metal),
            standard_name=smelter.standard_name,
            country=smelter.country,
            active=smelter.removed_at is None,
        )
        if smelter
        else None
    )
    # The folded name is not a column of SmelterRecord, so the metal and status narrow the
    # rows in the database and the name is compared here, exactly as the matcher does.
    rows = SmelterRecord.objects.select_for_update().filter(
        Q(match_status__in=_OPEN) | Q(match_method=MatchMethod.LEARNED.value),
        metal=decision.metal,
    )
    changed = []
    for record in rows.only("pk", "submission_id", "name", "lookup_name", "resolution"):
        reported = reported_name(record.name, record.lookup_name, record.resolution)
        if fold(reported) != decision.folded:
            continue
        record.reference = smelter
        record.match_method = MatchMethod.LEARNED.value
        record.match_status = (MatchStatus.MATCHED if smelter else MatchStatus.UNMATCHED).value
        record.match_score = 100.0 if smelter else None
        record.match_note = decided_note(reported, entry, by_label, on)[:500]
        changed.append(record)
    SmelterRecord.objects.bulk_update(
        changed,
        ["reference", "match_method", "match_status", "match_score", "match_note"],
        batch_size=500,
    )
    _recount({record.submission_id for record in changed})
    return len(changed)


def _recount(submission_ids: set[int]) -> None:
    """``matched_count`` = the submission's matched rows, from the database."""
    if not submission_ids:
        return
    counts = dict(
        SmelterRecord.objects.filter(
            submission_id__in=submission_ids, match_status=MatchStatus.MATCHED.value
        )
        .values_list("submission_id")
        .annotate(matched=Count("pk"))
    )
    submissions = list(Submission.objects.filter(pk__in=submission_ids).only("pk"))
    for submission in submissions:
        submission.matched_count = counts.get(submission.pk, 0)
    Submission.objects.bulk_update(submissions, ["matched_count"])
