"""Bulk import pages: the job list, the upload, a job's progress and per-file results
(page, JSON for polling, CSV/XLSX export) and the "assign supplier" queue."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView

from cmrt.forms_bulk import BulkAssignForm, BulkImportForm
from cmrt.models import BulkImport
from cmrt.selectors.bulk import (
    EXPORT_KEYS,
    bulk_imports,
    bulk_progress,
    bulk_rows,
    bulk_waiting_items,
)
from cmrt.services.bulk import (
    BulkAssignError,
    BulkRejected,
    bulk_item_assign,
    bulk_settle,
    bulk_start,
)
from config.cells import row_safe
from suppliers.models import Supplier
from suppliers.views.access import StaffPermissionRequired

VIEW = "cmrt.view_bulkimport"
ADD = "cmrt.add_bulkimport"
REFRESH_SECONDS = 3  # the detail page reloads itself (no JavaScript) while the job runs
ASSIGN_PAGE_ITEMS = 50
_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class BulkListView(StaffPermissionRequired, ListView):
    permission_required = VIEW
    template_name = "cmrt/bulk/list.html"
    context_object_name = "jobs"
    paginate_by = 25

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return bulk_imports()

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return super().get_context_data(waiting=bulk_waiting_items().count(), **kwargs)


class BulkNewView(StaffPermissionRequired, View):
    permission_required = ADD
    template_name = "cmrt/bulk/new.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": BulkImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BulkImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        files = [(upload.name or "upload", upload.read()) for upload in form.cleaned_data["files"]]
        try:
            bulk = bulk_start(files=files, by=request.user, supplier=form.cleaned_data["supplier"])
        except BulkRejected as exc:
            form.add_error("files", str(exc))
            return render(request, self.template_name, {"form": form})
        messages.success(
            request,
            _("%(name)s is stored; its files are being imported.") % {"name": bulk.original_name},
        )
        return redirect("cmrt:bulk_detail", pk=bulk.pk)


class BulkDetailView(StaffPermissionRequired, View):
    permission_required = VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulk = get_object_or_404(BulkImport, pk=pk)
        if bulk.status == BulkImport.Status.RUNNING:
            bulk_settle(bulk)
            bulk.refresh_from_db()
        rows = bulk_rows(bulk)
        progress = bulk_progress(bulk)
        response = render(
            request,
            "cmrt/bulk/detail.html",
            {
                "bulk": bulk,
                "progress": progress,
                "rows": rows,
                "refresh": REFRESH_SECONDS if progress.active else None,
                "can_assign": request.user.has_perm(ADD),
            },
        )
        if progress.active:
            # The HTTP form of <meta http-equiv="refresh">: base.html has no head block, and
            # every browser honours the header without JavaScript.
            response["Refresh"] = str(REFRESH_SECONDS)
        return response


class BulkStatusView(StaffPermissionRequired, View):
    permission_required = VIEW

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        bulk = get_object_or_404(BulkImport, pk=pk)
        if bulk.status == BulkImport.Status.RUNNING:
            bulk_settle(bulk)
            bulk.refresh_from_db()
        return JsonResponse({"id": bulk.pk, **bulk_progress(bulk).as_json()})


class BulkExportView(StaffPermissionRequired, View):
    """GET ?format=csv|xlsx: the per-file result table."""

    permission_required = VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        bulk = get_object_or_404(BulkImport, pk=pk)
        fmt = request.GET.get("format", "xlsx")
        if fmt not in _CONTENT_TYPES:
            messages.error(request, _("Choose CSV or XLSX."))
            return redirect("cmrt:bulk_detail", pk=bulk.pk)
        dataset = tablib.Dataset(headers=list(EXPORT_KEYS), title=_("Files")[:31])
        for row in bulk_rows(bulk):
            dataset.append(row_safe("" if value is None else value for value in row.as_export()))
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(dataset.export(fmt), content_type=_CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="bulk-{bulk.pk}-{stamp}.{fmt}"'
        return response


class BulkAssignView(StaffPermissionRequired, View):
    """GET: the files waiting for a supplier, across jobs. POST item & supplier: assign."""

    permission_required = VIEW
    template_name = "cmrt/bulk/assign.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, BulkAssignForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(ADD):
            raise PermissionDenied
        form = BulkAssignForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("cmrt:bulk_assign")
        item, supplier = form.cleaned_data["item"], form.cleaned_data["supplier"]
        try:
            count = bulk_item_assign(item, supplier, by=request.user)
        except BulkAssignError as exc:
            messages.error(request, str(exc))
            return redirect("cmrt:bulk_assign")
        messages.success(
            request,
            ngettext(
                "%(path)s was assigned to %(supplier)s.",
                "%(path)s and %(others)d other files with the same company name were "
                "assigned to %(supplier)s.",
                count,
            )
            % {"path": item.path, "others": count - 1, "supplier": supplier.name},
        )
        return redirect("cmrt:bulk_assign")

    def _render(self, request: HttpRequest, form: BulkAssignForm) -> HttpResponse:
        waiting = bulk_waiting_items()
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "items": waiting[:ASSIGN_PAGE_ITEMS],
                "waiting": waiting.count(),
                "suppliers": Supplier.objects.order_by("name").only("pk", "name"),
                "can_assign": request.user.has_perm(ADD),
            },
        )
