"""Access rules shared by the supplier views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from suppliers.selectors import is_supplier_user


class StaffPermissionRequired(LoginRequiredMixin):
    """Login, then the named permission. Supplier users get 404, not 403: staff pages
    are none of their business, and a 404 does not confirm that a URL exists."""

    permission_required: str = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if is_supplier_user(request.user):
            raise Http404
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
