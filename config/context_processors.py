from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from suppliers.roles import Role
from suppliers.selectors import roles_of


def app(request: HttpRequest) -> dict[str, object]:
    """App version for the footer and the viewer's roles for role-based navigation."""
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else frozenset()
    return {
        "APP_VERSION": settings.APP_VERSION,
        "is_compliance": Role.COMPLIANCE in roles,
        "is_committee": Role.COMMITTEE in roles,
        "is_supplier_user": Role.SUPPLIER in roles,
    }
