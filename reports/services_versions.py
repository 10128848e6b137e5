"""Report versions: create, edit, submit, decide (committee) and file.

Rules (the state table lives in ``reports.versions``):

1. Only compliance creates, edits, submits and files; only the disclosure committee
   decides. The wrong role gets ``PermissionDenied`` with a message saying why.
2. A draft is edited in place (its hash is recomputed). An in-review, approved or filed
   version is never changed: the edit becomes a new draft version, returned to the caller.
3. A request for changes sends the version back to draft and closes the review round;
   the next submission opens a new round in which every required member approves again.
4. When every required member has approved the whole report in the current round, the
   version is approved and a build renders its four documents from the stored inputs
   (on a worker, ``reports.services_builds``). Filing builds them once more, labelled
   filed, and keeps the approved ones.
5. Every action writes a ``ReportEvent``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cmrt.selectors.reference import rmap_snapshot_on
from reports.model import CompanyProfile
from reports.models import ReportApproval, ReportBuild, ReportEvent, ReportVersion
from reports.selectors import campaign_inputs
from reports.services_builds import build_request
from reports.texts_default import CMR_SECTIONS, FORM_SD_SECTIONS
from reports.versions import (
    Action,
    Decision,
    State,
    inputs_hash,
    inputs_json,
    next_state,
    profile_from_json,
)
from suppliers.models import Campaign
from suppliers.roles import Role
from suppliers.selectors import roles_of

AnyUser = AbstractBaseUser | AnonymousUser


def _require(user: AnyUser, role: Role, doing: str) -> None:
    if role not in roles_of(user):
        raise PermissionDenied(
            _("Only %(role)s may %(doing)s a report version.")
            % {"role": role.value, "doing": doing}
        )


def _move(version: ReportVersion, action: Action) -> State:
    state = next_state(version.state, action)
    if state is None:
        raise ValidationError(
            _("A %(state)s version cannot be %(action)s.")
            % {"state": version.get_state_display(), "action": action.value}
        )
    return state


def _event(version: ReportVersion, by: AnyUser, action: Action, note: str = "") -> ReportEvent:
    return ReportEvent.objects.create(version=version, by=by, action=action.value, note=note)


def _profile_json(profile: CompanyProfile | Mapping[str, Any]) -> dict[str, str]:
    if isinstance(profile, CompanyProfile):
        profile = {k: v for k, v in vars(profile).items()}
    return vars(profile_from_json(profile)).copy()


def committee_members() -> QuerySet[Any]:
    """Active members of the disclosure committee, by name."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.COMMITTEE.value, is_active=True)
        .distinct()
        .order_by("username")
    )


def required_members(version: ReportVersion) -> QuerySet[Any]:
    """The members whose approval the version needs: its own list, or else every active
    member of the disclosure committee."""
    listed = version.required_members.filter(is_active=True)
    if version.required_members.exists():
        return listed
    return committee_members()


@transaction.atomic
def version_create(
    campaign: Campaign,
    *,
    by: AnyUser,
    profile: CompanyProfile | Mapping[str, Any],
    texts: Mapping[str, str] | None = None,
    today: date | None = None,
    required: list[Any] | None = None,
    note: str = "",
) -> ReportVersion:
    """A new draft version with the next number, its inputs read from the campaign now."""
    _require(by, Role.COMPLIANCE, _("create"))
    today = today or timezone.localdate()
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    return _new_draft(
        campaign,
        by=by,
        as_of=today,
        inputs=inputs_json(campaign_inputs(campaign, today)),
        snapshot=campaign.rmap_snapshot or rmap_snapshot_on(today),
        profile=_profile_json(profile),
        texts={str(k): str(v) for k, v in (texts or {}).items()},
        required=required,
        note=note,
    )


def _new_draft(
    campaign: Campaign,
    *,
    by: AnyUser,
    as_of: date,
    inputs: dict[str, Any],
    snapshot: Any,
    profile: dict[str, str],
    texts: dict[str, str],
    required: list[Any] | None,
    note: str,
) -> ReportVersion:
    last = campaign.report_versions.aggregate(n=Max("number"))["n"] or 0
    version = ReportVersion(
        campaign=campaign,
        number=last + 1,
        as_of=as_of,
        inputs=inputs,
        profile=profile,
        texts=texts,
        inputs_hash=inputs_hash(inputs, profile, texts),
        snapshot=snapshot,
        created_by=by,
    )
    version.full_clean(exclude=["created_by"])
    version.save()
    if required:
        version.required_members.set(required)
    _event(version, by, Action.CREATE, note)
    return version


@transaction.atomic
def version_edit(
    version: ReportVersion,
    *,
    by: AnyUser,
    profile: CompanyProfile | Mapping[str, Any] | None = None,
    texts: Mapping[str, str] | None = None,
    required: list[Any] | None = None,
) -> ReportVersion:
    """Edit a draft in place; any other version is copied into a new draft (returned) with
    the same campaign inputs and snapshot. ``texts`` replaces every edited section (a
    section not in it reverts to the default text); ``required`` replaces the list of
    required approvers (empty: the whole committee); None keeps either."""
    _require(by, Role.COMPLIANCE, _("edit"))
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    profile_data = _profile_json(profile) if profile is not None else dict(version.profile)
    new_texts = (
        {str(k): str(v) for k, v in texts.items()} if texts is not None else dict(version.texts)
    )
    if version.state != State.DRAFT:
        campaign = Campaign.objects.select_for_update().get(pk=version.campaign_id)
        return _new_draft(
            campaign,
            by=by,
            as_of=version.as_of,
            inputs=version.inputs,
            snapshot=version.snapshot,
            profile=profile_data,
            texts=new_texts,
            required=list(version.required_members.all()) if required is None else required,
            note=_("from v%(number)s") % {"number": version.number},
        )
    _move(version, Action.EDIT)
    version.profile = profile_data
    version.texts = new_texts
    version.inputs_hash = inputs_hash(version.inputs, profile_data, new_texts)
    version.save(update_fields=["profile", "texts", "inputs_hash"])
    if required is not None:
        version.required_members.set(required)
    _event(version, by, Action.EDIT)
    return version


@transaction.atomic
def version_submit(version: ReportVersion, by: AnyUser) -> ReportVersion:
    """Draft → in review; opens a new review round."""
    _require(by, Role.COMPLIANCE, _("submit"))
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    version.state = _move(version, Action.SUBMIT)
    version.review_round += 1
    version.save(update_fields=["state", "review_round"])
    _event(version, by, Action.SUBMIT)
    return version


@transaction.atomic
def version_decide(
    version: ReportVersion,
    *,
    member: AnyUser,
    decision: str,
    section: str = "",
    comment: str = "",
) -> ReportVersion:
    """Record a committee member's decision; the last required approval approves."""
    _require(member, Role.COMMITTEE, _("approve or request changes on"))
    decision = Decision(decision)
    if decision == Decision.CHANGES and not comment.strip():
        raise ValidationError(_("Say what should change."))
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    action = Action.APPROVE if decision == Decision.APPROVE else Action.CHANGES
    state = _move(version, action)
    ReportApproval.objects.create(
        version=version,
        member=member,
        decision=decision.value,
        section=section,
        comment=comment,
        review_round=version.review_round,
    )
    titles = {key: str(title) for key, title, _ in (*FORM_SD_SECTIONS, *CMR_SECTIONS)}
    note = f"[{titles.get(section, section)}] {comment}" if section else comment
    _event(version, member, action, note)
    if state != version.state:  # changes: back to draft
        version.state = state
        version.save(update_fields=["state"])
        return version
    if all_approved(version):
        version.state = _move(version, Action.APPROVED)
        version.save(update_fields=["state"])
        build_request(
            version.campaign, by=member, version=version, stage=ReportBuild.Stage.APPROVED
        )
        _event(version, member, Action.APPROVED)
    return version


def all_approved(version: ReportVersion) -> bool:
    """Every required member's latest whole-report decision this round is an approval."""
    required = set(required_members(version).values_list("pk", flat=True))
    if not required:
        return False
    latest: dict[int, str] = {}
    for member_id, decision in version.approvals.filter(
        review_round=version.review_round, section=""
    ).values_list("member_id", "decision"):
        latest[member_id] = decision
    return all(latest.get(pk) == Decision.APPROVE for pk in required)


@transaction.atomic
def version_file(version: ReportVersion, *, by: AnyUser, filed_on: date) -> ReportVersion:
    """Approved → filed: records the filing date and stores the final documents."""
    _require(by, Role.COMPLIANCE, _("file"))
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    version.state = _move(version, Action.FILE)
    version.filed_on = filed_on
    version.save(update_fields=["state", "filed_on"])
    build_request(version.campaign, by=by, version=version, stage=ReportBuild.Stage.FILED)
    _event(version, by, Action.FILE, filed_on.isoformat())
    return version
