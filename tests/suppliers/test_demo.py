import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from suppliers.models import Contact, Supplier
from suppliers.roles import Role
from suppliers.selectors import roles_of, suppliers_visible_to

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_marked(capsys, settings) -> None:
    settings.DEMO_PASSWORD = "demo-pass-1"
    call_command("demo")
    first = (Supplier.objects.count(), Contact.objects.count(), get_user_model().objects.count())
    call_command("demo")
    assert (
        Supplier.objects.count(),
        Contact.objects.count(),
        get_user_model().objects.count(),
    ) == first
    assert first[0] >= 25
    assert not Supplier.objects.filter(is_demo=False).exists()
    output = capsys.readouterr().out
    assert "supplier-a   / demo-pass-1" in output


def test_demo_users_have_their_roles_and_scopes() -> None:
    call_command("demo")
    users = {u.username: u for u in get_user_model().objects.all()}
    assert roles_of(users["compliance"]) == {Role.COMPLIANCE} and users["compliance"].is_staff
    assert roles_of(users["committee"]) == {Role.COMMITTEE}
    assert [s.name for s in suppliers_visible_to(users["supplier-a"])] == ["Aurora Components GmbH"]
    assert [s.name for s in suppliers_visible_to(users["supplier-b"])] == ["Birchwood Circuits Ltd"]
    assert users["supplier-a"].check_password("demo12345")


def test_demo_shows_a_campaign_in_every_state() -> None:
    from cmrt.models import ReferenceSmelter, RmapSnapshot
    from suppliers.models import Campaign, CampaignRequest

    call_command("demo")
    call_command("demo")  # the second run leaves the campaign as it is
    campaign = Campaign.objects.get(reporting_year=2025, is_demo=True)
    states = dict(
        CampaignRequest.objects.filter(campaign=campaign).values_list("supplier__name", "state")
    )
    assert states["Aurora Components GmbH"] == "clarification"  # supplier-a
    assert states["Birchwood Circuits Ltd"] == "accepted"  # supplier-b
    assert set(states.values()) == {
        "not_sent", "invited", "opened", "under_review", "clarification", "rejected",
        "accepted", "declined",
    }  # fmt: skip
    aurora = CampaignRequest.objects.get(campaign=campaign, supplier__name__startswith="Aurora")
    assert aurora.submission.error_count > 0
    assert aurora.clarifications.get().answer == ""  # open, waiting for supplier-a
    assert campaign.rmap_snapshot == RmapSnapshot.objects.get()
    assert ReferenceSmelter.objects.count() == 15
    from reports.models import ReportVersion

    report = ReportVersion.objects.get(campaign=campaign)  # the committee has it to review
    assert (report.number, report.state) == (1, "in_review")


def test_supplier_a_reads_the_question_with_the_finding_in_plain_words() -> None:
    from django.test import Client

    from suppliers.models import CampaignRequest

    call_command("demo")
    client = Client()
    client.force_login(get_user_model().objects.get(username="supplier-a"))
    request = CampaignRequest.objects.get(supplier__name="Aurora Components GmbH")
    page = client.get(f"/portal/requests/{request.pk}/").content.decode()
    assert (
        "about this point in your file: Smelter List: the Declaration says Tantalum is in "
        "scope, but no smelter row names Tantalum"
    ) in page
    assert "smelters.missing_for_metal|" not in page  # never the internal key


def test_a_campaign_file_shows_smelter_status_from_the_campaigns_snapshot() -> None:
    import datetime

    from cmrt.selectors.submissions import submission_page
    from cmrt.services.reference import reference_import
    from suppliers.models import CampaignRequest

    call_command("demo")
    newer = b"METAL,SMELTER ID,STANDARD SMELTER NAME,COUNTRY,RMI Status\n"
    newer += b"Gold,CID000035,Agosi AG,GERMANY,Non Conformant\n"
    reference_import(newer, "newer.csv", as_of=datetime.date.today())
    request = CampaignRequest.objects.get(supplier__name="Aurora Components GmbH")
    page = submission_page(request.submission)
    agosi = next(line for line in page.smelters if line.record.cid == "CID000035")
    assert agosi.rmap.status == "conformant"  # as bound to the campaign, not today's list
    assert page.rmap_snapshot == request.campaign.rmap_snapshot
