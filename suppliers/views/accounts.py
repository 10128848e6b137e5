"""Account pages beyond Django's own: supplier-user activation from an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from suppliers.services.accounts import supplier_user_activate, supplier_user_for_invitation


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def activate(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password and open the account the invitation created."""
    user, problem = supplier_user_for_invitation(token)
    if user is None:
        return render(
            request, "registration/activate_invalid.html", {"problem": problem}, status=400
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        supplier_user_activate(user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is active."))
        return redirect("portal:home")
    return render(
        request,
        "registration/activate.html",
        {"form": form, "invited_user": user, "supplier": user.supplier_membership.supplier},
    )
