"""One campaign year in a real browser, journey by journey (issue 7, "Real-browser
journeys"): compliance invites two suppliers; supplier A activates, uploads a CMRT with
errors, corrects it and answers a question; supplier B, in Japanese, cannot reach A's
pages; compliance accepts, bulk-imports a zip and builds the report; the committee asks for
a change, compliance edits, the committee approves and the approved documents download.

Each journey asserts what a person reads on the page and saves full-page screenshots to
var/screenshots/. The journeys run in order on one database (see conftest.py).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Download, Locator, Page, expect

from tests.browser.story import (
    SUPPLIER_PASSWORD,
    Story,
    bulk_archive,
    cmrt_corrected,
    cmrt_with_errors,
    link_in,
    mails_to,
    upload,
)

pytestmark = [pytest.mark.browser]

YEAR = timezone.localdate().year - 1  # the campaign form's default reporting year
CAMPAIGN = f"Conflict minerals {YEAR}"
QUESTION = "Does the Tin row cover both of your plants (Hamburg and Leipzig)?"
ANSWER = "Yes: both plants buy tin only through Minsur."
CHANGE_REQUEST = "Say which smelters we will contact next year."
EDITED_STEP = "In the next reporting year we will contact every smelter that is not conformant."


def messages(page: Page) -> Locator:
    """The flash messages at the top of the page."""
    return page.locator("ul.messages")


def main_nav(page: Page, name: str) -> None:
    page.locator("nav.mainnav").get_by_role("link", name=name, exact=True).click()


def sub_nav(page: Page, name: str) -> None:
    page.locator("nav.subnav").get_by_role("link", name=name, exact=True).first.click()


def reload_until_visible(page: Page, target: Locator, timeout_ms: int) -> None:
    """For pages that do not refresh themselves (a version's documents appear once the
    worker has rendered them)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not target.is_visible():
        if time.monotonic() > deadline:
            raise AssertionError(f"{target} did not appear within {timeout_ms} ms")
        page.wait_for_timeout(1000)
        page.reload()


def download(page: Page, link: Locator) -> bytes:
    with page.expect_download() as info:
        link.click()
    got: Download = info.value
    assert got.failure() is None, got.failure()
    return got.path().read_bytes()


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml)


# 1 ----------------------------------------------------------------------------------------


def test_1_compliance_creates_a_campaign_and_invites_two_suppliers(
    story: Story, mailoutbox: list
) -> None:
    journey = "1-invite"
    page = story.sign_in("compliance", "casey")
    expect(page.locator(".usermenu")).to_contain_text("Casey Compliance · Compliance")

    main_nav(page, "Campaigns")
    expect(page.locator("h1")).to_contain_text("Campaigns")
    page.get_by_role("link", name="New campaign").click()
    expect(page.locator("h1")).to_have_text("New campaign")
    expect(page.locator("#id_name")).to_have_value(CAMPAIGN)
    expect(page.locator("#id_reporting_year")).to_have_value(str(YEAR))
    due = timezone.localdate() + timedelta(days=45)
    page.locator("#id_due_date").fill(due.isoformat())
    page.locator("#id_status").select_option("open")
    page.locator("#id_rmap_snapshot").select_option(label=str(story.registry.snapshot))
    story.shot(page, journey, "1-new-campaign")
    page.get_by_role("button", name="Save").click()
    expect(messages(page)).to_contain_text(f"Saved campaign “{CAMPAIGN}”.")
    expect(page.locator("h1")).to_contain_text(CAMPAIGN)
    story.facts["dashboard"] = page.url

    sub_nav(page, "Add suppliers")
    expect(page.locator("h1")).to_have_text("Add suppliers to the campaign")
    page.get_by_label("Alpha Metals").check()
    page.get_by_label("Beta Circuits").check()
    story.shot(page, journey, "2-add-suppliers")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(messages(page)).to_contain_text("2 suppliers added to the campaign.")
    rows = page.locator("table.requests tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Alpha Metals")
    expect(rows.nth(0)).to_contain_text("not sent")
    story.facts["requests"] = page.url

    sub_nav(page, "Dashboard")
    expect(page.locator(".figures")).to_contain_text("2suppliers in scope")
    page.get_by_role("button", name="Invite every supplier not invited yet").click()
    expect(messages(page)).to_contain_text("Invitations sent: 2; could not be sent: 0.")
    story.shot(page, journey, "3-dashboard-invited")

    page.goto(story.facts["requests"])
    expect(rows.nth(0)).to_contain_text("invited")
    expect(rows.nth(1)).to_contain_text("Beta Circuits")
    expect(rows.nth(1)).to_contain_text("invited")
    story.shot(page, journey, "4-requests-invited")

    # Each supplier's primary contact got two mails: the account activation and the
    # request itself, with a link signed for that account.
    links: dict[str, dict[str, str]] = {}
    for key, address in (("a", story.registry.alpha_email), ("b", story.registry.beta_email)):
        received = mails_to(address)
        assert len(received) == 2, [m.subject for m in received]
        activation = next(m for m in received if "/accounts/activate/" in str(m.body))
        invitation = next(m for m in received if m is not activation)
        links[key] = {
            "activate": link_in(activation, "/accounts/activate/"),
            "request": link_in(invitation, "/r/"),
        }
        assert links[key]["request"].startswith(story.base_url)
    alpha_mails = mails_to(story.registry.alpha_email)
    assert any(m.subject == "Your supplier portal account for Alpha Metals" for m in alpha_mails), [
        m.subject for m in alpha_mails
    ]
    assert any(f"for {YEAR}" in m.subject for m in alpha_mails)
    # Beta is in Japan: its mails are in Japanese.
    assert any(re.search(r"[\u3040-\u30ff]", str(m.body)) for m in mails_to("ben@beta.example.com"))
    story.facts["links"] = links


# 2 ----------------------------------------------------------------------------------------


def test_2_supplier_a_activates_uploads_corrects_and_answers(story: Story) -> None:
    journey = "2-supplier-a"
    links = story.facts["links"]["a"]
    page = story.page("supplier-a")

    page.goto(links["activate"])
    expect(page.locator("h1")).to_have_text("Activate your account")
    expect(page.locator("main")).to_contain_text("Alpha Metals")
    expect(page.locator("main")).to_contain_text(story.registry.alpha_email)
    page.locator("#id_new_password1").fill(SUPPLIER_PASSWORD)
    page.locator("#id_new_password2").fill(SUPPLIER_PASSWORD)
    story.shot(page, journey, "1-activate")
    page.get_by_role("button", name="Activate").click()
    expect(messages(page)).to_contain_text("Welcome! Your account is active.")
    expect(page.locator("h1")).to_have_text("Alpha Metals")
    expect(page.locator("main")).to_contain_text(CAMPAIGN)
    story.shot(page, journey, "2-portal-home")

    # The link from the invitation opens the request (and marks it opened).
    page.goto(links["request"])
    expect(page).to_have_url(re.compile(r"/portal/requests/\d+/$"))
    story.facts["a_request"] = page.url
    expect(page.locator("h1")).to_have_text(CAMPAIGN)
    expect(page.locator("main")).to_contain_text("What we ask for")
    expect(page.locator(".pagehead")).to_contain_text("Waiting for your CMRT")
    expect(page.locator("#upload")).to_have_text("Upload your CMRT")
    story.shot(page, journey, "3-request")

    page.locator("input[type=file]").set_input_files(
        upload("alpha-cmrt-2025.xlsx", cmrt_with_errors())
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page).to_have_url(re.compile(r"/portal/files/\d+/$"))
    expect(messages(page)).to_contain_text("Received “alpha-cmrt-2025.xlsx”. It is being checked")
    story.facts["a_first_file"] = page.url
    # The worker reads the file; the page follows its progress, then shows the findings.
    expect(page.locator(".errorbox")).to_contain_text(
        "Needs correction.", timeout=story.worker_timeout_ms
    )
    findings = page.locator("ul.findinglist")
    expect(findings).to_contain_text("Must be corrected")
    expect(findings).to_contain_text("cell D16")
    expect(findings).to_contain_text("the contact's email is missing")
    expect(findings).to_contain_text("cell D27")
    expect(findings).to_contain_text("Q1 is not answered for Tin")
    story.shot(page, journey, "4-findings")

    page.get_by_role("link", name="Upload the corrected version").click()
    expect(page.locator("#upload")).to_have_text("Upload a corrected version")
    expect(page.locator("table")).to_contain_text("alpha-cmrt-2025.xlsx")
    page.locator("input[type=file]").set_input_files(
        upload("alpha-cmrt-2025-v2.xlsx", cmrt_corrected())
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page).to_have_url(re.compile(r"/portal/files/\d+/$"))
    expect(messages(page)).to_contain_text("Received “alpha-cmrt-2025-v2.xlsx”.")
    expect(page.locator(".okbox").first).to_contain_text(
        "No errors found.", timeout=story.worker_timeout_ms
    )
    expect(page.locator("main")).to_contain_text("The check found nothing to correct.")
    expect(page.locator("h1")).to_contain_text("version 2")
    story.facts["a_file"] = page.url
    story.shot(page, journey, "5-corrected")

    # Compliance asks a question about the file, in its own browser.
    review = story.page("compliance")
    review.goto(story.facts["requests"])
    review.get_by_role("link", name="Alpha Metals").click()
    expect(review.locator("h1")).to_contain_text("under review")
    review.get_by_role("link", name="Open the review page").click()
    story.facts["review"] = review.url
    expect(review.locator("#findings")).to_contain_text("The checker found nothing to report.")
    review.get_by_text("Ask the supplier a general question").click()
    review.locator("#question-general").fill(QUESTION)
    review.locator("#clarifications").get_by_role("button", name="Send the question").click()
    expect(messages(review)).to_contain_text("The question was sent to the supplier.")
    expect(review.locator("#clarifications")).to_contain_text("Waiting for the supplier's answer.")
    story.shot(review, journey, "6-compliance-asks")

    page.goto(story.facts["a_request"])
    expect(page.locator(".pagehead")).to_contain_text("Waiting for your answer")
    question = page.locator("section.question-open")
    expect(question).to_contain_text(QUESTION)
    question.locator("textarea").fill(ANSWER)
    story.shot(page, journey, "7-question")
    question.get_by_role("button", name="Send the answer").click()
    expect(messages(page)).to_contain_text("Thank you. Your answer was sent to your customer.")
    expect(page.locator("section.question")).to_contain_text(ANSWER)
    story.shot(page, journey, "8-answered")


# 3 ----------------------------------------------------------------------------------------


def test_3_supplier_b_in_japanese_cannot_reach_supplier_a_pages(story: Story) -> None:
    journey = "3-supplier-b"
    links = story.facts["links"]["b"]
    page = story.page("supplier-b")
    page.goto(links["activate"])
    expect(page.locator("main")).to_contain_text("Beta Circuits")
    page.locator("#id_new_password1").fill(SUPPLIER_PASSWORD)
    page.locator("#id_new_password2").fill(SUPPLIER_PASSWORD)
    page.get_by_role("button", name="Activate").click()
    expect(messages(page)).to_contain_text("Welcome! Your account is active.")
    expect(page.locator("h1")).to_have_text("Beta Circuits")
    expect(page.locator("main")).to_contain_text("Open requests")

    # Once: the portal in Japanese, remembered for this user.
    page.get_by_role("button", name="日本語").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("nav.mainnav")).to_contain_text("自社情報")  # My organisation
    expect(page.locator("main")).to_contain_text("対応中の依頼")  # Open requests
    expect(page.locator(".usermenu")).to_contain_text("ログアウト")  # Sign out
    story.shot(page, journey, "1-portal-japanese")
    page.goto(links["request"])
    expect(page.locator("main")).to_contain_text("ご依頼内容")  # What we ask for
    expect(page.locator("#upload")).to_have_text("CMRT をアップロード")  # Upload your CMRT
    story.shot(page, journey, "2-request-japanese")

    # Supplier A's pages, typed in by URL, and A's own signed link: "not found", never a
    # hint that they exist.
    a_request = story.facts["a_request"]
    a_file = story.facts["a_file"]
    a_download = re.sub(
        r"/portal/files/(\d+)/$", r"/cmrt/submissions/\1/download/", story.facts["a_file"]
    )
    for number, url in enumerate(
        (a_request, a_file, a_download, story.facts["links"]["a"]["request"]), start=3
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, (url, response)
        expect(page.locator("body")).to_contain_text("Not Found")
        expect(page.locator("body")).not_to_contain_text("Alpha Metals")
        story.shot(page, journey, f"{number}-not-found")

    # And nothing of A's shows on B's own pages.
    page.goto("/portal/")
    expect(page.locator("main")).not_to_contain_text("Alpha")


# 4 ----------------------------------------------------------------------------------------


def test_4_compliance_accepts_imports_a_zip_and_builds_the_report(story: Story) -> None:
    journey = "4-compliance"
    page = story.page("compliance")
    page.goto(story.facts["review"])
    thread = page.locator("article.clarification")
    expect(thread).to_contain_text(QUESTION)
    expect(thread).to_contain_text(ANSWER)
    thread.locator("summary", has_text="Resolve").click()
    thread.locator("textarea").fill("Confirmed by the supplier's answer.")
    thread.locator("button[type=submit]").click()
    expect(messages(page)).to_contain_text("The question is resolved.")
    page.get_by_role("button", name="Accept the submission").click()
    expect(messages(page)).to_contain_text("The submission is accepted.")
    expect(page.locator("h1")).to_contain_text("accepted")
    story.shot(page, journey, "1-accepted")

    main_nav(page, "Bulk import")
    page.get_by_role("link", name="Import CMRTs").click()
    page.locator("#id_files").set_input_files(
        upload("cmrt-2025.zip", bulk_archive(), "application/zip")
    )
    story.shot(page, journey, "2-bulk-upload")
    page.get_by_role("button", name="Start the import").click()
    expect(messages(page)).to_contain_text("cmrt-2025.zip is stored; its files are being imported.")
    # The job page reloads itself (Refresh header) until every file is settled.
    expect(page.locator("section.progress")).to_contain_text(
        "3 of 3 files finished (100%).", timeout=story.worker_timeout_ms
    )
    expect(page.locator("section.progress progress")).to_have_attribute("value", "100")
    table = page.locator("table")
    beta_row = table.locator("tr", has_text="beta-circuits.xlsx")
    expect(beta_row).to_contain_text("Beta Circuits")
    expect(beta_row).to_contain_text("imported")
    gamma_row = table.locator("tr", has_text="gamma-trading.xlsx")
    expect(gamma_row).to_contain_text("Gamma Trading Unknown KK")
    expect(gamma_row).to_contain_text("supplier to assign")
    expect(table.locator("tr", has_text="readme.txt")).to_contain_text("not a workbook")
    expect(page.get_by_role("link", name="Assign suppliers")).to_be_visible()
    story.shot(page, journey, "3-bulk-done")

    page.goto(story.facts["dashboard"])
    sub_nav(page, "Report")
    expect(page.locator("h1")).to_contain_text("RCOI summary")
    expect(page.locator("h1")).to_contain_text("draft, not approved")
    expect(page.locator("#figures")).to_contain_text("response rate")
    expect(page.locator("main")).to_contain_text("Every reported row names a known smelter.")
    tungsten = page.locator("tr", has_text="Wolfram Bergbau und Hutten AG")
    expect(tungsten).to_contain_text("CID002044")
    expect(tungsten).to_contain_text("RMAP active")
    story.shot(page, journey, "4-rcoi-summary")

    sub_nav(page, "Documents")
    page.get_by_role("button", name="Build the documents now").click()
    expect(page).to_have_url(re.compile(r"/reports/builds/\d+/$"))
    downloads = page.locator("ul.downloads")
    expect(downloads).to_be_visible(timeout=story.worker_timeout_ms)
    for label in (
        "RCOI summary (Excel)",
        "Form SD and CMR draft (Word)",
        "Form SD and CMR draft (PDF)",
        "Company-level CMRT (Excel)",
    ):
        expect(downloads).to_contain_text(label)
    story.shot(page, journey, "5-report-built")
    pdf = download(page, downloads.get_by_role("link", name="Form SD and CMR draft (PDF)"))
    assert pdf.startswith(b"%PDF")


# 5 ----------------------------------------------------------------------------------------


def test_5_committee_requests_a_change_then_approves(story: Story) -> None:
    journey = "5-approval"
    page = story.page("compliance")
    page.goto(story.facts["dashboard"])
    sub_nav(page, "Report")
    sub_nav(page, "Versions")
    page.get_by_role("button", name="New draft version").click()
    expect(page).to_have_url(re.compile(r"/reports/versions/\d+/$"))
    version_url = page.url
    expect(page.locator("#state")).to_have_text("draft")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#state")).to_have_text("in review")
    story.shot(page, journey, "1-submitted")

    committee = story.sign_in("committee", "morgan")
    expect(committee.locator(".usermenu")).to_contain_text("Disclosure committee")
    committee.goto(version_url)
    decide = committee.locator("#decide")
    decide.locator("select[name=section]").select_option(
        label="Steps to mitigate risk and future steps"
    )
    decide.locator("textarea[name=comment]").fill(CHANGE_REQUEST)
    story.shot(committee, journey, "2-committee-review")
    decide.get_by_role("button", name="Request changes").click()
    expect(committee.locator("#state")).to_have_text("draft")
    expect(committee.locator("#approvals")).to_contain_text(CHANGE_REQUEST)
    expect(committee.locator("#timeline")).to_contain_text("requested changes")
    story.shot(committee, journey, "3-changes-requested")

    page.reload()
    expect(page.locator("#timeline")).to_contain_text(CHANGE_REQUEST)
    page.get_by_role("link", name="Edit the profile and texts").click()
    expect(page.locator("h1")).to_contain_text("Edit")
    page.locator("#id_profile_name").fill("Example Components Corp.")
    steps = page.locator("#id_text_cmr_future_steps")
    steps.fill(steps.input_value() + "\n\n" + EDITED_STEP)
    story.shot(page, journey, "4-edit")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(messages(page)).to_contain_text("Saved.")
    expect(page).to_have_url(version_url)
    expect(page.locator("main")).to_contain_text("Steps to mitigate risk and future steps")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#state")).to_have_text("in review")

    committee.reload()
    committee.locator("#decide").get_by_role("button", name="Approve").click()
    expect(committee.locator("#state")).to_have_text("approved")
    expect(committee.locator("#timeline")).to_contain_text("approved by every required member")
    # The approved documents are rendered by the worker from the stored inputs.
    files = committee.locator("#files ul.downloads")
    reload_until_visible(committee, files, story.worker_timeout_ms)
    story.shot(committee, journey, "5-approved")

    docx = download(committee, files.get_by_role("link", name="Form SD and CMR draft (Word)"))
    assert docx.startswith(b"PK")
    text = docx_text(docx)
    assert EDITED_STEP in text
    assert "Example Components Corp." in text
    pdf = download(committee, files.get_by_role("link", name="Form SD and CMR draft (PDF)"))
    assert pdf.startswith(b"%PDF")
