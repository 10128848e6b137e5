"""Write side of reviewing a supplier's submission: accept findings as they are, ask the
supplier about them (a clarification thread: question, answer, resolution), and accept or
reject the submission.

State changes of the campaign request go through ``suppliers.services.campaigns`` (which
records every step as a RequestEvent); this module never sets ``request.state`` itself.
Callers check the staff permissions; the one supplier-side action, answering, checks here
that the user belongs to the request's supplier, because a wrong answer would be visible to
compliance as if the supplier had given it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cmrt.models import FindingRecord, Submission
from suppliers.finding_keys import finding_key_of
from suppliers.models import (
    CampaignRequest,
    Clarification,
    Contact,
    FindingReview,
    UserPreference,
)
from suppliers.selectors import supplier_id_of
from suppliers.services import campaigns

logger = logging.getLogger(__name__)

REASON_REQUIRED = gettext_noop(
    "Enter a reason for rejecting the submission: the supplier reads it to correct the file."
)
QUESTION_REQUIRED = gettext_noop("Enter the question for the supplier.")
ANSWER_REQUIRED = gettext_noop("Enter your answer.")
RESOLUTION_REQUIRED = gettext_noop("Enter how the question was resolved.")
UNKNOWN_FINDING = gettext_noop("This finding is not in the submission (was the file read again?).")
WRONG_SUBMISSION = gettext_noop("This submission does not belong to the campaign request.")
ALREADY_RESOLVED = gettext_noop("This question is already resolved.")


def _step(action: Callable[..., CampaignRequest], *args: Any, **kwargs: Any) -> CampaignRequest:
    """Run a campaign-request step; the state table's refusals (ValueError with a message for
    people) become ValidationError, the one error type the review pages show."""
    try:
        return action(*args, **kwargs)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_(message))
    return text


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def _check_finding(submission: Submission, finding_key: str) -> None:
    """Raise unless ``finding_key`` names one of the submission's current findings (keys are
    stored as given, so junk from a form would otherwise stay around for ever)."""
    for record in FindingRecord.objects.filter(submission=submission).only(
        "code", "sheet", "cell", "row", "metal"
    ):
        if finding_key_of(record) == finding_key:
            return
    raise ValidationError(_(UNKNOWN_FINDING))


# Findings ---------------------------------------------------------------------------------


def finding_accept(
    submission: Submission, finding_key: str, note: str, *, by: AbstractBaseUser
) -> FindingReview:
    """Accept a finding as it is, with a note (a second call replaces the note)."""
    _check_finding(submission, finding_key)
    review, _created = FindingReview.objects.update_or_create(
        submission=submission,
        finding_key=finding_key,
        defaults={"note": (note or "").strip(), "by": by},
    )
    return review


def finding_accept_undo(submission: Submission, finding_key: str, *, by: AbstractBaseUser) -> bool:
    """Take back an acceptance; True when there was one."""
    deleted, _rows = FindingReview.objects.filter(
        submission=submission, finding_key=finding_key
    ).delete()
    if deleted:
        logger.info("finding %s of submission %s re-opened by %s", finding_key, submission.pk, by)
    return bool(deleted)


# Clarifications ---------------------------------------------------------------------------


def _language_of_contact(contact: Contact) -> str:
    """The language the contact's portal account chose, else the site's default."""
    language = (
        UserPreference.objects.filter(user__supplier_membership__contact=contact)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def _language_of_user(user: AbstractBaseUser) -> str:
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


def _mail(template: str, context: dict[str, object], recipient: str, language: str) -> None:
    # Rendered in the recipient's language, whatever language the sender uses.
    with translation.override(language):
        subject = render_to_string(f"suppliers/review/email/{template}_subject.txt", context)
        body = render_to_string(f"suppliers/review/email/{template}_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )


def _primary_contact(request: CampaignRequest) -> Contact | None:
    return (
        Contact.objects.filter(supplier_id=request.supplier_id, is_primary=True, is_active=True)
        .select_related("supplier")
        .first()
    )


def clarification_ask(
    request: CampaignRequest,
    *,
    submission: Submission | None,
    finding_key: str = "",
    question: str,
    by: AbstractBaseUser,
) -> Clarification:
    """Ask the supplier a question (about one finding when ``finding_key`` is given).

    The request moves to "clarification requested" and the supplier's primary contact gets
    a short e-mail with a link to the request in the portal (no e-mail without an active
    primary contact; the question is still shown in the portal).
    """
    question = _required(question, QUESTION_REQUIRED)
    if submission is not None:
        if submission.request_id != request.pk and request.submission_id != submission.pk:
            raise ValidationError(_(WRONG_SUBMISSION))
        if finding_key:
            _check_finding(submission, finding_key)
    with transaction.atomic():
        clarification = Clarification(
            request=request,
            submission=submission,
            finding_key=finding_key,
            question=question,
            asked_by=by,
        )
        clarification.full_clean()
        clarification.save()
        if request.state == CampaignRequest.State.SUBMITTED:
            # Asking is reviewing: a file still being checked is taken into review first.
            _step(campaigns.request_transition, request, CampaignRequest.State.UNDER_REVIEW, by=by)
        if request.state != CampaignRequest.State.CLARIFICATION:
            _step(
                campaigns.request_transition,
                request,
                CampaignRequest.State.CLARIFICATION,
                by=by,
                note=question,
            )
    contact = _primary_contact(request)
    if contact is None:
        logger.warning("request %s: no active primary contact to tell about a question", request.pk)
        return clarification
    link = settings.SITE_URL + reverse("portal:request", args=[request.pk])
    context = {
        "contact": contact,
        "campaign": request.campaign.name,
        "supplier": contact.supplier.name,
        "asker": _name(by),
        "question": question,
        "link": link,
    }
    _mail("clarification_asked", context, contact.email, _language_of_contact(contact))
    return clarification


def clarification_answer(
    clarification: Clarification, answer: str, *, by: AbstractBaseUser
) -> Clarification:
    """The supplier answers; only a user of the request's supplier may. The asker is told."""
    if supplier_id_of(by) != clarification.request.supplier_id:
        raise PermissionDenied
    if clarification.resolved_at is not None:
        raise ValidationError(_(ALREADY_RESOLVED))
    clarification.answer = _required(answer, ANSWER_REQUIRED)
    clarification.answered_by = by
    clarification.answered_at = timezone.now()
    clarification.save(update_fields=["answer", "answered_by", "answered_at"])
    asker = clarification.asked_by
    if asker is not None and asker.email:
        request = clarification.request
        context = {
            "asker": _name(asker),
            "supplier": request.supplier.name,
            "campaign": request.campaign.name,
            "question": clarification.question,
            "answer": clarification.answer,
            "link": settings.SITE_URL + reverse("review:request", args=[request.pk]),
        }
        _mail("clarification_answered", context, asker.email, _language_of_user(asker))
    return clarification


def clarification_resolve(
    clarification: Clarification, resolution: str, *, by: AbstractBaseUser
) -> Clarification:
    """Close a thread with how it was settled. When it was the last open one of a request in
    "clarification requested", the request goes back to "under review"."""
    if clarification.resolved_at is not None:
        raise ValidationError(_(ALREADY_RESOLVED))
    clarification.resolution = _required(resolution, RESOLUTION_REQUIRED)
    clarification.resolved_by = by
    clarification.resolved_at = timezone.now()
    request = clarification.request
    with transaction.atomic():
        clarification.save(update_fields=["resolution", "resolved_by", "resolved_at"])
        still_open = Clarification.objects.filter(request=request, resolved_at__isnull=True)
        if request.state == CampaignRequest.State.CLARIFICATION and not still_open.exists():
            _step(
                campaigns.request_transition,
                request,
                CampaignRequest.State.UNDER_REVIEW,
                by=by,
                note=clarification.resolution,
            )
    return clarification


# The submission as a whole ----------------------------------------------------------------


def submission_decide(
    request: CampaignRequest, *, accept: bool, reason: str, by: AbstractBaseUser
) -> CampaignRequest:
    """Accept the request's submission or send it back for correction. A rejection needs a
    reason (the supplier is shown it); an acceptance may have one."""
    reason = (reason or "").strip()
    if accept:
        _step(campaigns.request_accept, request, reason, by=by)
    else:
        _step(campaigns.request_reject, request, _required(reason, REASON_REQUIRED), by=by)
    return request
