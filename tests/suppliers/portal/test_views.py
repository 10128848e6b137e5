"""Portal pages: the request page, upload, the file page, decline and answers, each for the
owner and for supplier B (who gets 404 on everything of supplier A)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

from cmrt.models import Submission
from cmrt.tasks.ingestion import ingest_submission
from suppliers.models import CampaignRequest, RequestEvent
from tests.cmrt.submissions.rows import make_checked, make_submission
from tests.factories import make_user
from tests.suppliers.portal.conftest import ask

pytestmark = pytest.mark.django_db
State = CampaignRequest.State


def url(name: str, *args: int) -> str:
    return reverse(f"portal:{name}", args=args)


@pytest.fixture
def delay():
    with mock.patch.object(ingest_submission, "delay") as patched:
        yield patched


def upload(client: Client, request: CampaignRequest, content: bytes = b"PK bytes", name="a.xlsx"):
    return client.post(url("upload", request.pk), {"file": SimpleUploadedFile(name, content)})


# --- Home and request page -----------------------------------------------------------------


def test_home_lists_the_open_requests(supplier_a_client: Client, request_a, request_b) -> None:
    content = supplier_a_client.get(url("home")).content.decode()
    assert "Open requests" in content
    assert f'<a href="{url("request", request_a.pk)}">CMRT 2026</a>' in content
    assert "2027-03-31" in content
    assert "Waiting for your CMRT" in content
    assert url("request", request_b.pk) not in content


def test_the_request_page_says_what_was_asked(supplier_a_client: Client, request_a) -> None:
    response = supplier_a_client.get(url("request", request_a.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>CMRT 2026</h1>" in content
    assert "RMI Conflict Minerals Reporting Template (CMRT), version 6.4 or later" in content
    assert "Product level: declare for the products listed below" in content
    assert "<li>P-100</li><li>P-200</li>" in content
    assert '<span class="pstatus pstatus-waiting">Waiting for your CMRT</span>' in content
    assert f'action="{url("upload", request_a.pk)}" enctype="multipart/form-data"' in content
    assert 'type="file" name="file"' in content  # works without JavaScript
    assert "You have not uploaded a file for this request yet." in content


def test_the_request_page_lists_every_version_with_its_result(
    supplier_a_client: Client, supplier_a, request_a
) -> None:
    first = make_submission(supplier_a, "first.xlsx", request=request_a, error_count=1)
    second = make_checked(supplier_a, "second.xlsx")
    Submission.objects.filter(pk=second.pk).update(request=request_a, error_count=0)
    CampaignRequest.objects.filter(pk=request_a.pk).update(state=State.ACCEPTED, submission=second)
    content = supplier_a_client.get(url("request", request_a.pk)).content.decode()
    assert f'<a href="{url("submission", second.pk)}">second.xlsx</a>' in content
    assert f'<a href="{url("submission", first.pk)}">first.xlsx</a>' in content
    assert '<span class="pstatus pstatus-accepted">Accepted</span>' in content
    assert '<span class="pstatus pstatus-needs_correction">Needs correction</span>' in content
    assert reverse("cmrt:submission_download", args=[first.pk]) in content
    assert "Upload your CMRT" not in content  # accepted: nothing more to upload


# --- Upload --------------------------------------------------------------------------------


def test_upload_creates_a_submission_for_the_request_and_shows_its_progress(
    supplier_a_client: Client,
    supplier_a_user,
    supplier_a,
    request_a,
    delay,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(supplier_a_client, request_a, name="Alpha CMRT.xlsx")
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("submission", submission.pk)
    assert (submission.supplier, submission.request, submission.uploaded_by) == (
        supplier_a,
        request_a,
        supplier_a_user,
    )
    delay.assert_called_once_with(submission.pk)
    request_a.refresh_from_db()
    assert (request_a.state, request_a.submission) == (State.SUBMITTED, submission)
    page = supplier_a_client.get(response["Location"]).content.decode()
    assert (
        "Received “Alpha CMRT.xlsx”. It is being checked; this page shows how far it got." in page
    )
    assert f'data-status-url="{reverse("cmrt:submission_status", args=[submission.pk])}"' in page
    assert "portal/upload.js" not in page and "cmrt/progress.js" in page


def test_a_script_upload_gets_the_address_so_the_message_is_still_there(
    supplier_a_client: Client, request_a, delay
) -> None:
    # upload.js posts with XMLHttpRequest; a redirect would be followed inside it and the
    # "Received" message used up on a page nobody sees (found by tests/browser).
    response = supplier_a_client.post(
        url("upload", request_a.pk),
        {"file": SimpleUploadedFile("a.xlsx", b"PK bytes")},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    submission = Submission.objects.get()
    assert response.status_code == 200
    assert response.json() == {"location": url("submission", submission.pk)}
    page = supplier_a_client.get(url("submission", submission.pk)).content.decode()
    assert "Received “a.xlsx”. It is being checked" in page


def test_a_second_upload_of_the_same_file_says_so(
    supplier_a_client: Client, supplier_a, request_a, delay
) -> None:
    earlier = make_submission(supplier_a, "first.xlsx", content=b"same bytes", request=request_a)
    response = upload(supplier_a_client, request_a, b"same bytes")
    assert response["Location"] == url("submission", earlier.pk)
    page = supplier_a_client.get(response["Location"]).content.decode()
    assert (
        f"You already uploaded this exact file on {earlier.uploaded_at:%Y-%m-%d}; here is its "
        "result. To send a correction, save the corrected workbook and upload it."
    ) in page
    assert Submission.objects.count() == 1
    delay.assert_not_called()


def test_an_oversized_file_is_refused_with_the_limit(
    supplier_a_client: Client, request_a, settings
) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    response = upload(supplier_a_client, request_a, b"x" * 11)
    assert response.status_code == 200
    assert response.context["upload_form"].errors == {
        "file": [
            "The file is 11\xa0bytes; the limit is 10\xa0bytes. A CMRT is much smaller: "
            "check that you chose the right file."
        ]
    }
    assert not Submission.objects.exists()


def test_upload_without_a_file_says_what_to_do(supplier_a_client: Client, request_a) -> None:
    response = supplier_a_client.post(url("upload", request_a.pk), {})
    assert response.context["upload_form"].errors == {"file": ["Choose your CMRT workbook first."]}


def test_a_finished_request_takes_no_more_files(supplier_a_client: Client, request_a) -> None:
    CampaignRequest.objects.filter(pk=request_a.pk).update(state=State.DECLINED)
    response = upload(supplier_a_client, request_a)
    assert response["Location"] == url("request", request_a.pk)
    page = supplier_a_client.get(response["Location"]).content.decode()
    assert "This request is closed; it takes no more files." in page
    assert not Submission.objects.exists()


# --- The file page --------------------------------------------------------------------------


def test_the_file_page_shows_findings_by_sheet_in_plain_words(
    supplier_a_client: Client, supplier_a, request_a
) -> None:
    submission = make_checked(supplier_a, "alpha.xlsx")
    Submission.objects.filter(pk=submission.pk).update(request=request_a)
    content = supplier_a_client.get(url("submission", submission.pk)).content.decode()
    assert "On the sheet “Declaration”" in content
    assert "On the sheet “Smelter List”" in content
    assert '<span class="sev sev-error">Must be corrected</span>' in content
    assert '<span class="where">cell D27</span>' in content
    assert '<span class="where">row 6</span>' in content
    assert "Question 1 for Tungsten has no valid answer." in content
    assert '<span class="pstatus pstatus-needs_correction">Needs correction</span>' in content
    assert (
        f'href="{url("request", request_a.pk)}#upload">Upload the corrected version</a>' in content
    )
    assert reverse("cmrt:submission_download", args=[submission.pk]) in content
    assert 'http-equiv="refresh"' not in content


def test_a_file_being_checked_shows_progress_without_javascript_too(
    supplier_a_client: Client, supplier_a
) -> None:
    submission = make_submission(supplier_a, status=Submission.Status.PROCESSING, progress=40)
    content = supplier_a_client.get(url("submission", submission.pk)).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in content
    assert '<progress max="100" value="40">40%</progress>' in content


def test_a_file_that_could_not_be_read_says_why(supplier_a_client: Client, supplier_a) -> None:
    submission = make_submission(
        supplier_a, status=Submission.Status.FAILED, message="This is not a CMRT workbook."
    )
    content = supplier_a_client.get(url("submission", submission.pk)).content.decode()
    assert "We could not read this file as a CMRT." in content
    assert "This is not a CMRT workbook." in content


# --- Decline and answers --------------------------------------------------------------------


def test_decline_with_a_reason(supplier_a_client: Client, supplier_a_user, request_a) -> None:
    response = supplier_a_client.post(
        url("decline", request_a.pk), {"reason": "  We sell you no 3TG.  "}
    )
    assert response["Location"] == url("request", request_a.pk)
    request_a.refresh_from_db()
    assert (request_a.state, request_a.decline_reason) == (State.DECLINED, "We sell you no 3TG.")
    event = RequestEvent.objects.filter(request=request_a).latest("pk")
    assert (event.by, event.to_state) == (supplier_a_user, State.DECLINED)
    page = supplier_a_client.get(response["Location"]).content.decode()
    assert "You declined this request. Your customer has been told why." in page
    assert "We sell you no 3TG." in page


def test_decline_needs_a_reason(supplier_a_client: Client, request_a) -> None:
    response = supplier_a_client.post(url("decline", request_a.pk), {"reason": "   "})
    assert response.context["decline_form"].errors == {
        "reason": ["Tell your customer why you are declining."]
    }
    request_a.refresh_from_db()
    assert request_a.state == State.INVITED


def test_answer_a_clarification(supplier_a_client: Client, supplier_a_user, request_a) -> None:
    question = ask(request_a)
    page = supplier_a_client.get(url("request", request_a.pk)).content.decode()
    assert "Why is smelter row 6 unknown?" in page
    assert f'action="{url("clarification_answer", question.pk)}"' in page
    response = supplier_a_client.post(
        url("clarification_answer", question.pk), {f"c{question.pk}-answer": "A typo; fixed."}
    )
    assert response["Location"] == url("request", request_a.pk)
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("A typo; fixed.", supplier_a_user)
    page = supplier_a_client.get(response["Location"]).content.decode()
    assert "Thank you. Your answer was sent to your customer." in page
    assert f'action="{url("clarification_answer", question.pk)}"' not in page


def test_the_asker_is_told_of_the_answer(supplier_a_client: Client, request_a) -> None:
    try:
        reverse("review:request", args=[request_a.pk])
    except NoReverseMatch:
        pytest.skip(
            "suppliers.services.review.clarification_answer mails a link to review:request, "
            "and config/urls.py does not include suppliers.urls_review yet"
        )
    question = ask(request_a, asked_by=make_user("asker"))
    supplier_a_client.post(
        url("clarification_answer", question.pk), {f"c{question.pk}-answer": "A typo; fixed."}
    )
    assert len(mail.outbox) == 1


def test_an_answer_may_not_be_empty(supplier_a_client: Client, request_a) -> None:
    question = ask(request_a)
    response = supplier_a_client.post(
        url("clarification_answer", question.pk), {f"c{question.pk}-answer": ""}
    )
    assert response.status_code == 200
    assert "Write your answer first." in response.content.decode()


# --- Supplier B -----------------------------------------------------------------------------


def test_supplier_b_gets_404_on_everything_of_supplier_a(
    supplier_b_client: Client, supplier_a, request_a, request_b
) -> None:
    submission = make_submission(supplier_a, request=request_a)
    question = ask(request_a)
    contact = supplier_a.contacts.get()
    for page in (
        url("request", request_a.pk),
        url("submission", submission.pk),
        url("contact_edit", contact.pk),
    ):
        assert supplier_b_client.get(page).status_code == 404, page
    posts = {
        url("upload", request_a.pk): {"file": SimpleUploadedFile("x.xlsx", b"PK")},
        url("decline", request_a.pk): {"reason": "no"},
        url("clarification_answer", question.pk): {f"c{question.pk}-answer": "no"},
        url("contact_edit", contact.pk): {"name": "Mallory", "email": "m@example.com"},
        url("contact_active", contact.pk): {"active": "no"},
    }
    for page, data in posts.items():
        assert supplier_b_client.post(page, data).status_code == 404, page
    request_a.refresh_from_db()
    question.refresh_from_db()
    contact.refresh_from_db()
    assert (request_a.state, question.answer) == (State.INVITED, "")
    assert (contact.name, contact.is_active) == ("Ada Alpha", True)
    assert Submission.objects.count() == 1
