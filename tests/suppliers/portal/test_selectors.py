"""The portal's read side: only the user's own organisation, statuses in plain words."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from cmrt.models import Submission
from suppliers.models import Campaign, CampaignRequest, Supplier
from suppliers.selectors.portal import (
    STATUS_LABELS,
    PortalStatus,
    portal_clarifications,
    portal_findings,
    portal_request,
    portal_requests,
    portal_submission,
    portal_submissions,
    portal_supplier_id,
    request_status,
    version_result,
)
from tests.cmrt.submissions.rows import make_checked, make_submission
from tests.suppliers.portal.conftest import ask, make_campaign, make_request

State = CampaignRequest.State
S = Submission.Status

# --- Pure status rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "latest", "errors", "expected"),
    [
        (State.INVITED, None, 0, PortalStatus.WAITING),
        (State.OPENED, None, 0, PortalStatus.WAITING),
        (State.SUBMITTED, S.QUEUED, 0, PortalStatus.UNDER_REVIEW),
        (State.SUBMITTED, S.CHECKED, 0, PortalStatus.UNDER_REVIEW),
        (State.SUBMITTED, S.CHECKED, 3, PortalStatus.NEEDS_CORRECTION),
        (State.SUBMITTED, S.FAILED, 0, PortalStatus.NEEDS_CORRECTION),
        (State.UNDER_REVIEW, S.CHECKED, 0, PortalStatus.UNDER_REVIEW),
        (State.REJECTED, S.CHECKED, 0, PortalStatus.NEEDS_CORRECTION),
        (State.CLARIFICATION, S.CHECKED, 0, PortalStatus.QUESTION),
        (State.ACCEPTED, S.CHECKED, 2, PortalStatus.ACCEPTED),
        (State.DECLINED, None, 0, PortalStatus.DECLINED),
    ],
)
def test_request_status_in_plain_words(state, latest, errors, expected) -> None:
    assert request_status(state, latest, errors) == expected


def test_status_labels_are_the_words_suppliers_read() -> None:
    labels = {code: str(label) for code, label in STATUS_LABELS.items()}
    assert labels[PortalStatus.ACCEPTED] == "Accepted"
    assert labels[PortalStatus.NEEDS_CORRECTION] == "Needs correction"
    assert labels[PortalStatus.UNDER_REVIEW] == "Under review"
    assert labels[PortalStatus.WAITING] == "Waiting for your CMRT"


def test_a_version_result_applies_the_decision_to_the_latest_version_only() -> None:
    def result(status, errors, latest, state):
        return version_result(status, errors, is_latest=latest, request_state=state)

    assert result(S.PROCESSING, 0, True, State.SUBMITTED) == PortalStatus.CHECKING
    assert result(S.FAILED, 0, True, State.REJECTED) == PortalStatus.NEEDS_CORRECTION
    assert result(S.CHECKED, 0, True, State.ACCEPTED) == PortalStatus.ACCEPTED
    assert result(S.CHECKED, 0, True, State.REJECTED) == PortalStatus.NEEDS_CORRECTION
    assert result(S.CHECKED, 2, False, State.ACCEPTED) == PortalStatus.NEEDS_CORRECTION
    assert result(S.CHECKED, 0, False, State.ACCEPTED) == PortalStatus.REPLACED
    assert result(S.CHECKED, 0, True, None) == PortalStatus.UNDER_REVIEW


# --- Only the user's organisation ----------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_staff_users_have_no_portal_organisation(compliance_user, committee_user) -> None:
    assert portal_supplier_id(compliance_user) is None
    assert portal_supplier_id(committee_user) is None


def test_requests_are_only_the_own_organisations_open_ones_first(
    supplier_a_user, supplier_a: Supplier, request_a, request_b
) -> None:
    late = make_request(make_campaign("Late one", due_date=date(2026, 11, 1)), supplier_a)
    done = make_request(
        make_campaign("Done", reporting_year=2025, due_date=date(2026, 3, 1)),
        supplier_a,
        state=State.ACCEPTED,
    )
    make_request(make_campaign("Still a draft", status=Campaign.Status.DRAFT), supplier_a)
    rows = portal_requests(supplier_a_user, today=date(2026, 12, 2))
    assert [r.request for r in rows] == [late, request_a, done]
    assert [(r.is_open, r.overdue) for r in rows] == [(True, True), (True, False), (False, False)]
    assert [r.status_label for r in rows] == ["Waiting for your CMRT"] * 2 + ["Accepted"]
    assert rows[1].products == ["P-100", "P-200"]


def test_another_organisations_request_is_a_404(supplier_a_user, request_a, request_b) -> None:
    assert portal_request(supplier_a_user, request_a.pk).request == request_a
    with pytest.raises(Http404):
        portal_request(supplier_a_user, request_b.pk)


def test_versions_are_numbered_newest_first_with_their_result(
    supplier_a_user, supplier_a, supplier_b, request_a
) -> None:
    first = make_submission(supplier_a, "v1.xlsx", request=request_a, error_count=2)
    second = make_submission(supplier_a, "v2.xlsx", request=request_a)
    loose = make_submission(supplier_a, "by-email.xlsx")
    make_submission(supplier_b, "theirs.xlsx")
    versions = portal_submissions(supplier_a_user, request_a)
    assert [(v.submission, v.number, v.result_label) for v in versions] == [
        (second, 2, "Under review"),
        (first, 1, "Needs correction"),
    ]
    everything = portal_submissions(supplier_a_user)
    assert {v.submission for v in everything} == {first, second, loose}
    assert portal_submission(supplier_a_user, first.pk).number == 1


def test_another_organisations_file_is_a_404(supplier_a_user, supplier_b) -> None:
    theirs = make_submission(supplier_b, "theirs.xlsx")
    with pytest.raises(Http404):
        portal_submission(supplier_a_user, theirs.pk)


def test_findings_are_grouped_by_sheet_errors_first(supplier_a) -> None:
    groups = portal_findings(make_checked(supplier_a))
    assert [(g.sheet, [f.cell or f.row for f in g.findings]) for g in groups] == [
        ("Declaration", ["D27", "D16"]),
        ("Smelter List", [6]),
    ]


def test_clarifications_are_the_requests_own_open_ones_first(
    supplier_a_user, request_a, request_b
) -> None:
    answered = ask(request_a, "Old question", answer="Done")
    open_one = ask(request_a, "New question")
    ask(request_b, "Their question")
    assert portal_clarifications(supplier_a_user, request_a) == [open_one, answered]
    assert portal_clarifications(supplier_a_user, request_b) == []
