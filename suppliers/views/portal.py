"""The supplier portal: what a supplier user sees and does for their own organisation.

Every view is wrapped in ``portal_view``: sign-in first, then the organisation from the
membership filter (``suppliers.selectors.portal``). Everybody without a membership gets
404, and every object is looked up inside the organisation's querysets, so anything of
another organisation is a 404 too (never a 403: a URL must not confirm that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cmrt.services.ingestion import UploadRejected
from config.ratelimit import Limit, ratelimit_hit
from suppliers.forms_portal import (
    ClarificationAnswerForm,
    DeclineForm,
    PortalContactForm,
    PortalUploadForm,
)
from suppliers.models import Contact, Supplier
from suppliers.selectors.portal import (
    PortalRequest,
    clarification_is_open,
    portal_clarifications,
    portal_clarifications_queryset,
    portal_contacts,
    portal_findings,
    portal_request,
    portal_requests,
    portal_submission,
    portal_submissions,
    portal_supplier,
)
from suppliers.services import campaigns, review
from suppliers.services.portal import request_file_receive
from suppliers.services.registry import contact_save, contact_set_active

# Per user: generous for someone correcting a file a few times, tight for a script.
UPLOAD_LIMIT = Limit(name="portal-upload", limit=20, window=10 * 60)

View = Callable[..., HttpResponse]


def portal_view(view: View) -> View:
    """Sign-in, then the supplier user's organisation (404 for anyone else), passed on as
    the view's second argument."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, portal_supplier(request.user), *args, **kwargs)

    return wrapper


def _upload_done(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    """Where an upload leads. upload.js posts with XMLHttpRequest, which would follow a
    redirect by itself and render that page, using up its message where nobody sees it; so
    it gets the address as JSON and goes there itself, and the message shows."""
    url = reverse(name, args=[pk])
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return JsonResponse({"location": url})
    return redirect(url)


def _service_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# --- Home and requests -------------------------------------------------------------------


@portal_view
def portal_home(request: HttpRequest, supplier: Supplier) -> HttpResponse:
    rows = portal_requests(request.user)
    contacts = [c for c in portal_contacts(request.user) if c.is_active]
    return render(
        request,
        "suppliers/portal_home.html",
        {
            "supplier": supplier,
            "contacts": contacts,
            "open_requests": [r for r in rows if r.is_open],
            "other_requests": [r for r in rows if not r.is_open],
        },
    )


def _request_page(
    request: HttpRequest,
    supplier: Supplier,
    item: PortalRequest,
    *,
    upload_form: PortalUploadForm | None = None,
    decline_form: DeclineForm | None = None,
    answer_forms: dict[int, ClarificationAnswerForm] | None = None,
    upload_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The request page; the POST views render it again with their bound form's errors."""
    clarifications = portal_clarifications(request.user, item.request)
    answer_forms = answer_forms or {}
    questions = [
        {
            "clarification": c,
            "is_open": clarification_is_open(c),
            "form": answer_forms.get(c.pk) or ClarificationAnswerForm(prefix=f"c{c.pk}"),
        }
        for c in clarifications
    ]
    return render(
        request,
        "suppliers/portal/request.html",
        {
            "supplier": supplier,
            "item": item,
            "campaign": item.campaign,
            "versions": portal_submissions(request.user, item.request),
            "questions": questions,
            "open_questions": sum(q["is_open"] for q in questions),
            "upload_form": upload_form or PortalUploadForm(),
            "upload_error": upload_error,
            "decline_form": decline_form or DeclineForm(),
        },
        status=status,
    )


@portal_view
def request_detail(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    return _request_page(request, supplier, portal_request(request.user, pk))


@portal_view
@require_POST
def request_upload(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    item = portal_request(request.user, pk)
    if not item.can_upload:
        messages.error(request, _("This request is closed; it takes no more files."))
        return _upload_done(request, "portal:request", pk)
    verdict = ratelimit_hit(UPLOAD_LIMIT, f"user:{request.user.pk}")
    if not verdict.allowed:
        # 429 with the page itself, so the supplier reads why and when to come back.
        limited = ngettext(
            "Too many uploads in a short time; try again in %(minutes)d minute.",
            "Too many uploads in a short time; try again in %(minutes)d minutes.",
            verdict.retry_minutes,
        ) % {"minutes": verdict.retry_minutes}
        return _request_page(request, supplier, item, upload_error=limited, status=429)
    form = PortalUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _request_page(request, supplier, item, upload_form=form)
    upload = form.cleaned_data["file"]
    try:
        received = request_file_receive(
            item.request, content=upload.read(), filename=upload.name, by=request.user
        )
    except (UploadRejected, ValidationError, ValueError) as exc:
        form.add_error("file", _service_error(exc))
        return _request_page(request, supplier, item, upload_form=form)
    submission = received.submission
    if received.duplicate:
        messages.warning(
            request,
            _(
                "You already uploaded this exact file on %(when)s; here is its result. "
                "To send a correction, save the corrected workbook and upload it."
            )
            % {"when": timezone.localtime(submission.uploaded_at).strftime("%Y-%m-%d")},
        )
    else:
        messages.success(
            request,
            _("Received “%(name)s”. It is being checked; this page shows how far it got.")
            % {"name": submission.original_name},
        )
    return _upload_done(request, "portal:submission", submission.pk)


@portal_view
@require_POST
def request_decline(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    item = portal_request(request.user, pk)
    if not item.can_decline:
        messages.error(request, _("This request is closed; there is nothing to decline."))
        return redirect("portal:request", pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _request_page(request, supplier, item, decline_form=form)
    try:
        campaigns.request_decline(item.request, reason=form.cleaned_data["reason"], by=request.user)
    except (ValidationError, ValueError) as exc:
        form.add_error(None, _service_error(exc))
        return _request_page(request, supplier, item, decline_form=form)
    messages.success(request, _("You declined this request. Your customer has been told why."))
    return redirect("portal:request", pk=pk)


@portal_view
@require_POST
def clarification_answer(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    clarification = get_object_or_404(portal_clarifications_queryset(request.user), pk=pk)
    item = portal_request(request.user, clarification.request_id)
    if not clarification_is_open(clarification):
        messages.error(request, _("This question was already answered."))
        return redirect("portal:request", pk=item.request.pk)
    form = ClarificationAnswerForm(request.POST, prefix=f"c{clarification.pk}")
    if not form.is_valid():
        return _request_page(request, supplier, item, answer_forms={clarification.pk: form})
    try:
        review.clarification_answer(clarification, form.cleaned_data["answer"], by=request.user)
    except (ValidationError, ValueError) as exc:
        form.add_error(None, _service_error(exc))
        return _request_page(request, supplier, item, answer_forms={clarification.pk: form})
    messages.success(request, _("Thank you. Your answer was sent to your customer."))
    return redirect("portal:request", pk=item.request.pk)


# --- Uploaded files ---------------------------------------------------------------------


@portal_view
def submission_detail(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    version = portal_submission(request.user, pk)
    submission = version.submission
    return render(
        request,
        "suppliers/portal/submission.html",
        {
            "supplier": supplier,
            "version": version,
            "submission": submission,
            "finding_sheets": portal_findings(submission) if submission.is_finished else (),
        },
    )


# --- Contacts ---------------------------------------------------------------------------


@portal_view
def contact_list(request: HttpRequest, supplier: Supplier) -> HttpResponse:
    contacts = portal_contacts(request.user).prefetch_related("memberships")
    own = getattr(getattr(request.user, "supplier_membership", None), "contact_id", None)
    return render(
        request,
        "suppliers/portal/contacts.html",
        {"supplier": supplier, "contacts": contacts, "own_contact_id": own},
    )


def _contact_form(
    request: HttpRequest, supplier: Supplier, contact: Contact | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = PortalContactForm(data, instance=contact, supplier=supplier)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        try:
            contact_save(saved, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved contact %(contact)s.") % {"contact": saved})
            return redirect("portal:contacts")
    return render(
        request,
        "suppliers/portal/contact_form.html",
        {"supplier": supplier, "form": form, "contact": contact},
    )


@portal_view
def contact_add(request: HttpRequest, supplier: Supplier) -> HttpResponse:
    return _contact_form(request, supplier, None)


@portal_view
def contact_edit(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    return _contact_form(request, supplier, get_object_or_404(portal_contacts(request.user), pk=pk))


@portal_view
@require_POST
def contact_active(request: HttpRequest, supplier: Supplier, pk: int) -> HttpResponse:
    """POST active=yes|no. Deactivating also closes that person's portal account, so a
    supplier user may not deactivate the contact their own account belongs to."""
    contact = get_object_or_404(portal_contacts(request.user), pk=pk)
    active = request.POST.get("active") == "yes"
    membership = getattr(request.user, "supplier_membership", None)
    if not active and membership is not None and membership.contact_id == contact.pk:
        messages.error(
            request,
            _(
                "You cannot deactivate yourself: that would close your own portal account. "
                "Ask a colleague or your customer's compliance team."
            ),
        )
        return redirect("portal:contacts")
    contact_set_active(contact, active=active, by=request.user)
    if active:
        messages.success(request, _("%(contact)s is active again.") % {"contact": contact})
    else:
        messages.success(
            request,
            _("%(contact)s is now inactive; their portal account, if any, is closed.")
            % {"contact": contact},
        )
    return redirect("portal:contacts")
