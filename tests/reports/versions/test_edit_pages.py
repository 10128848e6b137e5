"""The edit page (profile and texts), the version preview from stored inputs and the
build pages: what each role sees and may post."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from reports.models import ReportBuild, ReportVersion
from reports.services_versions import version_submit
from reports.texts_default import CMR_SECTIONS
from reports.versions import State
from suppliers.models import Campaign
from tests.reports.versions.conftest import PROFILE

pytestmark = pytest.mark.django_db
INTRO_DEFAULT = dict((key, default) for key, _title, default in CMR_SECTIONS)["cmr_introduction"]


def _form(version: ReportVersion, **changes: str) -> dict[str, str]:
    """What the edit page posts when nothing is touched, plus ``changes``."""
    data = {f"profile_{k}": v for k, v in version.profile.items()}
    from reports.forms import SECTIONS

    for key, _title, default in SECTIONS:
        data[f"text_{key}"] = version.texts.get(key, default)
    data.update(changes)
    return data


def test_the_edit_page_shows_the_profile_and_every_section(
    compliance_client: Client, draft: ReportVersion
) -> None:
    response = compliance_client.get(reverse("reports:version_edit", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="profile_name" value="Example Corp"' in html
    assert 'name="profile_contact_name" value="Casey"' in html
    # The edited section shows its text; the others their default with placeholders.
    assert "\nHello</textarea>" in html
    assert "{company}" in html
    assert "<code>{rcoi_result}</code>" in html
    assert "Save as a new draft" not in html


def test_saving_a_draft_edits_it_in_place(compliance_client: Client, draft: ReportVersion) -> None:
    before = draft.inputs_hash
    response = compliance_client.post(
        reverse("reports:version_edit", args=[draft.pk]),
        _form(
            draft,
            profile_policy_url="https://example.com/policy",
            text_cmr_step1="Our policy is public.",
            text_cmr_introduction="",  # emptied: back to the default
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:version", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.profile["policy_url"] == "https://example.com/policy"
    assert draft.texts == {"cmr_step1": "Our policy is public."}
    assert draft.inputs_hash != before
    assert list(draft.events.values_list("action", flat=True)) == ["create", "edit"]


def test_an_unchanged_default_is_not_stored_as_an_edit(
    compliance_client: Client, draft: ReportVersion
) -> None:
    compliance_client.post(reverse("reports:version_edit", args=[draft.pk]), _form(draft))
    draft.refresh_from_db()
    assert draft.texts == {"cmr_introduction": "Hello"}


def test_saving_a_version_in_review_makes_a_new_draft(
    compliance_client: Client, draft: ReportVersion, campaign: Campaign
) -> None:
    version = version_submit(draft, draft.created_by)
    url = reverse("reports:version_edit", args=[version.pk])
    assert "Save as a new draft" in compliance_client.get(url).content.decode()
    response = compliance_client.post(
        url, _form(version, profile_name="Example Corp Inc."), follow=True
    )
    new = campaign.report_versions.get(number=2)
    assert response.redirect_chain[-1][0] == reverse("reports:version", args=[new.pk])
    assert (
        "v1 is in review and stays as it is: your changes are the new draft v2."
        in response.content.decode()
    )
    assert (new.state, new.profile["name"], new.inputs) == (
        State.DRAFT,
        "Example Corp Inc.",
        version.inputs,
    )
    version.refresh_from_db()
    assert (version.state, version.profile["name"]) == (State.IN_REVIEW, "Example Corp")


def test_the_edit_form_names_what_is_wrong(compliance_client: Client, draft: ReportVersion) -> None:
    response = compliance_client.post(
        reverse("reports:version_edit", args=[draft.pk]),
        _form(draft, profile_name="", profile_contact_email="not-an-email"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    draft.refresh_from_db()
    assert draft.profile["name"] == "Example Corp"


def test_the_committee_cannot_edit(committee_client: Client, draft: ReportVersion) -> None:
    url = reverse("reports:version_edit", args=[draft.pk])
    assert committee_client.get(url).status_code == 403
    assert committee_client.post(url, _form(draft, profile_name="X")).status_code == 403
    draft.refresh_from_db()
    assert draft.profile["name"] == "Example Corp"


def test_the_version_preview_shows_what_was_stored(
    committee_client: Client, draft: ReportVersion, campaign: Campaign
) -> None:
    campaign.name = "Renamed after the version was made"
    campaign.save()
    response = committee_client.get(reverse("reports:version_preview", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Example Corp · Form SD and Conflict Minerals Report 2025 · version v1" in html
    assert "Hello" in html  # the version's edited introduction
    assert INTRO_DEFAULT[:40] not in html


def test_compliance_builds_the_campaign_documents_and_downloads_them(
    django_capture_on_commit_callbacks, compliance_client: Client, campaign: Campaign
) -> None:
    url = reverse("reports:builds", args=[campaign.pk])
    assert "Build the documents now" in compliance_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = compliance_client.post(url)
    build = campaign.report_builds.get()
    assert response["Location"] == reverse("reports:build", args=[build.pk])
    page = compliance_client.get(response["Location"]).content.decode()
    assert "Building the documents" not in page
    stored = build.files.get(name="cmr_draft.pdf")
    file_url = reverse("reports:build_file", args=[build.pk, stored.pk])
    assert file_url in page
    download = compliance_client.get(file_url)
    assert download["Content-Disposition"] == 'attachment; filename="cmr_draft_2025_draft.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_running_build_shows_its_progress_and_polls(
    committee_client: Client, campaign: Campaign
) -> None:
    build = ReportBuild.objects.create(
        campaign=campaign, stage="draft", status="running", progress=40, step="cmr_draft.docx"
    )
    page = committee_client.get(reverse("reports:build", args=[build.pk])).content.decode()
    assert "Building the documents" in page
    assert 'value="40"' in page
    assert reverse("reports:build_status", args=[build.pk]) in page
    status = committee_client.get(reverse("reports:build_status", args=[build.pk])).json()
    assert status == {
        "id": build.pk,
        "status": "running",
        "progress": 40,
        "stage_label": "cmr_draft.docx",
        "finished": False,
    }


def test_the_committee_may_look_but_not_build(committee_client: Client, campaign: Campaign) -> None:
    url = reverse("reports:builds", args=[campaign.pk])
    assert "Build the documents now" not in committee_client.get(url).content.decode()
    assert committee_client.post(url).status_code == 403
    assert not campaign.report_builds.exists()


def test_a_failed_build_shows_the_message_and_can_be_rebuilt(
    django_capture_on_commit_callbacks, compliance_client: Client, campaign: Campaign
) -> None:
    build = ReportBuild.objects.create(
        campaign=campaign, stage="draft", status="failed", message="It broke."
    )
    url = reverse("reports:build", args=[build.pk])
    page = compliance_client.get(url).content.decode()
    assert "It broke." in page and "Build again" in page
    with django_capture_on_commit_callbacks(execute=True):
        compliance_client.post(url)
    build.refresh_from_db()
    assert build.status == "done"


def test_compliance_builds_a_version_from_its_page(
    django_capture_on_commit_callbacks,
    compliance_client: Client,
    committee_user: AbstractUser,
    draft: ReportVersion,
) -> None:
    url = reverse("reports:version", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = compliance_client.post(url, {"action": "build"})
    build = draft.builds.get()
    assert response["Location"] == reverse("reports:build", args=[build.pk])
    page = compliance_client.get(url).content.decode()
    stored = draft.files.get(name="cmr_draft.docx")
    assert reverse("reports:version_file", args=[draft.pk, stored.pk]) in page


def test_the_committee_cannot_build_a_version(
    committee_client: Client, draft: ReportVersion
) -> None:
    url = reverse("reports:version", args=[draft.pk])
    response = committee_client.post(url, {"action": "build"}, follow=True)
    assert "Unknown action." in response.content.decode()
    assert not draft.builds.exists()


def test_profile_fixture_is_the_one_stored(draft: ReportVersion) -> None:
    assert draft.profile["name"] == PROFILE.name


def test_compliance_chooses_the_required_approvers(
    compliance_client: Client,
    committee_user: AbstractUser,
    second_member: AbstractUser,
    draft: ReportVersion,
) -> None:
    from reports.services_versions import required_members, version_decide

    url = reverse("reports:version_edit", args=[draft.pk])
    html = compliance_client.get(url).content.decode()
    assert "morgan" in html and "quinn" in html  # both committee members offered
    compliance_client.post(url, _form(draft, required_members=[str(second_member.pk)]))
    draft.refresh_from_db()
    assert list(required_members(draft)) == [second_member]
    version = version_submit(draft, draft.created_by)
    version = version_decide(version, member=committee_user, decision="approve")
    assert version.state == State.IN_REVIEW  # morgan is not required
    version = version_decide(version, member=second_member, decision="approve")
    assert version.state == State.APPROVED
