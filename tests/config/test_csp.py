"""The Content-Security-Policy header, its nonce, and pages that the policy does not break:
no template and no rendered page carries inline code without this request's nonce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import RequestContext, Template
from django.test import Client, override_settings
from django.urls import path, reverse

from config.csp import NONCE, Nonce, policy
from tests.test_url_permissions import EXPECTED, PERSONAS, clients, world  # noqa: F401

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

_ELEMENT = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_JS_URL = re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def inline_code(html: str, nonce: str | None = None) -> list[str]:
    """What the policy would block: <script>/<style> without src or the nonce, event-handler
    attributes, javascript: URLs. ``nonce``: the value the header allows (None: any
    ``nonce=`` attribute counts, as in a template)."""
    found = []
    for element, attributes in _ELEMENT.findall(html):
        if element.lower() == "script" and (
            re.search(r"\ssrc\s*=", attributes) or 'type="application/json"' in attributes
        ):
            continue
        given = re.search(r"""\snonce\s*=\s*["']([^"']*)["']""", attributes)
        if given and (nonce is None or given.group(1) == nonce):
            continue
        found.append(f"<{element}{attributes}>")
    found += [tag[:80] for tag in _TAG.findall(html) if _HANDLER.search(tag)]
    found += _JS_URL.findall(html)
    return found


def header_nonce(response: HttpResponse) -> str | None:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return match.group(1) if match else None


# THE HEADER -------------------------------------------------------------------------------


def test_pages_carry_the_policy(client: Client, compliance_client: Client) -> None:
    assert client.get(reverse("login"))["Content-Security-Policy"] == POLICY
    assert compliance_client.get(reverse("home"))["Content-Security-Policy"] == POLICY


def test_static_files_and_redirects_carry_it_too(client: Client) -> None:
    assert client.get("/static/css/app.css")["Content-Security-Policy"] == POLICY
    assert client.get(reverse("home"))["Content-Security-Policy"] == POLICY  # a redirect


def test_error_pages_carry_it_without_debug(client: Client) -> None:
    assert client.get("/no-such-page/")["Content-Security-Policy"] == POLICY


def test_django_debug_pages_are_left_readable(client: Client, settings) -> None:
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" not in response


def nonce_view(request: HttpRequest) -> HttpResponse:
    page = Template('<script nonce="{{ csp_nonce }}">go()</script>{{ csp_nonce }}')
    return HttpResponse(page.render(RequestContext(request)))


def own_policy_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("embedded viewer")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


urlpatterns = [path("nonce/", nonce_view), path("own/", own_policy_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_that_uses_the_nonce_gets_it_in_the_header(client: Client) -> None:
    first, second = client.get("/nonce/"), client.get("/nonce/")
    value = header_nonce(first)
    assert value and len(value) == 24
    assert first.content.decode() == f'<script nonce="{value}">go()</script>{value}'
    assert first["Content-Security-Policy"] == POLICY.replace(
        "script-src 'self'; style-src 'self'",
        f"script-src 'self' 'nonce-{value}'; style-src 'self' 'nonce-{value}'",
    )
    assert header_nonce(second) != value  # new for every request


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_with_its_own_policy_keeps_it(client: Client) -> None:
    assert client.get("/own/")["Content-Security-Policy"] == "default-src 'none'"


def test_the_policy_drops_an_unused_nonce_placeholder() -> None:
    directives = {"script-src": ["'self'", NONCE], "object-src": ["'none'"]}
    assert policy(directives, Nonce()) == "script-src 'self'; object-src 'none'"
    used = Nonce()
    assert policy(directives, used) == "script-src 'self'; object-src 'none'"
    str(used)
    assert policy(directives, used) == f"script-src 'self' 'nonce-{used}'; object-src 'none'"


def test_settings_hold_the_documented_policy() -> None:
    assert policy(settings.SECURE_CSP) == POLICY


# PAGES THE POLICY MUST NOT BREAK -------------------------------------------------------------


def test_the_checker_finds_what_the_policy_blocks() -> None:
    assert inline_code(
        '<script>x()</script><style>p{}</style><button onclick="x()">'
        '<a href="javascript:x()">'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        '<style nonce="abc">p{}</style><p data-onclick="no">only text onclick= here</p>',
        nonce="abc",
    ) == [
        "<script>",
        "<style>",
        '<button onclick="x()">',
        'href="javascript:',
    ]
    assert inline_code('<style nonce="old">p{}</style>', nonce="new") == ['<style nonce="old">']


def test_no_template_has_inline_code_without_the_nonce() -> None:
    templates = sorted(ROOT.glob("*/templates/**/*.html"))
    assert len(templates) > 50  # config, suppliers, reports
    found = {
        str(t.relative_to(ROOT)): code
        for t in templates
        if (code := inline_code(t.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_no_rendered_page_has_inline_code(world, clients) -> None:  # noqa: F811
    """Every page of the URL-permission walk that answers 200 with HTML, as each persona."""
    problems, pages = [], 0
    for name, (expected, args, query) in sorted(EXPECTED.items()):
        query_string = query(world) if callable(query) else query
        url = reverse(name, kwargs=args(world) if args else None) + query_string
        for persona, want in zip(PERSONAS, expected, strict=True):
            if want != 200:
                continue
            response = clients[persona].get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages += 1
            nonce = header_nonce(response)
            if code := inline_code(response.content.decode(), nonce=nonce or ""):
                problems.append(f"{name} as {persona}: {code}")
    assert pages > 40
    assert problems == []


def test_admin_pages_have_no_inline_code(world, clients) -> None:  # noqa: F811
    compliance = clients["compliance"]
    for url in ("/admin/", "/admin/suppliers/supplier/", "/admin/suppliers/supplier/add/"):
        response = compliance.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode(), nonce="") == [], url
