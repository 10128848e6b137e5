"""The audit log records report review events and downloads of supplier files, and the
admin shows it read-only to those allowed to see it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from config.audit.models import AuditEntry
from reports.models import ReportEvent, ReportVersion
from suppliers.models import Campaign, Supplier
from tests.cmrt.submissions.rows import make_submission
from tests.conftest import logged_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db

FIELDS = ("actor_id", "actor_label", "target_type", "target_id", "target_label", "ip", "details")


def entries(action: str) -> list[dict[str, Any]]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk").values(*FIELDS))


@pytest.fixture
def version(compliance_user) -> ReportVersion:
    campaign = Campaign.objects.create(
        name="CMRT 2025",
        reporting_year=2025,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        due_date=date(2026, 2, 1),
    )
    return ReportVersion.objects.create(
        campaign=campaign,
        number=2,
        as_of=date(2026, 3, 1),
        inputs_hash="0" * 64,
        review_round=1,
        created_by=compliance_user,
    )


@pytest.mark.parametrize(
    ("event", "action"),
    [
        ("create", "report_create"),
        ("edit", "report_edit"),
        ("submit", "report_submit"),
        ("approve", "report_approve"),
        ("changes", "report_changes"),
        ("approved", "report_approved"),
        ("file", "report_file"),
    ],
)
def test_every_report_event_is_recorded(
    version: ReportVersion, committee_user, event: str, action: str
) -> None:
    row = ReportEvent.objects.create(
        version=version, by=committee_user, action=event, note="[annex] check the CIDs"
    )
    assert entries(action) == [
        {
            "actor_id": committee_user.pk,
            "actor_label": "morgan",
            "target_type": "reports.reportversion",
            "target_id": str(version.pk),
            "target_label": "CMRT 2025 v2",
            "ip": None,
            "details": {
                "campaign_id": version.campaign_id,
                "version": 2,
                "review_round": 1,
                "event_id": row.pk,
                "note": "[annex] check the CIDs",
            },
        }
    ]


def test_saving_a_report_event_again_records_nothing_more(
    version: ReportVersion, committee_user
) -> None:
    row = ReportEvent.objects.create(version=version, by=committee_user, action="approve")
    row.note = "later"
    row.save()
    assert len(entries("report_approve")) == 1


def test_a_download_of_a_submission_is_recorded(
    compliance_client: Client, compliance_user, supplier_a: Supplier
) -> None:
    submission = make_submission(supplier_a, "Acme CMRT.xlsx", content=b"original bytes")
    url = reverse("cmrt:submission_download", args=[submission.pk])
    assert compliance_client.get(url, REMOTE_ADDR="198.51.100.20").status_code == 200
    assert entries("file_download") == [
        {
            "actor_id": compliance_user.pk,
            "actor_label": "casey",
            "target_type": "cmrt.submission",
            "target_id": str(submission.pk),
            "target_label": "Acme CMRT.xlsx",
            "ip": "198.51.100.20",
            "details": {
                "filename": "Acme CMRT.xlsx",
                "sha256": submission.sha256,
                "supplier_id": supplier_a.pk,
            },
        }
    ]


def test_a_refused_download_records_nothing(
    supplier_b_client: Client, client: Client, supplier_a: Supplier
) -> None:
    submission = make_submission(supplier_a, content=b"mine")
    url = reverse("cmrt:submission_download", args=[submission.pk])
    assert supplier_b_client.get(url).status_code == 404
    assert client.get(url).status_code == 302  # to the sign-in page
    assert entries("file_download") == []


# ADMIN ------------------------------------------------------------------------------------


@pytest.fixture
def root_client(db) -> Client:
    return logged_in(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))


def test_the_admin_lists_and_filters_entries(root_client: Client, supplier_a_user) -> None:
    logged_in(supplier_a_user)  # a sign-in entry for sam-a
    page = root_client.get("/admin/audit/auditentry/", {"action__exact": "login"})
    assert page.status_code == 200
    listed = list(page.context["cl"].result_list)
    assert [(e.action, e.actor_label) for e in listed] == [("login", "sam-a"), ("login", "root")]
    # Search looks at who acted and at what: sam-a signing in, and sam-a's group given.
    searched = root_client.get("/admin/audit/auditentry/", {"q": "sam-a"})
    found = {(e.action, e.actor_label, e.target_label) for e in searched.context["cl"].result_list}
    assert found == {("login", "sam-a", "sam-a"), ("user_groups", "", "sam-a")}


def test_nobody_adds_changes_or_deletes_entries_in_the_admin(root_client: Client) -> None:
    entry = AuditEntry.objects.filter(action="login").get()
    base = f"/admin/audit/auditentry/{entry.pk}"
    assert root_client.get("/admin/audit/auditentry/add/").status_code == 403
    assert root_client.get(f"{base}/delete/").status_code == 403
    view = root_client.get(f"{base}/change/")
    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    root_client.post(f"{base}/change/", {"action": "logout"})
    entry.refresh_from_db()
    assert entry.action == "login"


def test_staff_without_the_view_permission_do_not_see_the_log(
    compliance_client: Client,
) -> None:
    assert compliance_client.get("/admin/audit/auditentry/").status_code == 403


def test_a_user_given_the_view_permission_sees_the_log() -> None:
    from django.contrib.auth.models import Permission

    auditor = make_user("ivy", staff=True)
    auditor.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    assert logged_in(auditor).get("/admin/audit/auditentry/").status_code == 200
