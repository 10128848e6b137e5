"""The demo campaign: reporting year 2025, due ten days ago, with demo suppliers in every
state, so a new user sees the workflow at once. ``supplier-a`` (Aurora) has a checked CMRT
with findings and an open clarification, ``supplier-b`` (Birchwood) an accepted one, and
some suppliers are overdue. Idempotent: an existing demo campaign is left as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from cmrt.demo import DEMO_DECLARATIONS, DemoDeclaration, demo_cmrt
from cmrt.models import Submission
from cmrt.selectors.reference import rmap_snapshot_on
from cmrt.services.ingestion import submission_ingest, submission_receive
from suppliers.finding_keys import finding_key_of
from suppliers.models import Campaign, CampaignRequest, Supplier
from suppliers.services.campaigns import (
    campaign_suppliers_add,
    request_accept,
    request_decline,
    request_transition,
)
from suppliers.services.review import clarification_ask

DEMO_CAMPAIGN = "Conflict minerals 2025 (demo)"
# What the demo suppliers have done so far (the rest of the demo suppliers: not sent).
_INVITED = ("Fjord Cable Systems AS", "Granite Fasteners S.A.")
_OPENED = ("Harbor Point Plastics LLC",)
_DECLINED = {"Cobalt Ridge Metals Inc.": "No 3TG in what we sell you: the parts are plastic."}
_UNREADABLE = "Elbe Solder Technik AG"  # sent a photo instead of the workbook
_IN_SCOPE = 12


@dataclass(frozen=True)
class CampaignDemoSummary:
    created: bool
    requests: int


def demo_campaign_load() -> CampaignDemoSummary:
    existing = Campaign.objects.filter(name=DEMO_CAMPAIGN, reporting_year=2025).first()
    if existing is not None:
        return CampaignDemoSummary(created=False, requests=existing.requests.count())
    compliance = get_user_model().objects.get(username="compliance")
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name=DEMO_CAMPAIGN,
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=today - timedelta(days=10),
        rmap_snapshot=rmap_snapshot_on(today),
        status=Campaign.Status.OPEN,
        is_demo=True,
        created_by=compliance,
        updated_by=compliance,
    )
    suppliers = Supplier.objects.filter(is_demo=True, status=Supplier.Status.ACTIVE)
    campaign_suppliers_add(
        campaign,
        supplier_ids=suppliers.order_by("name").values_list("pk", flat=True)[:_IN_SCOPE],
        by=compliance,
    )
    # The mails of these steps would only be printed on the console: keep them quiet.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for request in campaign.requests.select_related("supplier"):
            _play(request, compliance)
    _report_in_review(campaign, compliance)
    return CampaignDemoSummary(created=True, requests=campaign.requests.count())


def _report_in_review(campaign: Campaign, compliance: object) -> None:
    """The 2025 report as a draft version submitted to the committee."""
    from reports.model import CompanyProfile
    from reports.services_versions import version_create, version_submit

    profile = CompanyProfile(
        name="Example Manufacturing Inc. (demo)",
        registrant_address="1 Demo Way, Springfield, USA",
        sec_file_number="001-00000",
        contact_name="Casey (demo)",
        contact_email="compliance@demo.example.com",
        contact_phone="+1 555 0100",
        authorizer="Morgan (demo)",
        authorizer_title="Chief Compliance Officer",
        policy_url="https://example.com/conflict-minerals-policy",
        grievance_contact="ethics@demo.example.com",
        committee="Disclosure committee: Morgan (demo), Casey (demo)",
        products_description="Electronic control units and connectors",
    )
    version = version_create(campaign, by=compliance, profile=profile)
    version_submit(version, compliance)


def _invite(request: CampaignRequest, by: object) -> None:
    request_transition(request, CampaignRequest.State.INVITED, by=by, kind="invitation")


def _upload(request: CampaignRequest, content: bytes, name: str, by: object) -> Submission:
    received = submission_receive(
        content=content,
        filename=name,
        supplier=request.supplier,
        by=by,
        enqueue=False,
        request_id=request.pk,
    )
    submission = received.submission
    if received.duplicate:  # kept from an earlier demo: answer this request with it
        Submission.objects.filter(pk=submission.pk).update(
            request=request, status=Submission.Status.QUEUED, claimed_at=None
        )
    submission_ingest(submission.pk)
    request.refresh_from_db()
    return submission


def _play(request: CampaignRequest, compliance: object) -> None:
    name = request.supplier.name
    if name in _INVITED:
        _invite(request, compliance)
    elif name in _OPENED:
        _invite(request, compliance)
        request_transition(request, CampaignRequest.State.OPENED, by=None)
    elif name in _DECLINED:
        _invite(request, compliance)
        request_decline(request, _DECLINED[name], None)
    elif name == _UNREADABLE:
        _invite(request, compliance)
        _upload(request, b"\xff\xd8\xff\xe0 a photo of the screen", "CMRT.xlsx", None)
    elif name in DEMO_DECLARATIONS:
        _invite(request, compliance)
        content = demo_cmrt(DemoDeclaration(company=name, smelters=DEMO_DECLARATIONS[name]))
        submission = _upload(request, content, f"CMRT {name}.xlsx", None)
        if name == "Birchwood Circuits Ltd":
            request_accept(request, "Complete and consistent.", compliance)
        elif name == "Aurora Components GmbH":
            finding = submission.findings.order_by("position").first()
            clarification_ask(
                request,
                submission=submission,
                finding_key=finding_key_of(finding) if finding else "",
                question="Your Smelter List names no tantalum or tin smelter, but the "
                "Declaration says both are in scope. Which smelters supply them?",
                by=compliance,
            )
