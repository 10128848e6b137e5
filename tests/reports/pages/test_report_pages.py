"""The report pages of a campaign on the demo data: RCOI summary, CMR preview, downloads,
and who may open them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from suppliers.models import Campaign
from tests.conftest import logged_in
from tests.factories import make_user
from tests.reports.pages.html import Page

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.reports.pages.urls")]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def campaign() -> Campaign:
    call_command("demo", stdout=StringIO())
    return Campaign.objects.get(reporting_year=2025)


@pytest.fixture
def client(compliance_user: AbstractUser) -> Client:
    return logged_in(compliance_user)


def page(client: Client, name: str, campaign: Campaign) -> Page:
    response = client.get(reverse(name, args=[campaign.pk]))
    assert response.status_code == 200
    return Page(response.content)


def test_rcoi_figures_link_to_the_requests_behind_them(client: Client, campaign: Campaign) -> None:
    summary = page(client, "reports:rcoi", campaign)
    rows = reverse("campaigns:requests", args=[campaign.pk])
    assert summary.href("12 suppliers in scope") == rows
    assert summary.href("5 responded") == rows + "?responded=1"
    assert summary.href("1 accepted") == rows + "?state=accepted"
    assert summary.href("1 declined") == rows + "?state=declined"
    assert summary.href("3 with errors") == rows + "?errors=1"
    assert summary.href("0 high risk") == rows + "?high_risk=1"
    assert summary.href("42 % response rate") == rows + "?responded=1"
    # No request filter means "surveyed" (or "late"): shown, not linked.
    assert "8 surveyed" in summary.text
    assert not [label for label, _href in summary.links if label == "8 surveyed"]
    assert summary.rows("metal-rates")[1:] == [
        ["Tantalum", "100 %"],
        ["Tin", "100 %"],
        ["Gold", "100 %"],
        ["Tungsten", "100 %"],
    ]
    assert (rows + "?metal=Tin") in [href for _label, href in summary.links]


def test_rcoi_lists_smelters_unmatched_rows_and_counts(client: Client, campaign: Campaign) -> None:
    summary = page(client, "reports:rcoi", campaign)
    smelters = summary.rows("smelter-list")
    assert smelters[0] == ["Metal", "Smelter", "CID", "Country", "RMAP status", "Suppliers"]
    assert smelters[1] == [
        "Tantalum",
        "AMG Brasil",
        "CID001076",
        "BRAZIL",
        "RMAP conformant",
        "2 suppliers : Birchwood Circuits Ltd, Daikoku Precision Co., Ltd.",
    ]
    assert len(smelters) == 1 + 6
    assert summary.rows("unmatched")[1:] == [
        ["Gold", "Agosi Refinery Pforzheim", "—", "not recognised", "1: Aurora Components GmbH"]
    ]
    assert summary.rows("metal-status")[1] == ["Tantalum", "2", "0", "0", "0", "0", "2"]
    assert summary.rows("metal-status")[-1] == ["Smelters", "", "6"]
    assert summary.rows("smelter-countries")[1] == ["UNITED STATES OF AMERICA", "2"]
    for name in ("rcoi_summary.xlsx", "cmr_draft.docx", "cmr_draft.pdf", "company_cmrt.xlsx"):
        assert reverse("reports:download", args=[campaign.pk, name]) in [
            href for _label, href in summary.links
        ]


def test_preview_shows_the_cmr_draft(client: Client, campaign: Campaign) -> None:
    preview = page(client, "reports:preview", campaign)
    headings = preview.headings
    assert ("h1", "FORM SD") in headings
    assert ("h1", "Exhibit 1.01") in headings
    assert ("h2", "Section 1: Conflict Minerals Disclosure") in headings
    assert ("h3", "Due diligence results") in headings
    assert ("h3", "Annex I: Smelters and refiners reported by suppliers") in headings
    assert (
        "Example Manufacturing Inc. (demo) · Form SD and Conflict Minerals Report 2025"
        " · version draft · status draft, not approved"
    ) in preview.text


def test_preview_escapes_what_it_shows(client: Client, campaign: Campaign, settings) -> None:
    settings.COMPANY_NAME = "Acme <b>&</b>"
    campaign.report_versions.all().delete()  # no version: the profile comes from settings
    response = client.get(reverse("reports:preview", args=[campaign.pk]))
    assert b"Acme &lt;b&gt;&amp;&lt;/b&gt;" in response.content
    assert b"Acme <b>" not in response.content


@pytest.mark.parametrize(
    ("name", "content_type", "magic"),
    [
        ("rcoi_summary.xlsx", XLSX, b"PK\x03\x04"),
        ("cmr_draft.docx", DOCX, b"PK\x03\x04"),
        ("cmr_draft.pdf", "application/pdf", b"%PDF"),
        ("company_cmrt.xlsx", XLSX, b"PK\x03\x04"),
    ],
)
def test_download_is_an_attachment(
    client: Client, campaign: Campaign, name: str, content_type: str, magic: bytes
) -> None:
    response = client.get(reverse("reports:download", args=[campaign.pk, name]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    stem, suffix = name.split(".")
    assert response["Content-Disposition"] == f'attachment; filename="{stem}_2025.{suffix}"'
    assert response.content.startswith(magic)


@pytest.mark.parametrize("name", ["secrets.txt", "cmr_draft.PDF", "cmr_draft"])
def test_download_of_an_unknown_file_is_404(client: Client, campaign: Campaign, name: str) -> None:
    response = client.get(reverse("reports:download", args=[campaign.pk, name]))
    assert response.status_code == 404


def test_an_unknown_campaign_is_404(client: Client, campaign: Campaign) -> None:
    for name, args in (
        ("reports:rcoi", [campaign.pk + 100]),
        ("reports:preview", [campaign.pk + 100]),
        ("reports:download", [campaign.pk + 100, "cmr_draft.pdf"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name


def urls(campaign: Campaign) -> list[str]:
    return [
        reverse("reports:rcoi", args=[campaign.pk]),
        reverse("reports:preview", args=[campaign.pk]),
        reverse("reports:download", args=[campaign.pk, "rcoi_summary.xlsx"]),
    ]


@pytest.mark.parametrize("persona", ["compliance_user", "committee_user"])
def test_compliance_and_committee_may_look(
    campaign: Campaign, persona: str, request: pytest.FixtureRequest
) -> None:
    client = logged_in(request.getfixturevalue(persona))
    for url in urls(campaign):
        assert client.get(url).status_code == 200, url


def test_supplier_users_get_404(campaign: Campaign, supplier_a_user: AbstractUser) -> None:
    client = logged_in(supplier_a_user)
    for url in urls(campaign):
        assert client.get(url).status_code == 404, url


def test_a_user_without_a_role_gets_403(campaign: Campaign) -> None:
    client = logged_in(make_user("nobody"))
    for url in urls(campaign):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_sign_in(campaign: Campaign) -> None:
    for url in urls(campaign):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_the_summary_is_cached_until_the_campaign_changes(
    client: Client, campaign: Campaign
) -> None:
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    with CaptureQueriesContext(connection) as first:
        assert "1 accepted" in page(client, "reports:rcoi", campaign).text
    with CaptureQueriesContext(connection) as second:
        assert "1 accepted" in page(client, "reports:rcoi", campaign).text
    # The smelter rows, statuses and requests are not read again.
    assert len(second) <= len(first) - 3
    request = campaign.requests.exclude(state="accepted").filter(submission__isnull=False).first()
    request.state = "accepted"
    request.updated_at = timezone.now() + timedelta(seconds=1)
    request.save(update_fields=["state", "updated_at"])
    assert "2 accepted" in page(client, "reports:rcoi", campaign).text


def test_a_smelter_row_drills_down_to_the_suppliers_that_report_it(
    client: Client, campaign: Campaign
) -> None:
    summary = page(client, "reports:rcoi", campaign)
    url = next(href for label, href in summary.links if label == "2 suppliers")
    assert url == reverse("reports:smelter", args=[campaign.pk, "CID001076"]) + "?metal=Tantalum"
    response = client.get(url)
    assert response.status_code == 200
    detail = Page(response.content)
    assert ("h1", "AMG Brasil Tantalum · CID001076") in detail.headings
    assert [row[0] for row in detail.rows("suppliers")[1:]] == [
        "Birchwood Circuits Ltd",
        "Daikoku Precision Co., Ltd.",
    ]
    birchwood = campaign.requests.get(supplier__name="Birchwood Circuits Ltd")
    assert detail.href("Birchwood Circuits Ltd") == reverse(
        "campaigns:request_detail", args=[birchwood.pk]
    )
    # Another metal, or a CID not in the list: 404.
    other = reverse("reports:smelter", args=[campaign.pk, "CID001076"]) + "?metal=Gold"
    assert client.get(other).status_code == 404


def test_the_smelter_list_is_shown_a_page_at_a_time(
    client: Client, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reports.views.summary.SMELTERS_PER_PAGE", 4)
    first = page(client, "reports:rcoi", campaign)
    assert len(first.rows("smelter-list")) == 1 + 4
    assert "Page 1 of 2" in first.text
    response = client.get(reverse("reports:rcoi", args=[campaign.pk]) + "?page=2")
    second = Page(response.content)
    assert len(second.rows("smelter-list")) == 1 + 2
    assert "Page 2 of 2" in second.text
