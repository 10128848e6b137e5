"""Campaign services: scope, transitions with their history, and ingestion's hook."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cmrt.models import Submission
from suppliers.models import Campaign, CampaignRequest, RequestEvent, Tag
from suppliers.services.campaigns import (
    campaign_save,
    campaign_suppliers_add,
    campaign_suppliers_import,
    request_accept,
    request_decline,
    request_note,
    request_reject,
    request_reopen,
    request_submission_checked,
    request_submission_received,
    request_transition,
)
from tests.factories import make_supplier
from tests.suppliers.campaigns.builders import make_campaign, make_file, make_request

State = CampaignRequest.State
pytestmark = pytest.mark.django_db


def test_campaign_save_records_who_and_validates(compliance_user) -> None:
    campaign = Campaign(
        name="CM 2025",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=date(2026, 3, 31),
    )
    campaign_save(campaign, by=compliance_user)
    assert campaign.pk and campaign.created_by == compliance_user
    bad = Campaign(
        name="Backwards",
        reporting_year=2025,
        period_start=date(2025, 12, 31),
        period_end=date(2025, 1, 1),
        due_date=date(2026, 3, 31),
    )
    with pytest.raises(ValidationError):
        campaign_save(bad, by=compliance_user)
    assert not Campaign.objects.filter(name="Backwards").exists()


def test_suppliers_add_by_id_and_tag_skips_existing_and_inactive(
    compliance_user, supplier_a, supplier_b
) -> None:
    campaign = make_campaign()
    smelting = Tag.objects.create(name="smelting")
    tagged = make_supplier("Gamma Tin")
    tagged.tags.add(smelting)
    sleeping = make_supplier("Old Ore", status="inactive")
    sleeping.tags.add(smelting)
    make_request(campaign, supplier_b)

    added = campaign_suppliers_add(
        campaign,
        supplier_ids=[supplier_a.pk, supplier_b.pk],
        tag_ids=[smelting.pk],
        by=compliance_user,
    )

    assert added == 2
    names = set(campaign.requests.values_list("supplier__name", flat=True))
    assert names == {"Alpha Metals", "Beta Circuits", "Gamma Tin"}
    request = campaign.requests.get(supplier=tagged)
    assert request.state == State.NOT_SENT
    event = request.events.get()
    assert (event.by, event.to_state, event.note) == (
        compliance_user,
        "not_sent",
        "Added to the campaign.",
    )
    assert campaign_suppliers_add(campaign, tag_ids=[smelting.pk], by=compliance_user) == 0


def test_import_reports_unknown_rows_by_number_and_adds_nothing(
    compliance_user, supplier_a, supplier_b
) -> None:
    campaign = make_campaign()
    content = b"supplier;products\nAlpha Metals;P-1, P-2\nNobody Ltd;\nB-2;\n"
    outcome = campaign_suppliers_import(campaign, content, "list.csv", compliance_user)
    assert not outcome.ok
    assert [str(p) for p in outcome.problems] == [
        "Row 3: no supplier has the name or vendor number “Nobody Ltd”."
    ]
    assert outcome.added == 0
    assert not campaign.requests.exists()


def test_import_matches_names_and_vendor_numbers_with_products(
    compliance_user, supplier_a, supplier_b
) -> None:
    campaign = make_campaign(scope=Campaign.Scope.PRODUCT)
    make_supplier("Sleepy Co", status="inactive")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Supplier name", "Vendor number", "Products"])
    sheet.append(["alpha metals", "", "P-1; P-2"])
    sheet.append(["", "B-2", ""])
    sheet.append(["Sleepy Co", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    outcome = campaign_suppliers_import(campaign, buffer.getvalue(), "list.xlsx", compliance_user)

    assert outcome.ok and outcome.added == 2 and outcome.inactive == ("Sleepy Co",)
    alpha = campaign.requests.get(supplier=supplier_a)
    assert alpha.requested_products == "P-1\nP-2"
    again = campaign_suppliers_import(campaign, buffer.getvalue(), "list.xlsx", compliance_user)
    assert (again.added, again.already) == (0, 2)


def test_import_without_a_supplier_column_says_which_columns(compliance_user) -> None:
    outcome = campaign_suppliers_import(
        make_campaign(), b"city\nBerlin\n", "x.csv", compliance_user
    )
    assert outcome.error == (
        "The file needs a column “supplier”, “name” or “vendor_number” in row 1."
    )


def test_transition_records_who_when_and_stamps(compliance_user, supplier_a) -> None:
    request = make_request(make_campaign(), supplier_a)
    request_transition(request, State.INVITED, by=compliance_user, note="sent")
    assert request.state == State.INVITED and request.invited_at is not None
    event = RequestEvent.objects.get(request=request)
    assert (event.kind, event.from_state, event.to_state, event.by, event.note) == (
        "state",
        "not_sent",
        "invited",
        compliance_user,
        "sent",
    )
    assert event.at is not None


def test_invalid_transition_message_is_exact(compliance_user, supplier_a) -> None:
    request = make_request(make_campaign(), supplier_a)
    with pytest.raises(ValueError) as caught:
        request_transition(request, State.ACCEPTED, by=compliance_user)
    assert str(caught.value) == (
        "A request that is “not sent” cannot become “accepted”. From here it can become: "
        "“invited”, “submitted”, “declined”."
    )
    request.refresh_from_db()
    assert request.state == State.NOT_SENT and not request.events.exists()


def test_decline_accept_reject_reopen_and_note(compliance_user, supplier_a, supplier_b) -> None:
    campaign = make_campaign()
    declined = make_request(campaign, supplier_a, state=State.INVITED, invited_at=timezone.now())
    with pytest.raises(ValueError, match="^Say why the supplier declines.$"):
        request_decline(declined, "  ", compliance_user)
    request_decline(declined, "no 3TG in what we sell you", compliance_user)
    assert declined.state == State.DECLINED and declined.decided_at is not None
    assert declined.decline_reason == "no 3TG in what we sell you"
    request_reopen(declined, compliance_user)
    assert declined.state == State.INVITED and declined.decided_at is None

    reviewed = make_request(campaign, supplier_b, state=State.UNDER_REVIEW)
    with pytest.raises(ValueError, match="^Say what the supplier must correct.$"):
        request_reject(reviewed, "", compliance_user)
    request_reject(reviewed, "Smelter list is empty", compliance_user)
    assert reviewed.state == State.REJECTED and reviewed.decision_reason == "Smelter list is empty"
    request_reopen(reviewed, compliance_user, "Looked again")
    request_accept(reviewed, "", compliance_user)
    assert reviewed.state == State.ACCEPTED
    with pytest.raises(ValueError) as caught:
        request_reject(reviewed, "late", compliance_user)
    assert "cannot become “needs correction”" in str(caught.value)
    note = request_note(reviewed, "Called Ben", compliance_user)
    assert (note.kind, note.note, note.by) == ("note", "Called Ben", compliance_user)
    steps = list(reviewed.events.values_list("from_state", "to_state"))
    assert steps == [
        ("under_review", "rejected"),
        ("rejected", "under_review"),
        ("under_review", "accepted"),
        ("", ""),
    ]


def test_reopen_refuses_open_requests(compliance_user, supplier_a) -> None:
    request = make_request(make_campaign(), supplier_a, state=State.INVITED)
    with pytest.raises(ValueError) as caught:
        request_reopen(request, compliance_user)
    assert str(caught.value) == (
        "Only an accepted, declined or needs-correction request can be reopened."
    )


def test_submission_checked_moves_to_review_as_the_uploader(supplier_a, supplier_a_user) -> None:
    request = make_request(make_campaign(), supplier_a, state=State.OPENED)
    submission = make_file(request, by=supplier_a_user)

    request_submission_checked(submission.pk)

    request.refresh_from_db()
    assert request.state == State.UNDER_REVIEW
    assert request.submission == submission and request.submitted_at == submission.uploaded_at
    events = list(request.events.values_list("from_state", "to_state", "by"))
    assert events == [
        ("opened", "submitted", supplier_a_user.pk),
        ("submitted", "under_review", supplier_a_user.pk),
    ]
    request_submission_checked(submission.pk)  # a second run changes nothing
    assert request.events.count() == 2


def test_upload_then_check(supplier_a, supplier_a_user) -> None:
    request = make_request(make_campaign(), supplier_a, state=State.INVITED)
    submission = make_file(request, by=supplier_a_user)
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.QUEUED)
    submission.refresh_from_db()

    request_submission_received(request, submission, supplier_a_user)
    assert request.state == State.SUBMITTED and request.submission_id == submission.pk
    assert request_submission_checked(submission.pk) is None  # not finished yet

    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.CHECKED)
    request_submission_checked(submission.pk)
    request.refresh_from_db()
    assert request.state == State.UNDER_REVIEW
    request_submission_received(request, submission, supplier_a_user)  # late call: no-op
    request.refresh_from_db()
    assert request.state == State.UNDER_REVIEW


def test_unreadable_file_leaves_the_request_needing_correction(supplier_a, supplier_a_user) -> None:
    request = make_request(make_campaign(), supplier_a, state=State.INVITED)
    submission = make_file(
        request,
        status=Submission.Status.FAILED,
        message="This file is not a CMRT.",
        by=supplier_a_user,
    )

    request_submission_checked(submission.pk)

    request.refresh_from_db()
    assert request.state == State.REJECTED
    assert request.decision_reason == "This file is not a CMRT."
    last = request.events.last()
    assert (last.from_state, last.to_state, last.note, last.by) == (
        "submitted",
        "rejected",
        "This file is not a CMRT.",
        supplier_a_user,
    )
    corrected = make_file(request, by=supplier_a_user)
    request_submission_checked(corrected.pk)
    request.refresh_from_db()
    assert request.state == State.UNDER_REVIEW and request.submission == corrected


def test_late_file_does_not_undo_a_decision(supplier_a, supplier_a_user) -> None:
    request = make_request(make_campaign(), supplier_a, state=State.ACCEPTED)
    submission = make_file(request, by=supplier_a_user)
    request_submission_checked(submission.pk)
    request.refresh_from_db()
    assert request.state == State.ACCEPTED and not request.events.exists()
