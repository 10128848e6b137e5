"""Compliance review of a campaign request's latest submission (namespace ``review``).

One page shows the findings with their per-finding actions, the clarification threads, the
supplier score and the decision form; each action is a POST that calls one service and
redirects back, so the page works without JavaScript. Access: ``view_campaignrequest`` to
see, the matching add/change permission to act (the disclosure committee reads only);
supplier users get 404 (``StaffPermissionRequired``), and requests are looked up through
``review_requests_visible_to``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from cmrt.models import Submission
from suppliers.models import CampaignRequest, Clarification
from suppliers.selectors.review import review_page, review_requests_visible_to
from suppliers.services.review import (
    clarification_ask,
    clarification_resolve,
    finding_accept,
    finding_accept_undo,
    submission_decide,
)
from suppliers.views.access import StaffPermissionRequired

# Text fields are optional in the forms: the services say what is missing, in one wording.


class FindingForm(forms.Form):
    submission = forms.IntegerField(widget=forms.HiddenInput)
    finding_key = forms.CharField(max_length=200, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=4000, widget=forms.Textarea
    )


class AskForm(forms.Form):
    submission = forms.IntegerField(required=False, widget=forms.HiddenInput)
    finding_key = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    question = forms.CharField(
        label=gettext_lazy("Question for the supplier"),
        required=False,
        max_length=4000,
        widget=forms.Textarea,
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("Resolution"), required=False, max_length=4000, widget=forms.Textarea
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, max_length=4000, widget=forms.Textarea
    )


class ReviewRequestView(StaffPermissionRequired, View):
    permission_required = "suppliers.view_campaignrequest"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign_request = get_object_or_404(review_requests_visible_to(request.user), pk=pk)
        page = review_page(campaign_request)
        return render(
            request,
            "suppliers/review/request.html",
            {"page": page, "campaign_request": campaign_request, "states": CampaignRequest.State},
        )


class _ReviewAction(StaffPermissionRequired, View):
    """POST only: check the form, call one service, say what happened, go back."""

    http_method_names = ["post"]
    form_class: type[forms.Form]
    anchor = ""

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        campaign_request = get_object_or_404(review_requests_visible_to(request.user), pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                done = self.act(campaign_request, form.cleaned_data, **kwargs)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, done)
        url = reverse("review:request", args=[campaign_request.pk])
        return HttpResponseRedirect(f"{url}#{self.anchor}" if self.anchor else url)

    def act(self, campaign_request: CampaignRequest, data: dict[str, Any], **kwargs: Any) -> str:
        raise NotImplementedError

    @staticmethod
    def submission_of(campaign_request: CampaignRequest, pk: int | None) -> Submission:
        """A submission of this request (the form names which one it was looking at)."""
        found = Submission.objects.filter(pk=pk, request=campaign_request).first()
        if found is None and pk is not None and pk == campaign_request.submission_id:
            found = campaign_request.submission
        if found is None:
            raise ValidationError(_("This submission does not belong to the campaign request."))
        return found


class FindingAcceptView(_ReviewAction):
    permission_required = "suppliers.add_findingreview"
    form_class = FindingForm
    anchor = "findings"

    def act(self, campaign_request: CampaignRequest, data: dict[str, Any], **kwargs: Any) -> str:
        submission = self.submission_of(campaign_request, data["submission"])
        finding_accept(submission, data["finding_key"], data["note"], by=self.request.user)
        return _("The finding is accepted as it is.")


class FindingUndoView(_ReviewAction):
    permission_required = "suppliers.add_findingreview"
    form_class = FindingForm
    anchor = "findings"

    def act(self, campaign_request: CampaignRequest, data: dict[str, Any], **kwargs: Any) -> str:
        submission = self.submission_of(campaign_request, data["submission"])
        finding_accept_undo(submission, data["finding_key"], by=self.request.user)
        return _("The finding is open again.")


class ClarificationAskView(_ReviewAction):
    permission_required = "suppliers.add_clarification"
    form_class = AskForm
    anchor = "clarifications"

    def act(self, campaign_request: CampaignRequest, data: dict[str, Any], **kwargs: Any) -> str:
        submission = None
        if data["submission"] is not None:
            submission = self.submission_of(campaign_request, data["submission"])
        clarification_ask(
            campaign_request,
            submission=submission,
            finding_key=data["finding_key"],
            question=data["question"],
            by=self.request.user,
        )
        return _("The question was sent to the supplier.")


class ClarificationResolveView(_ReviewAction):
    permission_required = "suppliers.change_clarification"
    form_class = ResolveForm
    anchor = "clarifications"

    def act(self, campaign_request: CampaignRequest, data: dict[str, Any], **kwargs: Any) -> str:
        clarification = get_object_or_404(
            Clarification.objects.select_related("request"),
            pk=kwargs["clarification"],
            request=campaign_request,
        )
        clarification_resolve(clarification, data["resolution"], by=self.request.user)
        return _("The question is resolved.")


class SubmissionDecideView(_ReviewAction):
    permission_required = "suppliers.change_campaignrequest"
    form_class = DecideForm
    anchor = "decision"

    def act(self, campaign_request: CampaignRequest, data: dict[str, Any], **kwargs: Any) -> str:
        accept = data["decision"] == "accept"
        submission_decide(
            campaign_request, accept=accept, reason=data["reason"], by=self.request.user
        )
        if accept:
            return _("The submission is accepted.")
        return _("The submission was sent back to the supplier for correction.")
