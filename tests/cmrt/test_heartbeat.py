import pytest
from django.test import Client
from django.urls import reverse

from cmrt.models import WorkerHeartbeat
from cmrt.selectors import worker_status
from cmrt.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


def test_heartbeat_task_records_the_worker_and_is_safe_to_repeat() -> None:
    worker_heartbeat.delay()  # eager in the default test run
    worker_heartbeat.delay()
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.beats == 2
    assert worker_status().alive


def test_overview_warns_when_no_worker_ever_reported(compliance_client: Client) -> None:
    page = compliance_client.get(reverse("home")).content.decode()
    assert "No background worker has reported yet." in page


def test_overview_warns_when_the_worker_went_quiet(compliance_client: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    WorkerHeartbeat.objects.create(last_seen=timezone.now() - timedelta(minutes=10), hostname="w1")
    assert not worker_status().alive
    page = compliance_client.get(reverse("home")).content.decode()
    assert "No heartbeat from the background worker for 10\xa0minutes." in page
