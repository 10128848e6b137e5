"""Sign-in with a brake on password guessing.

Failed attempts are counted per user name and client address; after ``LOGIN_LIMIT`` of
them the form refuses to check passwords until the window ends, and says for how long. A
successful sign-in clears the count. The address is ``REMOTE_ADDR``: behind a reverse proxy
that is the proxy's address, so the limit then works per user name (still the point: one
account cannot be guessed at quickly).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from config.audit.services import record_login_failed
from config.ratelimit import Limit, Verdict, ratelimit_hit, ratelimit_peek, ratelimit_reset

LOGIN_LIMIT = Limit(name="login-failures", limit=10, window=15 * 60)


def _too_many(verdict: Verdict) -> str:
    return ngettext(
        "Too many sign-in attempts; try again in %(minutes)d minute.",
        "Too many sign-in attempts; try again in %(minutes)d minutes.",
        verdict.retry_minutes,
    ) % {"minutes": verdict.retry_minutes}


class RateLimitedLoginView(LoginView):
    redirect_authenticated_user = True

    def _key(self) -> str:
        username = str(self.request.POST.get("username", "")).strip().casefold()
        return f"{username}|{self.request.META.get('REMOTE_ADDR', '')}"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verdict = ratelimit_peek(LOGIN_LIMIT, self._key())
        if not verdict.allowed:
            # Marked as validated with no errors, so the password is never checked (guessing
            # on gains nothing); the page shows the user name as typed and the reason.
            form = self.get_form()
            form._errors = ErrorDict()
            form.cleaned_data = {}
            form.add_error(None, _too_many(verdict))
            # No password was checked, so Django sends no login-failed signal: record it here.
            record_login_failed(request, str(request.POST.get("username", "")), throttled=True)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        verdict = ratelimit_hit(LOGIN_LIMIT, self._key())
        if not verdict.allowed or verdict.count == LOGIN_LIMIT.limit:
            # The attempt that used up the allowance already says so.
            form.add_error(None, _too_many(verdict))
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        ratelimit_reset(LOGIN_LIMIT, self._key())
        return super().form_valid(form)
