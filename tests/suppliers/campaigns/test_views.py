"""Campaign pages: who may see and do what, the forms, the dashboard and the actions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suppliers.models import Campaign, CampaignRequest, RequestEvent
from tests.conftest import logged_in
from tests.factories import make_supplier
from tests.suppliers.campaigns.builders import make_campaign, make_request
from tests.suppliers.campaigns.conftest import World

State = CampaignRequest.State
pytestmark = pytest.mark.django_db


def _pages(campaign: Campaign, request: CampaignRequest) -> list[str]:
    return [
        reverse("campaigns:list"),
        reverse("campaigns:dashboard", args=[campaign.pk]),
        reverse("campaigns:requests", args=[campaign.pk]),
        reverse("campaigns:request_detail", args=[request.pk]),
    ]


def test_compliance_and_committee_see_every_page(
    world: World, compliance_user, committee_user
) -> None:
    request = world.requests["alpha"]
    for user in (compliance_user, committee_user):
        client = logged_in(user)
        for url in _pages(world.campaign, request):
            assert client.get(url).status_code == 200, (user, url)
    client = logged_in(compliance_user)
    for name in ("campaigns:edit", "campaigns:suppliers_add", "campaigns:suppliers_import"):
        assert client.get(reverse(name, args=[world.campaign.pk])).status_code == 200
    assert client.get(reverse("campaigns:create")).status_code == 200


def test_committee_is_read_only(world: World, committee_user) -> None:
    client = logged_in(committee_user)
    request = world.requests["alpha"]
    pk = world.campaign.pk
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.get(reverse("campaigns:edit", args=[pk])).status_code == 403
    for url in (
        reverse("campaigns:request_action", args=[request.pk]),
        reverse("campaigns:suppliers_add", args=[pk]),
        reverse("campaigns:suppliers_import", args=[pk]),
        reverse("campaigns:create"),
    ):
        assert client.post(url, {"action": "accept"}).status_code == 403, url
    request.refresh_from_db()
    assert request.state == State.UNDER_REVIEW
    page = client.get(reverse("campaigns:request_detail", args=[request.pk]))
    assert b'name="action"' not in page.content


def test_supplier_users_get_404_and_anonymous_the_login(world: World, supplier_a_user) -> None:
    request = world.requests["alpha"]
    client = logged_in(supplier_a_user)
    for url in _pages(world.campaign, request):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("campaigns:request_action", args=[request.pk]), {"action": "accept"}
        ).status_code
        == 404
    )
    anonymous = Client()
    for url in _pages(world.campaign, request):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_create_campaign_shows_errors_then_saves(compliance_client) -> None:
    url = reverse("campaigns:create")
    initial = compliance_client.get(url).context["form"].initial
    assert (initial["period_start"].month, initial["period_end"].day) == (1, 31)
    assert initial["due_date"].year == initial["reporting_year"] + 1
    data = {
        "name": "CM 2025",
        "reporting_year": "2025",
        "period_start": "2025-12-31",
        "period_end": "2025-01-01",
        "due_date": "2026-03-31",
        "minimum_version": "six",
        "scope": "company",
        "status": "draft",
        "reminder_days_before": "14, x",
        "overdue_every_days": "7",
        "escalate_after": "2",
    }
    response = compliance_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["period_end"] == ["The period must end on or after its first day."]
    assert errors["minimum_version"] == ["Write the version as numbers, e.g. 6.5."]
    assert errors["reminder_days_before"] == ["Write whole days separated by commas, e.g. 14,3."]
    assert not Campaign.objects.exists()

    data.update(
        period_start="2025-01-01",
        period_end="2025-12-31",
        minimum_version="6.4",
        reminder_days_before="14, 3",
    )
    response = compliance_client.post(url, data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:dashboard", args=[campaign.pk])
    assert campaign.reminder_days_before == "14,3" and campaign.created_by is not None


def test_period_outside_the_reporting_year_is_refused(compliance_client) -> None:
    response = compliance_client.post(
        reverse("campaigns:create"),
        {
            "name": "CM",
            "reporting_year": "2025",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "due_date": "2026-03-31",
            "minimum_version": "6.4",
            "scope": "company",
            "status": "draft",
            "reminder_days_before": "14",
            "overdue_every_days": "7",
            "escalate_after": "2",
        },
    )
    assert response.context["form"].errors["period_start"] == [
        "The reporting period must lie within the reporting year 2025."
    ]


def test_dashboard_renders_numbers_links_and_charts(world: World, compliance_client) -> None:
    response = compliance_client.get(reverse("campaigns:dashboard", args=[world.campaign.pk]))
    html = response.content.decode()
    rows_url = reverse("campaigns:requests", args=[world.campaign.pk])
    board = response.context["board"]
    assert board.figures.in_scope == 5
    assert f'href="{rows_url}?overdue=1"' in html
    assert f'href="{rows_url}?high_risk=1"' in html
    assert f'href="{rows_url}?metal=Tin"' in html
    assert f'href="{rows_url}?rmap=conformant"' in html
    assert html.count("<svg") == 2 and "<script" not in html
    assert '<title id="status-chart-title">Requests by state</title>' in html
    assert f'<a href="{rows_url}?state=invited">' in html  # the bar links to its rows


def test_requests_page_filters(world: World, compliance_client) -> None:
    url = reverse("campaigns:requests", args=[world.campaign.pk])
    response = compliance_client.get(url, {"overdue": "1"})
    names = [r.row.supplier_name for r, _score in response.context["rows"]]
    assert names == ["Beta Circuits", "Gamma"]
    response = compliance_client.get(url, {"high_risk": "1"})
    rows = response.context["rows"]
    assert [r.row.supplier_name for r, _score in rows] == ["Alpha Metals"]
    assert all(score is not None and 0 <= score.value <= 100 for _r, score in rows)
    assert b"Gold" in response.content


def test_the_request_list_queries_join_only_what_they_read(world: World, compliance_client) -> None:
    url = reverse("campaigns:requests", args=[world.campaign.pk])
    with CaptureQueriesContext(connection) as captured:
        assert compliance_client.get(url).status_code == 200
    by_table: dict[str, list[str]] = {}
    for query in captured.captured_queries:
        table = query["sql"].split(" FROM ")[1].split()[0].strip('"')
        by_table.setdefault(table, []).append(query["sql"])

    def joins(sql: str) -> list[str]:
        return [part.split()[0].strip('"') for part in sql.split(" JOIN ")[1:]]

    # The aggregates and the smelter rows used to join campaign, supplier or submission for
    # nothing, because of their models' default ordering.
    assert [joins(sql) for sql in by_table["cmrt_smelterrecord"]] == [
        ["cmrt_referencesmelter"],  # the campaign's smelter buckets
        ["cmrt_referencesmelter"],  # the scores' matched smelters
    ]
    assert [joins(sql) for sql in by_table["suppliers_requestevent"]] == [
        ["suppliers_campaignrequest"]
    ]
    assert [joins(sql) for sql in by_table["suppliers_clarification"]] == [[]]
    assert all(not joins(sql) for sql in by_table["cmrt_submission"])


def test_request_actions(world: World, compliance_user) -> None:
    client = logged_in(compliance_user)
    request = world.requests["alpha"]
    url = reverse("campaigns:request_action", args=[request.pk])
    detail = reverse("campaigns:request_detail", args=[request.pk])

    response = client.post(url, {"action": "reject", "text": ""}, follow=True)
    assert "Say what the supplier must correct." in response.content.decode()
    client.post(url, {"action": "reject", "text": "Add the smelters"})
    request.refresh_from_db()
    assert request.state == State.REJECTED
    client.post(url, {"action": "reopen", "text": ""})
    client.post(url, {"action": "accept", "text": "fine"})
    client.post(url, {"action": "note", "text": "Called them"})
    request.refresh_from_db()
    assert request.state == State.ACCEPTED and request.decision_reason == "fine"
    events = RequestEvent.objects.filter(request=request)
    assert all(e.by == compliance_user for e in events)
    assert [e.to_state for e in events] == ["rejected", "under_review", "accepted", ""]
    page = client.get(detail).content.decode()
    assert "Called them" in page and "Add the smelters" in page
    response = client.post(url, {"action": "accept", "text": ""}, follow=True)
    assert "cannot become “accepted”" in response.content.decode()


def test_suppliers_add_and_import_pages(compliance_client, supplier_a, supplier_b) -> None:
    campaign = make_campaign()
    make_request(campaign, supplier_b)
    add_url = reverse("campaigns:suppliers_add", args=[campaign.pk])
    page = compliance_client.get(add_url)
    assert b"Alpha Metals" in page.content and b"Beta Circuits" not in page.content
    response = compliance_client.post(add_url, {})
    assert response.context["form"].non_field_errors() == ["Pick suppliers or tags."]
    response = compliance_client.post(add_url, {"suppliers": [supplier_a.pk]})
    assert response.status_code == 302 and campaign.requests.count() == 2

    make_supplier("Gamma Tin", vendor_number="G-3")
    import_url = reverse("campaigns:suppliers_import", args=[campaign.pk])
    bad = SimpleUploadedFile("list.csv", b"vendor_number\nG-3\nZ-9\n")
    response = compliance_client.post(import_url, {"file": bad})
    assert "Row 3: no supplier has the name or vendor number “Z-9”." in response.content.decode()
    assert campaign.requests.count() == 2
    good = SimpleUploadedFile("list.csv", b"vendor_number\nG-3\n")
    response = compliance_client.post(import_url, {"file": good})
    assert response.status_code == 302 and campaign.requests.count() == 3


def test_review_panel_is_included_when_it_exists(
    world: World, compliance_client, settings, tmp_path
) -> None:
    folder = tmp_path / "templates" / "suppliers" / "review"
    folder.mkdir(parents=True)
    (folder / "_request_panel.html").write_text("<section>REVIEW PANEL</section>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    url = reverse("campaigns:request_detail", args=[world.requests["alpha"].pk])
    assert b"REVIEW PANEL" in compliance_client.get(url).content


def test_invite_from_the_request_page_and_invite_all(
    world: World, compliance_user, supplier_a, mailoutbox
) -> None:
    client = logged_in(compliance_user)
    beta = world.requests["beta"]  # invited already: "invite" sends it again
    response = client.post(
        reverse("campaigns:request_action", args=[beta.pk]), {"action": "invite"}, follow=True
    )
    assert "Invitation sent again to ben@beta.example.com." in response.content.decode()
    assert mailoutbox[-1].to == ["ben@beta.example.com"]
    fresh = make_request(world.campaign, make_supplier("Zeta Metals"))  # no contact at all
    response = client.post(reverse("campaigns:invite_all", args=[world.campaign.pk]), follow=True)
    page = response.content.decode()
    assert "Invitations sent: 0; could not be sent: 1." in page
    assert "Zeta Metals has no active contact with an e-mail address. Add one first." in page
    fresh.refresh_from_db()
    assert fresh.state == "not_sent"
