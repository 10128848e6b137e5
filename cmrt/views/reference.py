"""Reference data pages: imports and snapshots, upload → preview → confirm, smelters.

Compliance imports (``cmrt.add_referenceimport``); compliance and the disclosure
committee view (``cmrt.view_referencesmelter``); supplier users get 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from cmrt.models import METAL_CHOICES, RmapSnapshot, RmapStatus
from cmrt.selectors.reference import (
    reference_counts,
    reference_imports,
    reference_smelter_get,
    reference_smelters_search,
    rmap_snapshot_on,
    rmap_snapshots,
    rmap_status_for,
    smelter_aliases,
    smelter_status_history,
)
from cmrt.services.reference import ReferenceFileError, ReferenceImportResult, reference_import
from cmrt.services.reference_pending import (
    PendingReferenceError,
    reference_pending_discard,
    reference_pending_load,
    reference_pending_store,
)
from suppliers.views.access import StaffPermissionRequired

IMPORT_PERMISSION = "cmrt.add_referenceimport"
VIEW_PERMISSION = "cmrt.view_referencesmelter"


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Reference file (.xlsx, .xls or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.csv,text/csv"}),
    )
    as_of = forms.DateField(
        label=gettext_lazy("Valid from (optional)"),
        required=False,
        help_text=gettext_lazy(
            "For status lists: the day the list describes. Empty: the date the file states, "
            "else today."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_BYTES),
                }
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class ReferenceHomeView(StaffPermissionRequired, View):
    permission_required = VIEW_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "cmrt/reference/home.html",
            {
                "counts": reference_counts(),
                "imports": reference_imports()[:50],
                "snapshots": rmap_snapshots(),
                "current": rmap_snapshot_on(timezone.localdate()),
            },
        )


class ReferenceImportView(StaffPermissionRequired, View):
    """GET: the upload form. POST: store the upload and show what importing it would do."""

    permission_required = IMPORT_PERMISSION
    template_name = "cmrt/reference/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ReferenceUploadForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReferenceUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["file"]
        as_of = form.cleaned_data["as_of"]
        content = upload.read()
        try:
            result = reference_import(
                content, upload.name, as_of=as_of, by=request.user, commit=False
            )
        except ReferenceFileError as exc:
            context = {"form": form, "error": str(exc), "error_rows": exc.problems}
            return render(request, self.template_name, context)
        token = ""
        if not result.already_imported:
            token = reference_pending_store(content, upload.name, as_of=as_of, by=request.user)
        context = {"form": form, "result": result, "token": token, "filename": upload.name}
        return render(request, self.template_name, context)


class ReferenceConfirmView(StaffPermissionRequired, View):
    permission_required = IMPORT_PERMISSION
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            content, name, as_of, path = reference_pending_load(
                request.POST.get("token", ""), by=request.user
            )
        except PendingReferenceError as exc:
            messages.error(request, str(exc))
            return redirect("cmrt:reference_import")
        try:
            result = reference_import(content, name, as_of=as_of, by=request.user, commit=True)
        except ReferenceFileError as exc:
            messages.error(request, str(exc))
            return redirect("cmrt:reference_import")
        reference_pending_discard(path)
        messages.success(request, _summary(result))
        return redirect("cmrt:reference_home")


def _summary(result: ReferenceImportResult) -> str:
    if result.already_imported:
        return result.notes[0]
    return _(
        "Imported %(source)s: %(created)d created, %(updated)d updated, %(unchanged)d "
        "unchanged, %(removed)d removed."
    ) % {
        "source": result.source_label,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "removed": result.removed,
    }


class ReferenceSmelterListView(StaffPermissionRequired, View):
    """Smelters by CID or name, metal and status in a chosen snapshot (default: the one
    in force today)."""

    permission_required = VIEW_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        snapshots = list(RmapSnapshot.objects.order_by("-as_of", "-created_at"))
        chosen = request.GET.get("snapshot", "")
        snapshot = next((s for s in snapshots if str(s.pk) == chosen), None)
        if snapshot is None and not chosen:
            snapshot = rmap_snapshot_on(timezone.localdate())
        query = request.GET.get("q", "")
        metal = request.GET.get("metal", "")
        status = request.GET.get("status", "")
        smelters = reference_smelters_search(
            query=query, metal=metal, status=status, snapshot=snapshot
        )
        page = Paginator(smelters, 50).get_page(request.GET.get("page"))
        statuses = rmap_status_for(snapshot, [s.cid for s in page.object_list])
        rows = [(smelter, statuses.get(smelter.cid)) for smelter in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "cmrt/reference/smelters.html",
            {
                "rows": rows,
                "page_obj": page,
                "snapshots": snapshots,
                "snapshot": snapshot,
                "q": query,
                "metal": metal,
                "status": status,
                "metals": METAL_CHOICES,
                "status_choices": RmapStatus.Canonical.choices,
                "filter_query": params.urlencode(),
            },
        )


class ReferenceSmelterDetailView(StaffPermissionRequired, View):
    permission_required = VIEW_PERMISSION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        smelter = reference_smelter_get(pk)
        if smelter is None:
            raise Http404
        return render(
            request,
            "cmrt/reference/smelter.html",
            {
                "smelter": smelter,
                "aliases": smelter_aliases(smelter),
                "history": smelter_status_history(smelter),
            },
        )
