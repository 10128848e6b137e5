"""Report versions: states, roles, the lock on submitted versions, approval by every
required member, stored documents and the timeline."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError

from reports.models import ReportFile, ReportVersion
from reports.services_versions import (
    version_create,
    version_decide,
    version_edit,
    version_file,
    version_submit,
)
from reports.versions import State, inputs_hash
from suppliers.models import Campaign
from tests.reports.versions.conftest import PROFILE, TODAY

pytestmark = pytest.mark.django_db
FILED = date(2026, 5, 20)


def approve_all(version: ReportVersion, *members: AbstractUser) -> ReportVersion:
    for member in members:
        version = version_decide(version, member=member, decision="approve")
    return version


@pytest.fixture
def approved(
    django_capture_on_commit_callbacks,
    draft: ReportVersion,
    compliance_user: AbstractUser,
    committee_user: AbstractUser,
) -> ReportVersion:
    version = version_submit(draft, compliance_user)
    with django_capture_on_commit_callbacks(execute=True):
        return approve_all(version, committee_user)


def test_create_numbers_versions_per_campaign_and_hashes_the_inputs(
    draft: ReportVersion, campaign: Campaign, compliance_user: AbstractUser
) -> None:
    second = version_create(campaign, by=compliance_user, profile=PROFILE, today=TODAY)
    assert (draft.number, second.number) == (1, 2)
    assert draft.state == State.DRAFT
    assert draft.profile["name"] == "Example Corp"
    assert draft.inputs["campaign_name"] == "CMRT 2025"
    assert draft.inputs_hash == inputs_hash(draft.inputs, draft.profile, draft.texts)
    assert len(draft.inputs_hash) == 64


def test_the_hash_changes_when_the_texts_change(
    draft: ReportVersion, compliance_user: AbstractUser
) -> None:
    before = draft.inputs_hash
    edited = version_edit(draft, by=compliance_user, texts={"cmr_introduction": "Changed"})
    assert edited.pk == draft.pk  # a draft is edited in place
    assert edited.inputs_hash != before
    assert inputs_hash(draft.inputs, draft.profile, {"cmr_introduction": "Hello"}) == before


def test_the_hash_ignores_key_order() -> None:
    assert inputs_hash({"a": 1, "b": 2}, {"name": "X"}, {}) == inputs_hash(
        {"b": 2, "a": 1}, {"name": "X"}, {}
    )


def test_committee_cannot_create_edit_submit_or_file(
    draft: ReportVersion, campaign: Campaign, committee_user: AbstractUser
) -> None:
    with pytest.raises(PermissionDenied, match="Only Compliance may create"):
        version_create(campaign, by=committee_user, profile=PROFILE, today=TODAY)
    with pytest.raises(PermissionDenied, match="Only Compliance may edit"):
        version_edit(draft, by=committee_user, texts={"cmr_introduction": "x"})
    with pytest.raises(PermissionDenied, match="Only Compliance may submit"):
        version_submit(draft, committee_user)
    with pytest.raises(PermissionDenied, match="Only Compliance may file"):
        version_file(draft, by=committee_user, filed_on=FILED)


def test_compliance_cannot_approve(draft: ReportVersion, compliance_user: AbstractUser) -> None:
    version = version_submit(draft, compliance_user)
    with pytest.raises(PermissionDenied, match="Only Disclosure committee may approve"):
        version_decide(version, member=compliance_user, decision="approve")
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW
    assert not version.approvals.exists()


def test_wrong_state_is_refused(
    draft: ReportVersion, compliance_user: AbstractUser, committee_user: AbstractUser
) -> None:
    with pytest.raises(ValidationError):
        version_decide(draft, member=committee_user, decision="approve")
    with pytest.raises(ValidationError):
        version_file(draft, by=compliance_user, filed_on=FILED)
    version_submit(draft, compliance_user)
    with pytest.raises(ValidationError):
        version_submit(draft, compliance_user)


def test_approval_needs_every_required_member(
    django_capture_on_commit_callbacks,
    draft: ReportVersion,
    compliance_user: AbstractUser,
    committee_user: AbstractUser,
    second_member: AbstractUser,
) -> None:
    version = version_submit(draft, compliance_user)
    version = version_decide(version, member=committee_user, decision="approve")
    # A section approval does not count as approving the whole report.
    version = version_decide(
        version, member=second_member, decision="approve", section="cmr_results"
    )
    assert version.state == State.IN_REVIEW
    assert not version.files.exists()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        version = version_decide(version, member=second_member, decision="approve")
    assert len(callbacks) == 1  # one build, rendered on a worker once the approval commits
    assert version.state == State.APPROVED
    stored = version.files.filter(stage=ReportFile.Stage.APPROVED)
    assert sorted(stored.values_list("name", flat=True)) == sorted(
        ["rcoi_summary.xlsx", "cmr_draft.docx", "cmr_draft.pdf", "company_cmrt.xlsx"]
    )


def test_a_version_list_of_required_members_replaces_the_group(
    campaign: Campaign,
    compliance_user: AbstractUser,
    committee_user: AbstractUser,
    second_member: AbstractUser,
) -> None:
    version = version_create(
        campaign, by=compliance_user, profile=PROFILE, today=TODAY, required=[second_member]
    )
    version = version_submit(version, compliance_user)
    version = version_decide(version, member=second_member, decision="approve")
    assert version.state == State.APPROVED


def test_request_for_changes_sends_the_version_back_and_opens_a_new_round(
    draft: ReportVersion,
    compliance_user: AbstractUser,
    committee_user: AbstractUser,
    second_member: AbstractUser,
) -> None:
    version = version_submit(draft, compliance_user)
    version = version_decide(version, member=committee_user, decision="approve")
    with pytest.raises(ValidationError):
        version_decide(version, member=second_member, decision="changes", comment=" ")
    version = version_decide(
        version,
        member=second_member,
        decision="changes",
        section="cmr_step1",
        comment="Name the CAHRA sources.",
    )
    assert version.state == State.DRAFT
    version = version_edit(version, by=compliance_user, texts={"cmr_step1": "Better"})
    assert version.pk == draft.pk
    version = version_submit(version, compliance_user)
    assert version.review_round == 2
    # The first round's approval does not carry over.
    version = version_decide(version, member=second_member, decision="approve")
    assert version.state == State.IN_REVIEW
    version = version_decide(version, member=committee_user, decision="approve")
    assert version.state == State.APPROVED


def test_editing_an_approved_version_makes_a_new_draft_and_keeps_the_approved_one(
    approved: ReportVersion, compliance_user: AbstractUser
) -> None:
    assert approved.state == State.APPROVED
    before_hash = approved.inputs_hash
    before_files = sorted(approved.files.values_list("pk", "sha256", "file"))
    draft = version_edit(approved, by=compliance_user, texts={"cmr_introduction": "New"})
    assert draft.pk != approved.pk
    assert (draft.number, draft.state) == (2, State.DRAFT)
    assert draft.texts["cmr_introduction"] == "New"
    assert draft.inputs == approved.inputs
    assert draft.inputs_hash != before_hash
    approved.refresh_from_db()
    assert approved.state == State.APPROVED
    assert approved.inputs_hash == before_hash
    assert approved.texts == {"cmr_introduction": "Hello"}
    assert sorted(approved.files.values_list("pk", "sha256", "file")) == before_files
    assert not draft.files.exists()


def test_editing_a_version_in_review_also_makes_a_new_draft(
    draft: ReportVersion, compliance_user: AbstractUser
) -> None:
    version = version_submit(draft, compliance_user)
    copy = version_edit(version, by=compliance_user, texts={"cmr_step2": "x"})
    assert copy.pk != version.pk
    version.refresh_from_db()
    assert version.state == State.IN_REVIEW
    assert "cmr_step2" not in version.texts


def test_filing_records_the_date_and_the_final_files(
    django_capture_on_commit_callbacks, approved: ReportVersion, compliance_user: AbstractUser
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        filed = version_file(approved, by=compliance_user, filed_on=FILED)
    assert (filed.state, filed.filed_on) == (State.FILED, FILED)
    assert filed.files.filter(stage=ReportFile.Stage.FILED).count() == 4
    assert filed.files.filter(stage=ReportFile.Stage.APPROVED).count() == 4
    with pytest.raises(ValidationError):
        version_file(filed, by=compliance_user, filed_on=FILED)


def test_the_timeline_lists_who_did_what(
    approved: ReportVersion, compliance_user: AbstractUser, committee_user: AbstractUser
) -> None:
    version_file(approved, by=compliance_user, filed_on=FILED)
    events = list(approved.events.values_list("action", "by__username"))
    assert events == [
        ("create", "casey"),
        ("submit", "casey"),
        ("approve", "morgan"),
        ("approved", "morgan"),
        ("file", "casey"),
    ]
    assert all(event.at for event in approved.events.all())
