"""``campaign_inputs`` on the database: rows built directly with the ORM."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from cmrt.models import DeclarationRecord, ReferenceSmelter, SmelterRecord, Submission
from reports.aggregation import campaign_report
from reports.model import ReportedSmelter, SupplierFacts
from reports.selectors import campaign_inputs
from suppliers.models import Campaign, CampaignRequest
from tests.cmrt.submissions.rows import make_reference, make_rmap, make_submission
from tests.factories import make_supplier
from tests.suppliers.campaigns.builders import answers, make_campaign, make_request

pytestmark = pytest.mark.django_db

TODAY = date(2025, 4, 15)
State = CampaignRequest.State
Match = SmelterRecord.MatchStatus


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def _reference(cid: str, metal: str, name: str, country: str) -> ReferenceSmelter:
    smelter = make_reference(cid, metal, name)
    smelter.country = country
    smelter.save(update_fields=["country"])
    return smelter


def _file(request: CampaignRequest, status: str, **fields) -> Submission:
    submission = make_submission(
        request.supplier, f"{request.supplier.name}.xlsx", status=status, request=request, **fields
    )
    request.submission = submission
    request.save(update_fields=["submission"])
    return submission


def _smelter(submission: Submission, row: int, metal: str, name: str, reference=None, **fields):
    fields.setdefault("match_status", Match.MATCHED if reference else Match.UNMATCHED)
    return SmelterRecord.objects.create(
        submission=submission, row=row, metal=metal, name=name, reference=reference, **fields
    )


@pytest.fixture
def world() -> dict:
    thaisarco = _reference("CID001898", "Tin", "Thaisarco", "Thailand")
    metalor = _reference("CID001153", "Gold", "Metalor Technologies S.A.", "Switzerland")
    wolfram = _reference("CID000966", "Tungsten", "Wolfram Bergbau und Hutten AG", "Austria")
    bound = make_rmap(
        date(2025, 1, 15),
        {"CID001898": ("Conformant", "conformant"), "CID001153": ("Active", "active")},
    )
    # A later list that changes Metalor's status: the bound snapshot must win.
    later = make_rmap(date(2025, 4, 1), {"CID001153": ("Conformant", "conformant")})
    campaign = make_campaign(
        "RY2024", reporting_year=2024, due_date=date(2025, 3, 31), rmap_snapshot=bound
    )
    acme = make_request(
        campaign,
        make_supplier("Acme Metals", country="DE"),
        state=State.ACCEPTED,
        submitted_at=_at(date(2025, 3, 10)),
    )
    acme_file = _file(
        acme,
        Submission.Status.CHECKED,
        template_version="6.5",
        declared_company="Acme Metals GmbH",
        warning_count=2,
    )
    DeclarationRecord.objects.create(
        submission=acme_file,
        answers=answers({"Tin": "Yes", "Gold": "Yes", "Tantalum": "No"}, Q4={"Gold": "Yes"}),
    )
    _smelter(acme_file, 6, "Gold", "Metalor", metalor, country="SWITZERLAND")
    _smelter(acme_file, 5, "Tin", "Thaisarco", thaisarco, country="Thailand")
    _smelter(acme_file, 7, "", "", wolfram, lookup_name="Wolfram Bergbau")  # by CID only
    _smelter(acme_file, 8, "Tin", "Unknown Tin Works", country="Indonesia")
    borealis = make_request(
        campaign,
        make_supplier("Borealis", country="SE"),
        state=State.REJECTED,
        submitted_at=_at(date(2025, 4, 5)),
    )
    _file(borealis, Submission.Status.FAILED, error_count=0)
    cobalt = make_request(campaign, make_supplier("Cobalt", country="GB"), state=State.INVITED)
    delta = make_request(
        campaign,
        make_supplier("Delta", country="US"),
        state=State.SUBMITTED,
        submitted_at=_at(date(2025, 3, 30)),
    )
    _file(delta, Submission.Status.PROCESSING)
    eagle = make_request(
        campaign,
        make_supplier("Eagle", country="US"),
        state=State.DECLINED,
        decline_reason="No 3TG.",
    )
    return {
        "campaign": campaign,
        "later": later,
        "requests": (acme, borealis, cobalt, delta, eagle),
        "acme_file": acme_file,
        "refs": (thaisarco, metalor, wolfram),
    }


def test_campaign_inputs(world) -> None:
    campaign = Campaign.objects.get(pk=world["campaign"].pk)
    acme, borealis, cobalt, delta, eagle = world["requests"]
    acme_file = world["acme_file"]
    borealis_file = Submission.objects.get(request=borealis)

    inputs = campaign_inputs(campaign, TODAY)

    assert (inputs.campaign_id, inputs.campaign_name, inputs.reporting_year) == (
        campaign.pk,
        "RY2024",
        2024,
    )
    assert inputs.due_date == date(2025, 3, 31)
    assert (inputs.snapshot_as_of, inputs.snapshot_label) == (date(2025, 1, 15), "RMI list")

    def facts(request, name, country, **fields) -> SupplierFacts:
        return SupplierFacts(
            request_id=request.pk,
            supplier_id=request.supplier_id,
            supplier_name=name,
            supplier_country=country,
            state=request.state,
            **fields,
        )

    assert inputs.suppliers == (
        facts(
            acme, "Acme Metals", "DE",
            overdue=False, submitted_on=date(2025, 3, 10), submission_id=acme_file.pk,
            readable=True, warning_count=2, template_version="6.5",
            declared_company="Acme Metals GmbH",
            answers={"Q1": {"Tin": "Yes", "Gold": "Yes", "Tantalum": "No"}, "Q4": {"Gold": "Yes"}},
        ),
        # The file failed: known, not readable. Needs correction after the due date: overdue.
        facts(
            borealis, "Borealis", "SE",
            overdue=True, submitted_on=date(2025, 4, 5), submission_id=borealis_file.pk,
            readable=False,
        ),
        facts(cobalt, "Cobalt", "GB", overdue=True, submitted_on=None, submission_id=None,
              readable=False),
        # A file still being read is left out until it is finished.
        facts(delta, "Delta", "US", overdue=False, submitted_on=date(2025, 3, 30),
              submission_id=None, readable=False),
        facts(eagle, "Eagle", "US", overdue=False, submitted_on=None, submission_id=None,
              readable=False, decline_reason="No 3TG."),
    )  # fmt: skip

    a = acme.supplier_id
    assert inputs.smelters == (
        ReportedSmelter(
            a, acme_file.pk, 5, "Tin", "Thaisarco", "Thailand", "CID001898", "Thaisarco",
            "Thailand", "matched", "conformant", "Conformant",
        ),
        # Status from the bound snapshot (active), not the later list (conformant).
        ReportedSmelter(
            a, acme_file.pk, 6, "Gold", "Metalor", "SWITZERLAND", "CID001153",
            "Metalor Technologies S.A.", "Switzerland", "matched", "active", "Active",
        ),
        # No metal on the row: the reference smelter's; not in the snapshot: no status.
        ReportedSmelter(
            a, acme_file.pk, 7, "Tungsten", "Wolfram Bergbau", "", "CID000966",
            "Wolfram Bergbau und Hutten AG", "Austria", "matched", "", "",
        ),
        ReportedSmelter(
            a, acme_file.pk, 8, "Tin", "Unknown Tin Works", "Indonesia", "",
            match_status="unmatched",
        ),
    )  # fmt: skip


def test_without_a_bound_snapshot_the_list_in_force_today_is_used(world) -> None:
    Campaign.objects.filter(pk=world["campaign"].pk).update(rmap_snapshot=None)
    campaign = Campaign.objects.get(pk=world["campaign"].pk)
    inputs = campaign_inputs(campaign, TODAY)
    assert inputs.snapshot_as_of == date(2025, 4, 1)
    statuses = {r.cid: r.rmap_status for r in inputs.smelters}
    assert statuses == {"CID001898": "", "CID001153": "conformant", "CID000966": "", "": ""}


def test_no_snapshot_at_all(world) -> None:
    Campaign.objects.filter(pk=world["campaign"].pk).update(rmap_snapshot=None)
    campaign = Campaign.objects.get(pk=world["campaign"].pk)
    inputs = campaign_inputs(campaign, date(2024, 12, 31))  # before either list
    assert (inputs.snapshot_as_of, inputs.snapshot_label) == (None, "")
    assert {r.rmap_status for r in inputs.smelters} == {""}


def test_report_from_the_database(world) -> None:
    campaign = Campaign.objects.get(pk=world["campaign"].pk)
    acme, borealis, cobalt, delta, eagle = world["requests"]
    report = campaign_report(campaign_inputs(campaign, TODAY), TODAY)
    assert report.responded.keys == tuple(str(r.pk) for r in (acme, borealis, delta, eagle))
    assert report.with_errors.keys == (str(borealis.pk),)  # Delta's file is not read yet
    assert report.late.keys == (str(borealis.pk), str(cobalt.pk))
    assert report.high_risk.keys == (str(acme.pk),)
    assert [(s.cid, s.rmap_status) for s in report.smelter_list] == [
        ("CID001898", "conformant"),
        ("CID001153", "active"),
        ("CID000966", ""),
    ]
    assert len(report.unmatched) == 1


def test_query_count_does_not_grow_with_the_campaign(world, django_assert_max_num_queries) -> None:
    campaign = world["campaign"]
    thaisarco = world["refs"][0]
    for number in range(8):
        request = make_request(campaign, make_supplier(f"Extra {number}"), state=State.UNDER_REVIEW)
        submission = _file(request, Submission.Status.CHECKED, template_version="6.5")
        DeclarationRecord.objects.create(submission=submission, answers=answers({"Tin": "Yes"}))
        _smelter(submission, 5, "Tin", "Thaisarco", thaisarco)
    campaign = Campaign.objects.get(pk=campaign.pk)
    # The bound snapshot, the requests (with supplier, submission and declaration), the
    # smelter rows, their reference smelters, the RMAP statuses.
    with django_assert_max_num_queries(5):
        inputs = campaign_inputs(campaign, TODAY)
    assert len(inputs.suppliers) == 13
    assert len(inputs.smelters) == 12
