"""The request being handled, for audit receivers that Django calls without one.

A permission change arrives as ``m2m_changed`` and a report decision as ``post_save``; neither
says who acted or from where. This middleware keeps the request in a context variable (one
per thread or task) for the length of the request, so ``audit.services`` can find both.
Outside a request (commands, Celery tasks, migrate) there is none: the actor is then empty.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


class AuditRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
