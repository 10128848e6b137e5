"""Import (upload, preview, confirm) and export of the supplier registry."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from suppliers.forms import RegistryImportForm
from suppliers.selectors import contacts_visible_to, suppliers_visible_to
from suppliers.services.transfer import (
    ExportFormat,
    ImportReport,
    PendingImportError,
    RegistryKind,
    column_names,
    pending_import_discard,
    pending_import_load,
    pending_import_store,
    registry_export,
    registry_import,
)
from suppliers.views.access import StaffPermissionRequired

_CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _summary(report: ImportReport) -> str:
    return _("%(new)d new, %(update)d updated, %(skip)d unchanged") % {
        "new": report.counts.get("new", 0),
        "update": report.counts.get("update", 0),
        "skip": report.counts.get("skip", 0),
    }


class RegistryImportView(StaffPermissionRequired, View):
    """GET: the upload form. POST: store the file and show the dry-run preview."""

    permission_required = "suppliers.import_registry"
    template_name = "suppliers/import.html"

    def _render(
        self, request: HttpRequest, form: RegistryImportForm, **extra: object
    ) -> HttpResponse:
        context = {
            "form": form,
            "columns": {kind.value: column_names(kind) for kind in RegistryKind},
            **extra,
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, RegistryImportForm(initial={"kind": request.GET.get("kind")}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RegistryImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form)
        kind = RegistryKind(form.cleaned_data["kind"])
        content = form.cleaned_data["file"].read()
        report = registry_import(kind, content, by=request.user, commit=False)
        token = pending_import_store(kind, content, by=request.user) if report.ok else ""
        return self._render(
            request,
            form,
            report=report,
            token=token,
            summary=_summary(report),
            filename=form.cleaned_data["file"].name,
        )


class RegistryImportConfirmView(StaffPermissionRequired, View):
    """POST token: import the previewed file for real (all rows or none)."""

    permission_required = "suppliers.import_registry"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            kind, content, path = pending_import_load(
                request.POST.get("token", ""), by=request.user
            )
        except PendingImportError as exc:
            messages.error(request, str(exc))
            return redirect("suppliers:import")
        report = registry_import(kind, content, by=request.user, commit=True)
        if not report.committed:
            # Something changed since the preview (another user's edit): nothing was saved.
            return render(
                request,
                RegistryImportView.template_name,
                {
                    "form": RegistryImportForm(initial={"kind": kind.value}),
                    "columns": {k.value: column_names(k) for k in RegistryKind},
                    "report": report,
                    "summary": _summary(report),
                },
            )
        pending_import_discard(path)
        messages.success(
            request, _("Import finished: %(summary)s.") % {"summary": _summary(report)}
        )
        return redirect(
            "suppliers:list" if kind is RegistryKind.SUPPLIERS else "suppliers:contacts"
        )


class RegistryExportView(StaffPermissionRequired, View):
    """GET kind=suppliers|contacts & format=csv|xlsx: download the registry."""

    permission_required = "suppliers.export_registry"

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            kind = RegistryKind(request.GET.get("kind", RegistryKind.SUPPLIERS))
            fmt = ExportFormat(request.GET.get("format", ExportFormat.XLSX))
        except ValueError:
            messages.error(request, _("Choose suppliers or contacts, as CSV or XLSX."))
            return redirect("suppliers:list")
        if kind is RegistryKind.SUPPLIERS:
            queryset = suppliers_visible_to(request.user).prefetch_related("tags").order_by("name")
        else:
            queryset = (
                contacts_visible_to(request.user)
                .select_related("supplier")
                .order_by("supplier__name", "name")
            )
        body = registry_export(kind, queryset, fmt)
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(body, content_type=_CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{kind.value}-{stamp}.{fmt.value}"'
        return response
