"""The supplier portal: what a supplier user sees of their own organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from suppliers.selectors import supplier_id_of, suppliers_visible_to


@login_required
def portal_home(request: HttpRequest) -> HttpResponse:
    if supplier_id_of(request.user) is None:
        raise Http404  # the portal is for supplier users only
    supplier = suppliers_visible_to(request.user).prefetch_related("contacts").get()
    contacts = [c for c in supplier.contacts.all() if c.is_active]
    return render(
        request, "suppliers/portal_home.html", {"supplier": supplier, "contacts": contacts}
    )
