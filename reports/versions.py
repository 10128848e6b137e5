"""Report versions as plain data (no ORM): the states, which action leads where, and the
content hash of a version's inputs.

A version is an immutable snapshot once it leaves the draft state: editing an in-review,
approved or filed version creates a new draft instead (``reports.services_versions``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from reports.model import CampaignInputs, CompanyProfile, ReportedSmelter, SupplierFacts


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    FILED = "filed"


class Action(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    CHANGES = "changes"
    APPROVED = "approved"  # the last required approval arrived
    FILE = "file"


class Decision(StrEnum):
    APPROVE = "approve"
    CHANGES = "changes"


STATE_LABELS = {
    State.DRAFT: _("draft"),
    State.IN_REVIEW: _("in review"),
    State.APPROVED: _("approved"),
    State.FILED: _("filed"),
}
ACTION_LABELS = {
    Action.CREATE: _("created"),
    Action.EDIT: _("edited"),
    Action.SUBMIT: _("submitted for review"),
    Action.APPROVE: _("approved"),
    Action.CHANGES: _("requested changes"),
    Action.APPROVED: _("approved by every required member"),
    Action.FILE: _("filed"),
}
DECISION_LABELS = {Decision.APPROVE: _("approve"), Decision.CHANGES: _("request changes")}

# (state, action) -> next state. Actions missing here are refused in that state.
# A request for changes sends the version back to draft: compliance edits it in place and
# submits it again, and every required member approves that new round.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.DRAFT, Action.EDIT): State.DRAFT,
    (State.DRAFT, Action.SUBMIT): State.IN_REVIEW,
    (State.IN_REVIEW, Action.APPROVE): State.IN_REVIEW,
    (State.IN_REVIEW, Action.CHANGES): State.DRAFT,
    (State.IN_REVIEW, Action.APPROVED): State.APPROVED,
    (State.APPROVED, Action.FILE): State.FILED,
}
LOCKED = frozenset({State.IN_REVIEW, State.APPROVED, State.FILED})


def next_state(state: str, action: Action) -> State | None:
    """The state after ``action``, or None when the action is not allowed in ``state``."""
    return TRANSITIONS.get((State(state), action))


def profile_from_json(data: Mapping[str, Any]) -> CompanyProfile:
    """A profile from stored JSON; unknown keys are ignored, missing ones take defaults."""
    names = {f.name for f in dataclasses.fields(CompanyProfile)}
    return CompanyProfile(**{"name": "", **{k: str(v) for k, v in data.items() if k in names}})


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple: as a mapping
        return {name: _plain(item) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def inputs_json(inputs: CampaignInputs) -> dict[str, Any]:
    """The campaign's inputs as JSON-ready data (dates as ISO strings)."""
    return _plain(inputs)


def inputs_hash(
    inputs: CampaignInputs | Mapping[str, Any],
    profile: CompanyProfile | Mapping[str, Any],
    texts: Mapping[str, str],
) -> str:
    """SHA-256 (hex) of the canonical JSON of the inputs, profile and texts: sorted keys,
    no spaces, UTF-8. Equal content gives an equal hash whatever the key order."""
    document = {"inputs": _plain(inputs), "profile": _plain(profile), "texts": _plain(texts)}
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def inputs_from_json(data: Mapping[str, Any]) -> CampaignInputs:
    """The inverse of ``inputs_json``: a stored version's inputs as ``CampaignInputs``, so
    that its documents are rendered from what was hashed, not from today's rows."""
    suppliers = tuple(
        SupplierFacts(**{**facts, "submitted_on": _date(facts.get("submitted_on"))})
        for facts in data["suppliers"]
    )
    smelters = tuple(
        ReportedSmelter(**{**row, "last_audit_date": _date(row.get("last_audit_date"))})
        for row in data["smelters"]
    )
    return CampaignInputs(
        **{
            **data,
            "period_start": date.fromisoformat(data["period_start"]),
            "period_end": date.fromisoformat(data["period_end"]),
            "due_date": date.fromisoformat(data["due_date"]),
            "snapshot_as_of": _date(data.get("snapshot_as_of")),
            "suppliers": suppliers,
            "smelters": smelters,
        }
    )
