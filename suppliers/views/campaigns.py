"""Compliance pages for campaigns: list, create, edit, dashboard, the request table,
putting suppliers in scope, and one request's page with its actions."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView, View

from suppliers.campaign_states import can_move, reopen_target
from suppliers.campaign_stats import Bar, cumulative_line_svg, status_bars_svg
from suppliers.forms_campaigns import (
    CampaignForm,
    RequestActionForm,
    RequestFilterForm,
    SuppliersAddForm,
    SuppliersImportForm,
    campaign_initial,
)
from suppliers.models import Campaign, CampaignRequest
from suppliers.selectors.campaign_cache import campaign_dashboard_cached
from suppliers.selectors.campaigns import (
    campaign_list,
    campaign_request_detail,
    campaign_requests,
    campaigns_visible_to,
    requests_visible_to,
)
from suppliers.selectors.review import request_scores
from suppliers.services import campaigns as services
from suppliers.services.campaign_mail import (
    CampaignMailError,
    campaign_invite_all,
    request_invite,
)
from suppliers.views.access import StaffPermissionRequired

State = CampaignRequest.State

SMELTER_BUCKET_LABELS = {
    "conformant": gettext_lazy("RMAP conformant"),
    "active": gettext_lazy("RMAP active"),
    "not_conformant": gettext_lazy("not conformant"),
    "unknown": gettext_lazy("status unknown"),
    "not_listed": gettext_lazy("not in the RMAP list"),
    "unmatched": gettext_lazy("not recognised"),
}
# Templates which another part of the feature may provide (clarifications, findings).
REVIEW_PANEL_TEMPLATES = [
    "suppliers/review/_request_panel.html",
    "suppliers/review/_clarifications.html",
]


def _review_url(pk: int) -> str | None:
    # The review pages (findings, clarifications, decision) are another part of issue 5;
    # link to them once their URLs are mounted.
    try:
        return reverse("review:request", args=[pk])
    except NoReverseMatch:
        return None


def _review_panel() -> str | None:
    try:
        return select_template(REVIEW_PANEL_TEMPLATES).template.name  # type: ignore[attr-defined]
    except TemplateDoesNotExist:
        return None


class CampaignMixin:
    """Loads the campaign named by ``pk`` through the permission filter."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def campaign(self) -> Campaign:
        # Loaded on first use, i.e. after StaffPermissionRequired has let the user in.
        return get_object_or_404(
            campaigns_visible_to(self.request.user).select_related("rmap_snapshot"),
            pk=self.kwargs["pk"],
        )


class CampaignListView(StaffPermissionRequired, ListView):
    permission_required = "suppliers.view_campaign"
    template_name = "suppliers/campaigns/campaign_list.html"
    context_object_name = "campaigns"

    def get_queryset(self) -> QuerySet[Campaign]:
        return campaign_list(self.request.user, timezone.localdate())


class CampaignFormMixin:
    form_class = CampaignForm
    template_name = "suppliers/campaigns/campaign_form.html"
    request: HttpRequest

    def form_valid(self, form: CampaignForm) -> HttpResponse:
        campaign = form.save(commit=False)
        try:
            services.campaign_save(campaign, by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, _("Saved campaign “%(name)s”.") % {"name": campaign.name})
        return redirect("campaigns:dashboard", pk=campaign.pk)


class CampaignCreateView(StaffPermissionRequired, CampaignFormMixin, CreateView):
    permission_required = "suppliers.add_campaign"

    def get_initial(self) -> dict[str, Any]:
        return campaign_initial(timezone.localdate().year - 1)


class CampaignUpdateView(StaffPermissionRequired, CampaignFormMixin, UpdateView):
    permission_required = "suppliers.change_campaign"

    def get_queryset(self) -> QuerySet[Campaign]:
        return campaigns_visible_to(self.request.user)


class CampaignDashboardView(StaffPermissionRequired, CampaignMixin, TemplateView):
    permission_required = "suppliers.view_campaign"
    template_name = "suppliers/campaigns/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        campaign = self.campaign
        board = campaign_dashboard_cached(campaign, timezone.localdate())
        rows_url = reverse("campaigns:requests", args=[campaign.pk])
        labels = dict(State.choices)
        bars = [
            Bar(str(labels[d.key]), d.count, f"{rows_url}?{d.query}", f"state-{d.key}")
            for d in board.states
        ]
        status_chart = status_bars_svg(
            bars,
            title=_("Requests by state"),
            desc=", ".join(f"{bar.label}: {bar.value}" for bar in bars),
            id_prefix="status-chart",
        )
        final = board.responses[-1][1] if board.responses else 0
        response_chart = cumulative_line_svg(
            board.responses,
            total=board.figures.in_scope,
            title=_("Responses over time"),
            desc=_("%(responded)d of %(total)d suppliers in scope have responded by %(day)s.")
            % {"responded": final, "total": board.figures.in_scope, "day": board.today},
            id_prefix="response-chart",
            due_date=campaign.due_date,
            due_label=_("due"),
        )
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=campaign,
            board=board,
            rows_url=rows_url,
            state_rows=[(d, labels[d.key]) for d in board.states],
            smelter_rows=[(d, SMELTER_BUCKET_LABELS[d.key]) for d in board.smelters],
            # Both strings are built with every text escaped (campaign_stats).
            status_chart=mark_safe(status_chart),
            response_chart=mark_safe(response_chart),
        )
        return context


class CampaignRequestsView(StaffPermissionRequired, CampaignMixin, TemplateView):
    permission_required = "suppliers.view_campaignrequest"
    template_name = "suppliers/campaigns/requests.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        campaign = self.campaign
        form = RequestFilterForm(self.request.GET or None, bucket_labels=SMELTER_BUCKET_LABELS)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        today = timezone.localdate()
        rows = campaign_requests(campaign, form.row_filter(), today, query)
        scores = request_scores([item.request for item in rows], today=today)
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=campaign,
            filter_form=form,
            rows=[(item, scores.get(item.request.pk)) for item in rows],
            filtered=bool(self.request.GET),
        )
        return context


class SuppliersAddView(StaffPermissionRequired, CampaignMixin, FormView):
    permission_required = "suppliers.change_campaign"
    template_name = "suppliers/campaigns/suppliers_add.html"
    form_class = SuppliersAddForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "campaign": self.campaign}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(campaign=self.campaign, **kwargs)

    def form_valid(self, form: SuppliersAddForm) -> HttpResponse:
        added = services.campaign_suppliers_add(
            self.campaign,
            supplier_ids=[s.pk for s in form.cleaned_data["suppliers"]],
            tag_ids=[t.pk for t in form.cleaned_data["tags"]],
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("%(count)d suppliers added to the campaign.") % {"count": added},
        )
        return redirect("campaigns:requests", pk=self.campaign.pk)


class SuppliersImportView(StaffPermissionRequired, CampaignMixin, FormView):
    permission_required = "suppliers.change_campaign"
    template_name = "suppliers/campaigns/suppliers_import.html"
    form_class = SuppliersImportForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(campaign=self.campaign, **kwargs)

    def form_valid(self, form: SuppliersImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        outcome = services.campaign_suppliers_import(
            self.campaign, upload.read(), upload.name, self.request.user
        )
        if not outcome.ok:
            return self.render_to_response(self.get_context_data(form=form, outcome=outcome))
        messages.success(
            self.request,
            _("%(added)d suppliers added; %(already)d were in the campaign already.")
            % {"added": outcome.added, "already": outcome.already},
        )
        if outcome.inactive:
            messages.warning(
                self.request,
                _("Skipped inactive suppliers: %(names)s.")
                % {"names": ", ".join(outcome.inactive)},
            )
        return redirect("campaigns:requests", pk=self.campaign.pk)


class RequestDetailView(StaffPermissionRequired, TemplateView):
    permission_required = "suppliers.view_campaignrequest"
    template_name = "suppliers/campaigns/request_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = get_object_or_404(
            requests_visible_to(self.request.user).select_related(
                "campaign", "supplier", "submission"
            ),
            pk=self.kwargs["pk"],
        )
        detail = campaign_request_detail(request, timezone.localdate())
        state, labels = request.state, dict(State.choices)
        context = super().get_context_data(**kwargs)
        context.update(
            detail=detail,
            campaign_request=request,
            campaign=request.campaign,
            can_accept=can_move(state, State.ACCEPTED),
            can_reject=can_move(state, State.REJECTED),
            can_decline=can_move(state, State.DECLINED),
            can_reopen=reopen_target(
                state,
                has_submission=bool(detail.submissions),
                was_invited=request.invited_at is not None,
            )
            is not None,
            review_panel=_review_panel(),
            review_url=_review_url(request.pk),
            # For the clarifications include: read-only here, resolved on the review page.
            clarifications=detail.clarifications,
            can_resolve=False,
            history=[
                (event, labels.get(event.from_state, ""), labels.get(event.to_state, ""))
                for event in detail.events
            ],
        )
        return context


class RequestActionView(StaffPermissionRequired, View):
    """POST action=invite|accept|reject|reopen|decline|note with ``text`` (the reason or
    note). "invite" sends the invitation, or sends it again when already invited."""

    permission_required = "suppliers.change_campaignrequest"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign_request = get_object_or_404(requests_visible_to(request.user), pk=pk)
        form = RequestActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Unknown action."))
            return redirect("campaigns:request_detail", pk=pk)
        action, text, by = form.cleaned_data["action"], form.cleaned_data["text"], request.user
        done = {
            "accept": _("Accepted."),
            "reject": _("Marked as needing correction."),
            "reopen": _("Reopened."),
            "decline": _("Recorded as declined."),
            "note": _("Note added."),
        }
        if action == "invite":
            return self._invite(request, campaign_request)
        try:
            if action == "accept":
                services.request_accept(campaign_request, text, by)
            elif action == "reject":
                services.request_reject(campaign_request, text, by)
            elif action == "reopen":
                services.request_reopen(campaign_request, by, text)
            elif action == "decline":
                services.request_decline(campaign_request, text, by)
            else:
                services.request_note(campaign_request, text, by)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done[action])
        return redirect("campaigns:request_detail", pk=pk)

    def _invite(self, request: HttpRequest, campaign_request: CampaignRequest) -> HttpResponse:
        try:
            outcome = request_invite(campaign_request, by=request.user)
        except CampaignMailError as exc:
            messages.error(request, str(exc))
        except OSError:  # the mail server refused or is unreachable
            messages.error(request, _("The mail could not be sent; try again later."))
        else:
            messages.success(
                request,
                (
                    _("Invitation sent again to %(to)s.")
                    if outcome.resent
                    else _("Invitation sent to %(to)s.")
                )
                % {"to": outcome.recipient},
            )
        return redirect("campaigns:request_detail", pk=campaign_request.pk)


class InviteAllView(StaffPermissionRequired, View):
    """POST: invite every request of the campaign that was not sent yet."""

    permission_required = "suppliers.change_campaignrequest"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
        counts = campaign_invite_all(campaign, request.user)
        messages.success(
            request,
            _("Invitations sent: %(invited)d; could not be sent: %(failed)d.")
            % {"invited": counts.invited, "failed": counts.failed},
        )
        for problem in counts.problems:
            messages.warning(request, problem)
        return redirect("campaigns:dashboard", pk=pk)
