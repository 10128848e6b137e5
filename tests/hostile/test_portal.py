"""Every hostile file through the supplier portal's upload: the supplier user of an open
campaign request uploads it, the worker (eager here) reads it, and the file's page says what
became of it. No 500, the exact message, the original kept byte for byte, bounded cost."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cmrt.models import Submission
from suppliers.models import CampaignRequest
from tests.hostile.bounds import bounded
from tests.hostile.corpus import PORTAL, Case, FormError, Read, Refused, cases
from tests.hostile.stored import assert_no_nul, stored_bytes

pytestmark = pytest.mark.django_db
# The file page's heading for a file that was stored but could not be read.
UNREADABLE = "We could not read this file as a CMRT."


@pytest.mark.parametrize("case", cases(), ids=str)
def test_portal_upload(
    case: Case,
    supplier_a_client: Client,
    portal_request: CampaignRequest,
    django_capture_on_commit_callbacks,
) -> None:
    content, expected = case.content, case.expected(PORTAL)
    upload = SimpleUploadedFile(case.name, content)
    with bounded(), django_capture_on_commit_callbacks(execute=True):
        response = supplier_a_client.post(
            reverse("portal:upload", args=[portal_request.pk]), {"file": upload}
        )
    if isinstance(expected, FormError):
        assert response.status_code == 200
        assert response.context["upload_form"].errors == {"file": [expected.message]}
        assert escape(expected.message) in response.content.decode()
        assert not Submission.objects.exists()
        return
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:submission", args=[submission.pk])
    # The original, exactly as sent, under the name the supplier gave it.
    assert stored_bytes(submission.file) == content
    assert (submission.original_name, submission.size) == (case.name, len(content))
    assert submission.sha256 == hashlib.sha256(content).hexdigest()
    page = supplier_a_client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    if isinstance(expected, Refused):
        assert (submission.status, submission.message) == ("failed", expected.message)
        assert UNREADABLE in text and escape(expected.message) in text
    else:
        assert isinstance(expected, Read)
        assert (submission.status, submission.message) == ("checked", "")
        assert submission.declared_company == expected.stored_company
        assert UNREADABLE not in text
        assert_no_nul(submission)
    portal_request.refresh_from_db()
    assert portal_request.submission == submission  # the request moved on with this file
