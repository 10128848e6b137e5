from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cmrt.selectors import worker_status
from suppliers.selectors import registry_counts, supplier_id_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Supplier users land in their portal; staff roles on the overview."""
    if supplier_id_of(request.user) is not None:
        return redirect("portal:home")
    counts = registry_counts() if request.user.has_perm("suppliers.view_supplier") else None
    return render(request, "home.html", {"counts": counts, "worker": worker_status()})
