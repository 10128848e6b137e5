"""The signed request link from invitation and reminder mails (``/r/<token>/``)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from suppliers.models import CampaignRequest
from suppliers.request_links import LinkProblem, RequestLinkError, request_link_read
from suppliers.services.campaign_mail import request_open


def _problem_messages() -> dict[LinkProblem, str]:
    return {
        LinkProblem.EXPIRED: _(
            "This link has expired. Sign in to the supplier portal to find the request, or "
            "ask your compliance contact to send the request again."
        ),
        LinkProblem.INVALID: _("This link is not valid. Check that you copied all of it."),
    }


def _portal_request_url(pk: int) -> str:
    try:
        return reverse("portal:request", args=[pk])
    except NoReverseMatch:  # the portal's request page is not there yet
        return reverse("portal:home")


@never_cache
def request_link_open(request: HttpRequest, token: str) -> HttpResponse:
    """1. A bad or expired link gets a page saying so (before sign-in: no point in signing in
          for a dead link).
    2. Anonymous visitors sign in first and come back here.
    3. Another account gets 404: the link is single-account, and 404 confirms nothing.
    4. The request is marked opened and the portal shows it."""
    try:
        request_id, user_id = request_link_read(token)
    except RequestLinkError as exc:
        status = 410 if exc.problem == LinkProblem.EXPIRED else 404
        return render(
            request,
            "suppliers/links/problem.html",
            {"problem": _problem_messages()[exc.problem]},
            status=status,
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        campaign_request = request_open(
            request_id=request_id, link_user_id=user_id, user=request.user
        )
    except CampaignRequest.DoesNotExist:
        raise Http404 from None
    return redirect(_portal_request_url(campaign_request.pk))
