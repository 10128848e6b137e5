"""The version list and version pages: what each role sees and may post."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from reports.models import ReportVersion
from reports.services_versions import version_decide, version_submit
from reports.versions import State
from suppliers.models import Campaign

pytestmark = pytest.mark.django_db


def test_version_list_shows_each_version_with_its_state(
    compliance_client: Client, draft: ReportVersion, campaign: Campaign
) -> None:
    response = compliance_client.get(reverse("reports:versions", args=[campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("reports:version", args=[draft.pk]) in html
    assert "v1" in html and "draft" in html
    assert "New draft version" in html


def test_compliance_starts_a_new_version_from_the_list(
    compliance_client: Client, draft: ReportVersion, campaign: Campaign
) -> None:
    response = compliance_client.post(reverse("reports:versions", args=[campaign.pk]))
    new = campaign.report_versions.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:version", args=[new.pk])
    assert new.texts == draft.texts


def test_committee_cannot_start_a_version(committee_client: Client, campaign: Campaign) -> None:
    response = committee_client.get(reverse("reports:versions", args=[campaign.pk]))
    assert response.status_code == 200
    assert "New draft version" not in response.content.decode()
    response = committee_client.post(reverse("reports:versions", args=[campaign.pk]))
    assert response.status_code == 403
    assert not campaign.report_versions.exists()


def test_outsiders_do_not_see_the_pages(
    client: Client, supplier_a_client: Client, draft: ReportVersion
) -> None:
    url = reverse("reports:version", args=[draft.pk])
    assert client.get(url).status_code == 302
    assert supplier_a_client.get(url).status_code == 404


def test_submit_then_approve_through_the_page(
    django_capture_on_commit_callbacks,
    compliance_client: Client,
    committee_client: Client,
    draft: ReportVersion,
) -> None:
    url = reverse("reports:version", args=[draft.pk])
    assert 'value="submit"' in compliance_client.get(url).content.decode()
    # The committee may not submit; compliance may.
    assert committee_client.post(url, {"action": "submit"}).status_code == 403
    assert compliance_client.post(url, {"action": "submit"}).status_code == 302
    page = committee_client.get(url).content.decode()
    assert 'value="approve"' in page and 'value="changes"' in page
    assert compliance_client.post(url, {"action": "approve"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = committee_client.post(url, {"action": "approve", "section": "", "comment": "ok"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.APPROVED
    page = compliance_client.get(url).content.decode()
    assert 'id="timeline"' in page
    for who, what in (("casey", "created"), ("casey", "submitted for review"), ("morgan", "ok")):
        assert who in page and what in page
    stored = draft.files.get(name="rcoi_summary.xlsx")
    file_url = reverse("reports:version_file", args=[draft.pk, stored.pk])
    assert file_url in page
    download = committee_client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert "rcoi_summary_v1_approved.xlsx" in download["Content-Disposition"]


def test_request_changes_needs_a_comment_and_names_the_section(
    compliance_client: Client, committee_client: Client, draft: ReportVersion
) -> None:
    version_submit(draft, draft.created_by)
    url = reverse("reports:version", args=[draft.pk])
    response = committee_client.post(url, {"action": "changes", "comment": ""}, follow=True)
    assert "Say what should change." in response.content.decode()
    committee_client.post(
        url, {"action": "changes", "section": "cmr_step1", "comment": "Cite sources."}
    )
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    page = compliance_client.get(url).content.decode()
    assert "Cite sources." in page and "request changes" in page
    # The timeline names the section by its title, not by its key.
    note = draft.events.get(action="changes").note
    assert note.startswith("[") and "cmr_step1" not in note and note.endswith("] Cite sources.")


def test_file_through_the_page(
    compliance_client: Client, committee_user: AbstractUser, draft: ReportVersion
) -> None:
    version = version_submit(draft, draft.created_by)
    version_decide(version, member=committee_user, decision="approve")
    url = reverse("reports:version", args=[draft.pk])
    response = compliance_client.post(url, {"action": "file", "filed_on": "bad"}, follow=True)
    assert "Enter the filing date." in response.content.decode()
    compliance_client.post(url, {"action": "file", "filed_on": "2026-05-20"})
    draft.refresh_from_db()
    assert draft.state == State.FILED
    assert str(draft.filed_on) == "2026-05-20"


def test_people_are_named_by_their_full_name_where_they_have_one(
    compliance_client: Client,
    compliance_user: AbstractUser,
    committee_user: AbstractUser,
    draft: ReportVersion,
    campaign: Campaign,
) -> None:
    compliance_user.first_name, compliance_user.last_name = "Casey", "Compliance"
    compliance_user.save()
    version_submit(draft, by=compliance_user)
    url = reverse("reports:version", args=[draft.pk])
    page = compliance_client.get(url).content.decode()
    assert "<td>Casey Compliance</td>" in page  # the timeline
    assert "<td>casey</td>" not in page
    assert "Required approvers: morgan" in page  # no full name: the user name
    listing = compliance_client.get(reverse("reports:versions", args=[campaign.pk]))
    assert "Casey Compliance · " in listing.content.decode()
