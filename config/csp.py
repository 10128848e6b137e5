"""Content-Security-Policy on every response, with a per-request nonce.

Django 5.2 has no CSP support of its own. Django 6.0 adds one with the same shape as this
module (a ``SECURE_CSP`` dict of directives, a nonce placeholder, ``request.csp_nonce`` and a
``csp_nonce`` template variable), so on that upgrade this file and its two settings lines
give way to ``django.middleware.csp``. The policy itself lives in settings (``SECURE_CSP``)
and is described in docs/reliability.md.

The nonce is made only when something asks for it (a template writing ``{{ csp_nonce }}``):
a response that uses none carries a policy without one, which allows no inline code at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # settings import this module: keep it light
    from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
# Stands in settings for "this request's nonce"; replaced by 'nonce-...' or dropped.
NONCE = "<nonce>"


class Nonce:
    """A random value made on first use; ``str()`` gives it to templates."""

    def __init__(self) -> None:
        self._value: str | None = None

    @property
    def used(self) -> bool:
        return self._value is not None

    def __str__(self) -> str:
        if self._value is None:
            self._value = secrets.token_urlsafe(18)
        return self._value


def policy(directives: Mapping[str, Sequence[str]], nonce: Nonce | None = None) -> str:
    """The header value: directives in the given order, the placeholder replaced by the
    nonce when one was used, otherwise left out."""
    parts = []
    for name, sources in directives.items():
        values = []
        for source in sources:
            if source == NONCE:
                if nonce is not None and nonce.used:
                    values.append(f"'nonce-{nonce}'")
            else:
                values.append(source)
        parts.append(" ".join([name, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = Nonce()
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        # Django's own debug pages (DEBUG only, never in production) are built from inline
        # styles and scripts; a policy would leave a developer an unreadable traceback.
        if settings.DEBUG and response.status_code >= 400:
            return response
        if HEADER not in response:
            response[HEADER] = policy(settings.SECURE_CSP, nonce)
        return response


def nonce(request: HttpRequest) -> dict[str, object]:
    """Template context processor: ``<script nonce="{{ csp_nonce }}">`` for inline code."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
