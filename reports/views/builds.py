"""Report builds: compliance asks for the four documents of the campaign's data (or of a
version), a worker renders them, the build page shows the progress and then the files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from reports.models import ReportBuild, ReportFile
from reports.services_builds import build_request, build_rerun
from reports.views.common import FILE_LABELS, ReportMixin, stored_file_response
from suppliers.selectors.campaigns import campaigns_visible_to
from suppliers.views.access import StaffPermissionRequired

# Without JavaScript the build page reloads itself this often while the build runs.
REFRESH_SECONDS = 2


@dataclass(frozen=True)
class BuildRow:
    build: ReportBuild
    files: list[tuple[ReportFile, str]]  # (file, label)


def build_rows(builds: Iterable[ReportBuild]) -> list[BuildRow]:
    return [
        BuildRow(build, [(f, str(FILE_LABELS.get(f.name, f.name))) for f in build.files.all()])
        for build in builds
    ]


class BuildListView(ReportMixin, TemplateView):
    """The campaign's recent builds of its current data; POST starts one."""

    template_name = "reports/builds.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        builds = self.campaign.report_builds.filter(version=None).prefetch_related("files")
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            section="builds",
            builds=build_rows(builds[:20]),
            can_build=self.request.user.has_perm("suppliers.change_campaign"),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("suppliers.change_campaign"):
            raise PermissionDenied
        build = build_request(self.campaign, by=request.user)
        return redirect("reports:build", build.pk)


class BuildMixin(StaffPermissionRequired):
    permission_required = "suppliers.view_campaign"
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def build(self) -> ReportBuild:
        return get_object_or_404(
            ReportBuild.objects.select_related("campaign", "version", "requested_by").filter(
                campaign__in=campaigns_visible_to(self.request.user)
            ),
            pk=self.kwargs["pk"],
        )


class BuildDetailView(BuildMixin, TemplateView):
    """A build's progress (polled), then its documents; a failed build can be rerun."""

    template_name = "reports/build.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        build = self.build
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=build.campaign,
            section="versions" if build.version_id else "builds",
            build=build,
            files=build_rows([build])[0].files,
            refresh=None if build.finished else REFRESH_SECONDS,
            can_rerun=build.status == ReportBuild.Status.FAILED
            and self.request.user.has_perm("suppliers.change_campaign"),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("suppliers.change_campaign"):
            raise PermissionDenied
        build_rerun(self.build, by=request.user)
        return redirect("reports:build", self.build.pk)


class BuildStatusView(BuildMixin, View):
    """The build's progress as JSON, for the polling script (cmrt/progress.js)."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        build = self.build
        response = JsonResponse(
            {
                "id": build.pk,
                "status": build.status,
                "progress": build.progress,
                "stage_label": build.step or build.get_status_display(),
                "finished": build.finished,
            }
        )
        response["Cache-Control"] = "no-store"
        return response


class BuildFileView(BuildMixin, View):
    """A document of a build, as an attachment."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
        stored = get_object_or_404(self.build.files, pk=file_pk)
        label = self.build.version.label if self.build.version_id else "draft"
        return stored_file_response(stored, f"{self.build.campaign.reporting_year}_{label}")
