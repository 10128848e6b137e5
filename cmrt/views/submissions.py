"""Submission pages: list, compliance upload, the submission page with its progress,
the JSON status it polls, download of the original file, and a rerun.

Detail, status and download start from ``submissions_visible_to``: a supplier user reaches
only their own organisation's submissions, and everything else is a 404 (never a 403), so
a URL does not confirm that a submission exists.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from cmrt.forms_submissions import SubmissionFilterForm, SubmissionUploadForm
from cmrt.models import Submission
from cmrt.selectors.submissions import (
    SubmissionFilter,
    submission_list,
    submission_page,
    submission_status,
    submission_versions,
    submissions_visible_to,
)
from cmrt.services.ingestion import UploadRejected, submission_receive, submission_requeue
from config.audit.services import record_download
from suppliers.selectors import is_supplier_user, suppliers_visible_to
from suppliers.views.access import StaffPermissionRequired
from suppliers.views.registry import FilteredListMixin

# By the stored name's extension; anything else is served as opaque bytes.
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".xls": "application/vnd.ms-excel",
}


class SubmissionListView(StaffPermissionRequired, FilteredListMixin, ListView):
    permission_required = "cmrt.view_submission"
    template_name = "cmrt/submissions/list.html"
    context_object_name = "submissions"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Submission]:
        user = self.request.user
        self.filter_form = SubmissionFilterForm(
            self.request.GET or None,
            suppliers=suppliers_visible_to(user),
            versions=submission_versions(user),
        )
        filters = SubmissionFilter()
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            filters = SubmissionFilter(
                supplier_id=data["supplier"].pk if data["supplier"] else None,
                status=data["status"],
                template_version=data["version"],
                has_errors=self.filter_form.has_errors_value,
            )
        return submission_list(user, filters)


class SubmissionUploadView(StaffPermissionRequired, FormView):
    """Compliance uploads a CMRT on behalf of a supplier."""

    permission_required = "cmrt.add_submission"
    template_name = "cmrt/submissions/upload.html"
    form_class = SubmissionUploadForm

    def get_initial(self) -> dict[str, Any]:
        # ?supplier=<id> from a supplier's page preselects it; a bad value is just ignored.
        supplier = self.request.GET.get("supplier", "")
        return {"supplier": supplier} if supplier.isdigit() else {}

    def form_valid(self, form: SubmissionUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        try:
            received = submission_receive(
                content=upload.read(),
                filename=upload.name,
                supplier=form.cleaned_data["supplier"],
                by=self.request.user,
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        submission = received.submission
        if received.duplicate:
            # Shown on the form (not as a message) so the link to the earlier one stays.
            return self.render_to_response(self.get_context_data(form=form, duplicate=submission))
        messages.success(
            self.request,
            _("Received “%(name)s”. It is being checked; this page shows how far it got.")
            % {"name": submission.original_name},
        )
        return redirect("cmrt:submission_detail", pk=submission.pk)


class SubmissionAccess(LoginRequiredMixin):
    """Sign-in, then the submission from the one permission filter, or 404."""

    request: HttpRequest

    def submission(self, pk: int) -> Submission:
        visible = submissions_visible_to(self.request.user).select_related(
            "supplier", "uploaded_by"
        )
        return get_object_or_404(visible, pk=pk)


class SubmissionDetailView(SubmissionAccess, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self.submission(pk)
        context: dict[str, Any] = {
            "submission": submission,
            "is_supplier_view": is_supplier_user(request.user),
        }
        if submission.is_finished:
            context["page"] = submission_page(submission)
        return render(request, "cmrt/submissions/detail.html", context)


class SubmissionStatusView(SubmissionAccess, View):
    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        response = JsonResponse(submission_status(self.submission(pk)))
        response["Cache-Control"] = "no-store"  # a cached answer would freeze the bar
        return response


class SubmissionDownloadView(SubmissionAccess, View):
    """The original bytes, always as an attachment: an uploaded workbook is never
    rendered by the browser."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        submission = self.submission(pk)
        try:
            stored = submission.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        record_download(
            request, submission, filename=submission.original_name, sha256=submission.sha256
        )
        suffix = PurePath(submission.original_name).suffix.lower()
        response = FileResponse(
            stored,
            as_attachment=True,
            filename=submission.original_name,
            content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class SubmissionRerunView(StaffPermissionRequired, View):
    permission_required = "cmrt.change_submission"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = get_object_or_404(submissions_visible_to(request.user), pk=pk)
        submission_requeue(submission)
        messages.success(
            request,
            _("“%(name)s” is queued to be checked again.") % {"name": submission.original_name},
        )
        return redirect(reverse("cmrt:submission_detail", args=[submission.pk]))
