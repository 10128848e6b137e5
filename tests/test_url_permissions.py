"""Who gets what on every named URL of the project.

The test walks the whole URLconf, fills each URL's arguments from rows made for supplier A
and asks for it as five personas: anonymous, supplier A's user, supplier B's user,
compliance and the disclosure committee. ``EXPECTED`` holds the outcome for each persona:

- ``200``: the page; ``"login"``: a redirect to the sign-in page;
- ``403``: signed in but without the permission; ``404``: not there for this user (supplier
  users on staff pages, staff on portal pages, anything of another organisation);
- ``405``: a POST-only URL asked with GET (only personas who got past the access checks);
- ``"->name"``: a redirect to that named URL; other status codes as numbers.

A URL without a row fails the test with its name, and so does a row without a URL: a new
page cannot go live without someone deciding who may see it. Only GET is sent, so nothing
changes; what POSTs do is tested with each view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cmrt.models import BulkImport, SmelterRecord
from cmrt.selectors.matching import review_queue
from suppliers.models import Campaign, CampaignRequest, Clarification, Supplier
from suppliers.roles import Role
from tests.cmrt.submissions.rows import make_reference, make_submission
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "supplier_a", "supplier_b", "compliance", "committee")

# Namespaces guarded by one gate of their own and tested where that gate lives.
ELSEWHERE = {
    "admin": "StaffAdminSite (config/admin.py); tests/suppliers/test_admin.py and below",
}


@dataclass
class World:
    supplier_a: Supplier
    supplier_b: Supplier
    campaign: Campaign
    request: CampaignRequest
    clarification: Clarification
    submission: Any
    bulk: BulkImport
    smelter: Any
    review_query: str  # names an open smelter-name review item


Args = Callable[[World], dict[str, Any]]


def pk(attr: str) -> Args:
    return lambda w: {"pk": getattr(w, attr).pk}


def contact_pk(w: World) -> dict[str, Any]:
    return {"pk": w.supplier_a.contacts.get().pk}


def _report_version(w: World) -> Any:
    from reports.models import ReportVersion
    from reports.services_versions import version_create

    version = ReportVersion.objects.filter(campaign=w.campaign, number=1).first()
    if version is None:
        version = version_create(
            w.campaign, by=make_user("author", Role.COMPLIANCE), profile={"name": "Example"}
        )
    return version


def report_version(w: World) -> dict[str, Any]:
    return {"pk": _report_version(w).pk}


def report_file(w: World) -> dict[str, Any]:

    stored = _report_file(w)
    return {"pk": stored.version_id, "file_pk": stored.pk}


def _report_file(w: World) -> Any:
    from django.core.files.base import ContentFile

    from reports.models import ReportBuild, ReportFile

    version = _report_version(w)
    stored = version.files.first()
    if stored is None:
        build = ReportBuild.objects.create(
            campaign=version.campaign,
            version=version,
            stage=ReportBuild.Stage.APPROVED,
            status=ReportBuild.Status.DONE,
        )
        stored = ReportFile.objects.create(
            build=build,
            version=version,
            stage=ReportFile.Stage.APPROVED,
            name="rcoi_summary.xlsx",
            file=ContentFile(b"PK", name="rcoi_summary.xlsx"),
            sha256="0" * 64,
        )
    return stored


def report_build(w: World) -> dict[str, Any]:
    return {"pk": _report_file(w).build_id}


def build_file(w: World) -> dict[str, Any]:
    stored = _report_file(w)
    return {"pk": stored.build_id, "file_pk": stored.pk}


STAFF_VIEW = ("login", 404, 404, 200, 200)  # both staff roles may look
STAFF_CHANGE = ("login", 404, 404, 200, 403)  # compliance only
STAFF_POST = ("login", 404, 404, 405, 403)  # POST-only, compliance only
STAFF_POST_BOTH = ("login", 404, 404, 405, 405)  # POST-only, both staff roles
OWN_A = ("login", 200, 404, 200, 200)  # supplier A's object: its owner and staff
PORTAL = ("login", 200, 200, 404, 404)  # every supplier user, no staff
PORTAL_A = ("login", 200, 404, 404, 404)  # supplier A's object in the portal
PORTAL_POST = ("login", 405, 405, 404, 404)  # the method is refused after the membership
PUBLIC = (200, 200, 200, 200, 200)
SIGNED_IN = ("login", 200, 200, 200, 200)

# name: (outcomes per persona in PERSONAS order, URL arguments, query string)
EXPECTED: dict[str, tuple[tuple[Any, ...], Args | None, str | Callable[[World], str]]] = {
    "home": (("login", "->portal:home", "->portal:home", 200, 200), None, ""),
    "login": ((200, "->home", "->home", "->home", "->home"), None, ""),
    "logout": ((405,) * 5, None, ""),
    "set_language": (("->home",) * 5, None, ""),
    "language": ((405,) * 5, None, ""),  # POST only
    # Accounts: public pages for signing in and resetting, the rest behind sign-in.
    "accounts:activate": ((400,) * 5, lambda w: {"token": "not-a-token"}, ""),
    "accounts:password_reset": (PUBLIC, None, ""),
    "accounts:password_reset_done": (PUBLIC, None, ""),
    "accounts:password_reset_confirm": (
        PUBLIC,
        lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        "",
    ),
    "accounts:password_reset_complete": (PUBLIC, None, ""),
    "accounts:password_change": (SIGNED_IN, None, ""),
    "accounts:password_change_done": (SIGNED_IN, None, ""),
    # The registry.
    "suppliers:list": (STAFF_VIEW, None, ""),
    "suppliers:create": (STAFF_CHANGE, None, ""),
    "suppliers:detail": (STAFF_VIEW, pk("supplier_a"), ""),
    "suppliers:edit": (STAFF_CHANGE, pk("supplier_a"), ""),
    "suppliers:status": (STAFF_POST, pk("supplier_a"), ""),
    "suppliers:contact-create": (STAFF_CHANGE, lambda w: {"supplier_pk": w.supplier_a.pk}, ""),
    "suppliers:contacts": (STAFF_VIEW, None, ""),
    "suppliers:contact-edit": (STAFF_CHANGE, contact_pk, ""),
    "suppliers:contact-active": (STAFF_POST, contact_pk, ""),
    "suppliers:contact-invite": (STAFF_POST, contact_pk, ""),
    "suppliers:import": (STAFF_CHANGE, None, ""),
    "suppliers:import-confirm": (STAFF_POST, None, ""),
    "suppliers:export": (STAFF_VIEW, None, "?kind=suppliers&format=csv"),
    # Campaigns (compliance pages).
    "campaigns:list": (STAFF_VIEW, None, ""),
    "campaigns:create": (STAFF_CHANGE, None, ""),
    "campaigns:dashboard": (STAFF_VIEW, pk("campaign"), ""),
    "campaigns:edit": (STAFF_CHANGE, pk("campaign"), ""),
    "campaigns:requests": (STAFF_VIEW, pk("campaign"), ""),
    "campaigns:invite_all": (STAFF_POST, pk("campaign"), ""),
    # Reports (compliance and committee pages).
    "reports:rcoi": (STAFF_VIEW, pk("campaign"), ""),
    "reports:preview": (STAFF_VIEW, pk("campaign"), ""),
    # No smelter in the test world's campaign: staff get 404 after the permission check.
    "reports:smelter": (
        ("login", 404, 404, 404, 404),
        lambda w: {"pk": w.campaign.pk, "cid": "CID000001"},
        "",
    ),
    "reports:download": (
        STAFF_VIEW,
        lambda w: {"pk": w.campaign.pk, "name": "rcoi_summary.xlsx"},
        "",
    ),
    "reports:versions": (STAFF_VIEW, pk("campaign"), ""),
    "reports:version": (STAFF_VIEW, report_version, ""),
    "reports:version_file": (STAFF_VIEW, report_file, ""),
    "reports:version_edit": (STAFF_CHANGE, report_version, ""),
    "reports:version_preview": (STAFF_VIEW, report_version, ""),
    "reports:builds": (STAFF_VIEW, pk("campaign"), ""),
    "reports:build": (STAFF_VIEW, report_build, ""),
    "reports:build_status": (STAFF_VIEW, report_build, ""),
    "reports:build_file": (STAFF_VIEW, build_file, ""),
    "campaigns:suppliers_add": (STAFF_CHANGE, pk("campaign"), ""),
    "campaigns:suppliers_import": (STAFF_CHANGE, pk("campaign"), ""),
    "campaigns:request_detail": (STAFF_VIEW, pk("request"), ""),
    "campaigns:request_action": (STAFF_POST, pk("request"), ""),
    # Signed request links: a bad token is refused before anything else.
    "links:open": ((404,) * 5, lambda w: {"token": "not-a-token"}, ""),
    # Submissions: staff pages, and the file pages a supplier user shares for their own.
    "cmrt:submission_list": (STAFF_VIEW, None, ""),
    "cmrt:submission_upload": (STAFF_CHANGE, None, ""),
    "cmrt:submission_detail": (OWN_A, pk("submission"), ""),
    "cmrt:submission_status": (OWN_A, pk("submission"), ""),
    "cmrt:submission_download": (OWN_A, pk("submission"), ""),
    "cmrt:submission_rerun": (STAFF_POST, pk("submission"), ""),
    "cmrt:bulk_list": (STAFF_VIEW, None, ""),
    "cmrt:bulk_new": (STAFF_CHANGE, None, ""),
    "cmrt:bulk_assign": (STAFF_VIEW, None, ""),
    "cmrt:bulk_detail": (STAFF_VIEW, pk("bulk"), ""),
    "cmrt:bulk_status": (STAFF_VIEW, pk("bulk"), ""),
    "cmrt:bulk_export": (STAFF_VIEW, pk("bulk"), ""),
    "cmrt:review_queue": (STAFF_VIEW, None, ""),
    "cmrt:review_decide": (STAFF_VIEW, None, lambda w: w.review_query),
    "cmrt:reference_home": (STAFF_VIEW, None, ""),
    "cmrt:reference_import": (STAFF_CHANGE, None, ""),
    "cmrt:reference_confirm": (STAFF_POST, None, ""),
    "cmrt:reference_smelters": (STAFF_VIEW, None, ""),
    "cmrt:reference_smelter": (STAFF_VIEW, pk("smelter"), ""),
    # The supplier portal.
    "portal:home": (PORTAL, None, ""),
    "portal:request": (PORTAL_A, pk("request"), ""),
    "portal:upload": (PORTAL_POST, pk("request"), ""),
    "portal:decline": (PORTAL_POST, pk("request"), ""),
    "portal:submission": (PORTAL_A, pk("submission"), ""),
    "portal:clarification_answer": (PORTAL_POST, pk("clarification"), ""),
    "portal:contacts": (PORTAL, None, ""),
    "portal:contact_add": (PORTAL, None, ""),
    "portal:contact_edit": (PORTAL_A, contact_pk, ""),
    "portal:contact_active": (PORTAL_POST, contact_pk, ""),
}


# Written but not yet mounted in config/urls.py: checked as soon as they are, and not
# reported as stale until then. Move them into EXPECTED once mounted.
AWAITING_WIRING: dict[str, tuple[tuple[Any, ...], Args | None, str]] = {
    "review:request": (STAFF_VIEW, pk("request"), ""),
    "review:finding_accept": (STAFF_POST, pk("request"), ""),
    "review:finding_undo": (STAFF_POST, pk("request"), ""),
    "review:ask": (STAFF_POST, pk("request"), ""),
    "review:resolve": (
        STAFF_POST,
        lambda w: {"pk": w.request.pk, "clarification": w.clarification.pk},
        "",
    ),
    "review:decide": (STAFF_POST, pk("request"), ""),
}
EXPECTED.update({k: v for k, v in AWAITING_WIRING.items() if k not in EXPECTED})


def named_urls() -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern as (namespaced name, pattern), depth first."""

    def walk(resolver: URLResolver, namespace: list[str]) -> Iterator[tuple[str, URLPattern]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = [*namespace, entry.namespace] if entry.namespace else namespace
                yield from walk(entry, inner)
            elif entry.name:
                yield ":".join([*namespace, entry.name]), entry

    yield from walk(get_resolver(), [])


def project_url_names() -> set[str]:
    return {name for name, _ in named_urls() if name.split(":")[0] not in ELSEWHERE}


@pytest.fixture
def world(supplier_a: Supplier, supplier_b: Supplier) -> World:
    campaign = Campaign.objects.create(
        name="CMRT 2026",
        reporting_year=2026,
        period_start="2026-01-01",
        period_end="2026-12-31",
        due_date="2027-03-31",
        status=Campaign.Status.OPEN,
    )
    request = CampaignRequest.objects.create(
        campaign=campaign, supplier=supplier_a, state=CampaignRequest.State.INVITED
    )
    CampaignRequest.objects.create(
        campaign=campaign, supplier=supplier_b, state=CampaignRequest.State.INVITED
    )
    submission = make_submission(supplier_a, "alpha.xlsx", request=request)
    return World(
        supplier_a=supplier_a,
        supplier_b=supplier_b,
        campaign=campaign,
        request=request,
        clarification=Clarification.objects.create(
            request=request, question="Why?", asked_by=make_user("asker")
        ),
        submission=submission,
        bulk=BulkImport.objects.create(original_name="batch.zip"),
        smelter=make_reference("CID000077", "Gold", "Argor-Heraeus S.A."),
        review_query=_review_query(submission),
    )


def _review_query(submission: Any) -> str:
    SmelterRecord.objects.create(
        submission=submission,
        row=5,
        metal="Gold",
        name="Nowhere Gold Works",
        match_status=SmelterRecord.MatchStatus.REVIEW,
    )
    item = review_queue("Gold")[0]
    return "?" + urlencode({"metal": item.metal, "name": item.folded})


@pytest.fixture
def clients(world: World, supplier_a_user, supplier_b_user) -> dict[str, Client]:
    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return {
        "anonymous": Client(),
        "supplier_a": signed_in(supplier_a_user),
        "supplier_b": signed_in(supplier_b_user),
        "compliance": signed_in(make_user("casey", Role.COMPLIANCE, staff=True)),
        "committee": signed_in(make_user("morgan", Role.COMMITTEE)),
    }


def outcome(response: Any, expected: Any) -> Any:
    """The response in the table's terms, read the way ``expected`` is written."""
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return "login"
        if isinstance(expected, str) and expected.startswith("->"):
            target = reverse(expected[2:])
            return expected if location in (target, "http://testserver" + target) else location
        return f"redirect to {location}"
    return status


def test_every_named_url_has_an_expectation() -> None:
    names = project_url_names()
    missing = sorted(names - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - names - AWAITING_WIRING.keys())
    assert not missing, f"URLs without a row in EXPECTED (who may open them?): {missing}"
    assert not stale, f"rows in EXPECTED for URLs that do not exist: {stale}"


def test_every_url_answers_each_persona_as_expected(world: World, clients) -> None:
    wrong = []
    for name in sorted(project_url_names() & EXPECTED.keys()):
        expected, args, query = EXPECTED[name]
        query_string = query(world) if callable(query) else query
        url = reverse(name, kwargs=args(world) if args else None) + query_string
        for persona, want in zip(PERSONAS, expected, strict=True):
            got = outcome(clients[persona].get(url), want)
            if got != want:
                wrong.append(f"{name} as {persona}: expected {want}, got {got} ({url})")
    assert not wrong, "\n".join(wrong)


def test_the_admin_lets_in_only_staff_without_a_membership(world: World, clients) -> None:
    admin_login = reverse("admin:login")
    for persona in PERSONAS:
        response = clients[persona].get(reverse("admin:index"))
        if persona == "compliance":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, persona
            assert response["Location"].startswith(admin_login + "?next="), persona
