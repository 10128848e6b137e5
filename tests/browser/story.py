"""What the browser journeys share: the personas' browser contexts, sign-in through the
form, screenshots, the mails the server sent, and the CMRT files the suppliers upload."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core import mail
from django.core.mail import EmailMessage
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response

from cmrt.models import RmapSnapshot
from cmrt.services.reference import reference_import
from suppliers.models import Supplier
from suppliers.roles import Role
from tests.cmrt.build6x import COMPANY, LOOKUP, cmrt_6x
from tests.cmrt.bulk.helpers import cmrt_for, zip_of
from tests.cmrt.submissions.rows import make_rmap
from tests.factories import PASSWORD, make_contact, make_supplier, make_user

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
# What supplier users choose when they activate their account (the validators accept it).
SUPPLIER_PASSWORD = "Tantalum-Tin-2025!"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Registry:
    """Rows that exist before the story starts: the compliance team keeps the registry."""

    alpha: Supplier
    beta: Supplier
    alpha_email: str
    beta_email: str
    compliance: AbstractUser
    committee: AbstractUser
    snapshot: RmapSnapshot


def seed_registry(reporting_year: int) -> Registry:
    alpha = make_supplier("Alpha Metals", country="DE", vendor_number="A-1")
    make_contact(alpha, "Ada Alpha", email="ada@alpha.example.com", is_primary=True)
    # A supplier in Japan: its mails are written in Japanese (campaign_mail.mail_language).
    beta = make_supplier("Beta Circuits", country="JP", vendor_number="B-2")
    make_contact(beta, "Ben Beta", email="ben@beta.example.com", is_primary=True)
    compliance = make_user("casey", Role.COMPLIANCE)
    committee = make_user("morgan", Role.COMMITTEE)
    for user, first, last in ((compliance, "Casey", "Compliance"), (committee, "Morgan", "Board")):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    # RMI's lists as compliance imported them: a template's Smelter Look-up tab (the
    # smelters the CMRTs report, with their look-up names), and their RMAP status at the
    # end of the reporting year (tungsten's only "Active").
    reference_import(cmrt_6x(), "RMI_CMRT_6.5.xlsx", by=compliance)
    statuses = {cid: ("Conformant", "conformant") for *_rest, cid in LOOKUP}
    statuses["CID002044"] = ("Active", "active")
    snapshot = make_rmap(date(reporting_year, 12, 31), statuses)
    return Registry(
        alpha=alpha,
        beta=beta,
        alpha_email="ada@alpha.example.com",
        beta_email="ben@beta.example.com",
        compliance=compliance,
        committee=committee,
        snapshot=snapshot,
    )


# Files ------------------------------------------------------------------------------------

ALPHA_DECLARED = "Alpha Metals GmbH"


def cmrt_with_errors() -> bytes:
    """Alpha's first try: no contact e-mail (Declaration D16) and Q1 unanswered for Tin
    (D27), both errors the portal must show with their cells."""
    return cmrt_6x(
        company={**COMPANY, "name": ALPHA_DECLARED, "contact_email": ""},
        answers={"Q1": {"Tantalum": "Yes", "Tin": None, "Gold": "Yes", "Tungsten": "Yes"}},
    )


def cmrt_corrected() -> bytes:
    return cmrt_6x(company={**COMPANY, "name": ALPHA_DECLARED})


def bulk_archive() -> bytes:
    """A zip as compliance gets it from a distributor: Beta's CMRT (assigned by its
    declared name), one of a company nobody knows (waits for a supplier) and a stray note."""
    return zip_of(
        {
            "cmrt-2025/beta-circuits.xlsx": cmrt_for("Beta Circuits Co., Ltd."),
            "cmrt-2025/gamma-trading.xlsx": cmrt_for("Gamma Trading Unknown KK"),
            "cmrt-2025/readme.txt": b"CMRTs received by post, scanned 2026-01-10",
        }
    )


def upload(name: str, content: bytes, mime_type: str = XLSX) -> dict[str, Any]:
    """A file for ``set_input_files`` straight from memory."""
    return {"name": name, "mimeType": mime_type, "buffer": content}


# Mail -------------------------------------------------------------------------------------


def mails_to(address: str) -> list[EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def link_in(message: EmailMessage, path_part: str) -> str:
    """The first link in the mail's body whose path contains ``path_part``."""
    for link in _LINK.findall(str(message.body)):
        if path_part in link:
            return link
    raise AssertionError(f"no link with {path_part!r} in the mail {message.subject!r}")


# Browser ----------------------------------------------------------------------------------


@dataclass
class Story:
    """One campaign year seen through four browsers: compliance, the committee member and
    two supplier users. ``facts`` carries what a journey leaves for the next (URLs, ids)."""

    base_url: str
    browser: Browser
    registry: Registry
    worker_timeout_ms: int
    facts: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    _contexts: dict[str, BrowserContext] = field(default_factory=dict)
    _pages: dict[str, Page] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def page(self, persona: str) -> Page:
        """The persona's tab: its own context, so its own cookies (sessions never mix)."""
        if persona not in self._pages:
            context = self.browser.new_context(
                base_url=self.base_url,
                locale="en-GB",  # Accept-Language; the Japanese journey switches on the page
                viewport={"width": 1280, "height": 900},
                accept_downloads=True,
            )
            page = context.new_page()
            self._watch(persona, page)
            self._contexts[persona], self._pages[persona] = context, page
        return self._pages[persona]

    def _watch(self, persona: str, page: Page) -> None:
        def on_response(response: Response) -> None:
            if response.status >= 500:
                self.problems.append(
                    f"{persona}: HTTP {response.status} for {response.request.method} "
                    f"{response.url}"
                )

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                self.problems.append(f"{persona}: {message.text}")

        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"{persona}: script {error}"))

    def sign_in(self, persona: str, username: str, password: str = PASSWORD) -> Page:
        page = self.page(persona)
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    def shot(self, page: Page, journey: str, step: str) -> Path:
        """A full-page screenshot, var/screenshots/<journey>-<step>.png."""
        path = SCREENSHOTS / f"{journey}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def shoot_everyone(self, prefix: str) -> None:
        for persona, page in self._pages.items():
            try:
                page.screenshot(path=str(SCREENSHOTS / f"{prefix}-{persona}.png"), full_page=True)
            except Exception as error:  # the report of a failure must not fail itself
                self.problems.append(f"{persona}: no screenshot ({error})")

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()
        self._pages.clear()
