"""The interface language, remembered per user.

``language_set`` works like ``django.views.i18n.set_language`` (POST a language code, get
the language cookie, go back where you were) and also saves the choice as the user's
``UserPreference``. At sign-in, ``language_apply_saved`` (a ``user_logged_in`` receiver)
puts the saved language in the session, so a user who chose Japanese on one computer gets
Japanese on the next. Django reads the language from the cookie, not the session, so
``PreferredLanguageMiddleware`` activates the session's language and writes the cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from suppliers.models import UserPreference

# The language chosen by (or saved for) the signed-in user, kept for the session.
SESSION_KEY = "preferred_language"


def language_supported(code: str) -> bool:
    return code in dict(settings.LANGUAGES) and translation.check_for_language(code)


def _set_cookie(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _next_url(request: HttpRequest) -> str:
    # As set_language: "next", else the page the form was on, else the home page; never a
    # URL on another host (an open redirect).
    for candidate in (request.POST.get("next"), request.META.get("HTTP_REFERER")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return "/"


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """POST ``language`` (and optionally ``next``): switch, remember, go back."""
    response = HttpResponseRedirect(_next_url(request))
    code = request.POST.get("language", "")
    if not language_supported(code):
        return response  # as set_language: an unknown code changes nothing
    if request.user.is_authenticated:
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code
    translation.activate(code)
    _set_cookie(response, code)
    return response


@receiver(user_logged_in, dispatch_uid="suppliers.language_apply_saved")
def language_apply_saved(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """At sign-in, use the language the user saved (if any) from this request on."""
    code = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    if not code or not language_supported(code) or request is None:
        return
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = code
    translation.activate(code)
    request.LANGUAGE_CODE = code  # type: ignore[attr-defined]


class PreferredLanguageMiddleware:
    """Use the signed-in user's saved language (put in the session at sign-in or by
    ``language_set``) and keep the language cookie in step with it, so pages after sign-out
    stay in that language. Goes after AuthenticationMiddleware (it reads the session only)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        code = session.get(SESSION_KEY) if session is not None else None
        if code and language_supported(code):
            translation.activate(code)
            request.LANGUAGE_CODE = code  # type: ignore[attr-defined]
        response = self.get_response(request)
        # The view may have signed the user in (the receiver set the session) or switched.
        code = session.get(SESSION_KEY) if session is not None else None
        if (
            code
            and language_supported(code)
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
        ):
            _set_cookie(response, code)
        return response
