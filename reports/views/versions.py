"""The report versions of a campaign and their committee review: list, detail with the
timeline and each role's actions, edit (profile and texts), preview from the stored
inputs and the stored documents. ``reports.services_versions`` decides who may do what;
these views only translate the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from reports.aggregation import campaign_report
from reports.forms import VersionEditForm
from reports.models import ReportBuild
from reports.rendering.cmr_html import cmr_html
from reports.selectors import latest_profile_and_texts
from reports.services_builds import build_request
from reports.services_versions import (
    committee_members,
    required_members,
    version_create,
    version_decide,
    version_edit,
    version_file,
    version_submit,
)
from reports.texts import PLACEHOLDER_NAMES, sections_build
from reports.versions import (
    ACTION_LABELS,
    DECISION_LABELS,
    Decision,
    State,
    inputs_from_json,
    profile_from_json,
)
from reports.views.builds import build_rows
from reports.views.common import (
    FILE_LABELS,
    ReportMixin,
    VersionMixin,
    section_titles,
    stored_file_response,
)
from suppliers.roles import Role
from suppliers.selectors import roles_of


class VersionListView(ReportMixin, TemplateView):
    """The campaign's report versions; compliance starts a new one here (POST)."""

    template_name = "reports/versions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            section="versions",
            versions=self.campaign.report_versions.select_related("created_by"),
            is_compliance=Role.COMPLIANCE in roles_of(self.request.user),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        profile, texts = latest_profile_and_texts(self.campaign)
        version = version_create(
            self.campaign, by=request.user, profile=profile, texts=texts, today=self.today
        )
        return redirect("reports:version", version.pk)


class VersionDetailView(VersionMixin, TemplateView):
    """One version: its timeline, the committee's decisions and the actions of each role."""

    template_name = "reports/version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.version
        roles = roles_of(self.request.user)
        titles = section_titles()
        approvals = [
            (approval, DECISION_LABELS[Decision(approval.decision)], titles.get(approval.section))
            for approval in version.approvals.select_related("member")
        ]
        events = [
            (event, ACTION_LABELS.get(event.action, event.action))
            for event in version.events.select_related("by")
        ]
        is_compliance = Role.COMPLIANCE in roles
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=version.campaign,
            section="versions",
            version=version,
            approvals=approvals,
            events=events,
            required=list(required_members(version)),
            builds=build_rows(version.builds.prefetch_related("files")),
            file_labels={name: str(label) for name, label in FILE_LABELS.items()},
            sections=sorted(titles.items(), key=lambda item: item[1]),
            edited_titles=[titles[key] for key in version.texts if key in titles],
            can_edit=is_compliance,
            can_submit=is_compliance and version.state == State.DRAFT,
            can_file=is_compliance and version.state == State.APPROVED,
            can_decide=Role.COMMITTEE in roles and version.state == State.IN_REVIEW,
            can_build=is_compliance,
            today=timezone.localdate(),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version, action = self.version, request.POST.get("action", "")
        try:
            if action == "submit":
                version_submit(version, request.user)
            elif action in (Decision.APPROVE, Decision.CHANGES):
                section = request.POST.get("section", "")
                if section and section not in section_titles():
                    raise ValidationError(_("Unknown section."))
                version_decide(
                    version,
                    member=request.user,
                    decision=action,
                    section=section,
                    comment=request.POST.get("comment", "").strip(),
                )
            elif action == "file":
                try:
                    filed_on = date.fromisoformat(request.POST.get("filed_on", ""))
                except ValueError:
                    raise ValidationError(_("Enter the filing date.")) from None
                version_file(version, by=request.user, filed_on=filed_on)
            elif action == "build" and Role.COMPLIANCE in roles_of(request.user):
                build = build_request(
                    version.campaign,
                    by=request.user,
                    version=version,
                    stage=ReportBuild.Stage.DRAFT,
                )
                return redirect("reports:build", build.pk)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("reports:version", version.pk)


class VersionEditView(VersionMixin, FormView):
    """Compliance edits the company profile and the sections' texts. A draft changes in
    place; saving an in-review, approved or filed version makes a new draft."""

    # Compliance edits drafts (the service checks the role again).
    permission_required = "suppliers.change_campaign"
    template_name = "reports/version_edit.html"
    form_class = VersionEditForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            profile=profile_from_json(self.version.profile),
            texts=self.version.texts,
            members=committee_members(),
            required=list(self.version.required_members.all()),
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.version.campaign,
            section="versions",
            version=self.version,
            locked=self.version.state != State.DRAFT,
            placeholders=PLACEHOLDER_NAMES,
        )
        return context

    def form_valid(self, form: VersionEditForm) -> HttpResponse:
        saved = version_edit(
            self.version,
            by=self.request.user,
            profile=form.profile(),
            texts=form.texts(),
            required=form.required(),
        )
        if saved.pk != self.version.pk:
            messages.success(
                self.request,
                _(
                    "%(old)s is %(state)s and stays as it is: "
                    "your changes are the new draft %(new)s."
                )
                % {
                    "old": self.version.label,
                    "state": self.version.get_state_display(),
                    "new": saved.label,
                },
            )
        else:
            messages.success(self.request, _("Saved."))
        return redirect("reports:version", saved.pk)


class VersionPreviewView(VersionMixin, TemplateView):
    """The version's Form SD and CMR as HTML, from its stored inputs, profile and texts:
    what the committee approves, whatever the campaign's rows say today."""

    template_name = "reports/version_preview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version = self.version
        report = campaign_report(inputs_from_json(version.inputs), version.as_of)
        profile = profile_from_json(version.profile)
        document = cmr_html(
            report,
            profile,
            sections_build(report, profile, version.texts),
            version_label=version.label,
            status_label=version.get_state_display(),
        )
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=version.campaign,
            section="versions",
            version=version,
            # cmr_html escapes every text it writes (quotes included).
            document=mark_safe(document),
        )
        return context


class VersionFileView(VersionMixin, View):
    """A document stored with the version, as an attachment."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
        stored = get_object_or_404(self.version.files, pk=file_pk)
        return stored_file_response(stored, f"{self.version.label}_{stored.stage}")
