"""Compliance pages of the supplier registry: list, detail, create, edit, (de)activate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View

from suppliers.forms import ContactFilterForm, ContactForm, SupplierFilterForm, SupplierForm
from suppliers.models import Contact, Supplier
from suppliers.selectors import (
    SupplierFilter,
    contact_list,
    contacts_visible_to,
    supplier_countries,
    supplier_list,
    suppliers_visible_to,
)
from suppliers.services.accounts import InvitationError, supplier_user_invite
from suppliers.services.registry import (
    contact_save,
    contact_set_active,
    supplier_save,
    supplier_set_status,
    tags_get_or_create,
)
from suppliers.views.access import StaffPermissionRequired


class FilteredListMixin:
    """Hands the filter form and the filter part of the query string to the template,
    so pagination links keep the filters."""

    filter_form: Any
    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, filter_query=query.urlencode())
        return context


class SupplierListView(StaffPermissionRequired, FilteredListMixin, ListView):
    permission_required = "suppliers.view_supplier"
    template_name = "suppliers/supplier_list.html"
    context_object_name = "suppliers"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Supplier]:
        self.filter_form = SupplierFilterForm(
            self.request.GET or None, country_codes=supplier_countries()
        )
        filters = SupplierFilter()
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            filters = SupplierFilter(
                query=data["q"].strip(),
                status=data["status"],
                country=data["country"],
                tag_id=data["tag"].pk if data["tag"] else None,
            )
        return supplier_list(self.request.user, filters)


class SupplierDetailView(StaffPermissionRequired, DetailView):
    permission_required = "suppliers.view_supplier"
    template_name = "suppliers/supplier_detail.html"
    context_object_name = "supplier"

    def get_queryset(self) -> QuerySet[Supplier]:
        return suppliers_visible_to(self.request.user).select_related("created_by", "updated_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["contacts"] = self.object.contacts.select_related("updated_by").prefetch_related(
            "memberships__user"
        )
        context["portal_users"] = self.object.memberships.select_related("user", "contact")
        return context


class SupplierFormMixin:
    form_class = SupplierForm
    template_name = "suppliers/supplier_form.html"
    request: HttpRequest

    def form_valid(self, form: SupplierForm) -> HttpResponse:
        supplier = form.save(commit=False)
        tags = list(form.cleaned_data["tags"]) + tags_get_or_create(form.new_tag_names())
        try:
            supplier_save(supplier, by=self.request.user, tags=tags)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, _("Saved supplier “%(name)s”.") % {"name": supplier.name})
        return redirect(supplier)


class SupplierCreateView(StaffPermissionRequired, SupplierFormMixin, CreateView):
    permission_required = "suppliers.add_supplier"


class SupplierUpdateView(StaffPermissionRequired, SupplierFormMixin, UpdateView):
    permission_required = "suppliers.change_supplier"

    def get_queryset(self) -> QuerySet[Supplier]:
        return suppliers_visible_to(self.request.user)


class SupplierStatusView(StaffPermissionRequired, View):
    """POST status=active|inactive: deactivate or reactivate a supplier."""

    permission_required = "suppliers.change_supplier"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        supplier = get_object_or_404(suppliers_visible_to(request.user), pk=pk)
        status = request.POST.get("status", "")
        if status not in Supplier.Status.values:
            messages.error(request, _("Unknown status “%(status)s”.") % {"status": status})
            return redirect(supplier)
        supplier_set_status(supplier, status=status, by=request.user)
        if supplier.is_active:
            messages.success(request, _("“%(name)s” is active again.") % {"name": supplier.name})
        else:
            messages.success(
                request,
                _("“%(name)s” is now inactive; its history is kept.") % {"name": supplier.name},
            )
        return redirect(supplier)


class ContactListView(StaffPermissionRequired, FilteredListMixin, ListView):
    permission_required = "suppliers.view_contact"
    template_name = "suppliers/contact_list.html"
    context_object_name = "contacts"
    paginate_by = 100

    def get_queryset(self) -> QuerySet[Contact]:
        self.filter_form = ContactFilterForm(self.request.GET or None)
        query, active = "", ""
        if self.filter_form.is_valid():
            query = self.filter_form.cleaned_data["q"].strip()
            active = self.filter_form.cleaned_data["active"]
        return contact_list(self.request.user, query=query, active=active)


class ContactFormMixin:
    form_class = ContactForm
    template_name = "suppliers/contact_form.html"
    request: HttpRequest
    supplier: Supplier

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["supplier"] = self.supplier
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["supplier"] = self.supplier
        return context

    def form_valid(self, form: ContactForm) -> HttpResponse:
        contact = form.save(commit=False)
        try:
            contact_save(contact, by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, _("Saved contact %(contact)s.") % {"contact": contact})
        return redirect(self.supplier)


class ContactCreateView(StaffPermissionRequired, ContactFormMixin, CreateView):
    permission_required = "suppliers.add_contact"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.supplier = get_object_or_404(
                suppliers_visible_to(request.user), pk=kwargs["supplier_pk"]
            )
        return super().dispatch(request, *args, **kwargs)


class ContactUpdateView(StaffPermissionRequired, ContactFormMixin, UpdateView):
    permission_required = "suppliers.change_contact"

    def get_queryset(self) -> QuerySet[Contact]:
        return contacts_visible_to(self.request.user).select_related("supplier")

    def get_object(self, queryset: QuerySet[Contact] | None = None) -> Contact:
        contact = super().get_object(queryset)
        self.supplier = contact.supplier
        return contact


class ContactActiveView(StaffPermissionRequired, View):
    """POST active=yes|no: deactivate (also closes their portal account) or reactivate."""

    permission_required = "suppliers.change_contact"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contact = get_object_or_404(
            contacts_visible_to(request.user).select_related("supplier"), pk=pk
        )
        active = request.POST.get("active") == "yes"
        contact_set_active(contact, active=active, by=request.user)
        if active:
            messages.success(request, _("%(contact)s is active again.") % {"contact": contact})
        else:
            messages.success(request, _("%(contact)s is now inactive.") % {"contact": contact})
        return redirect(contact.supplier)


class ContactInviteView(StaffPermissionRequired, View):
    """POST: e-mail the contact a link to activate their supplier-portal account."""

    permission_required = "suppliers.invite_supplier_user"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        contact = get_object_or_404(
            contacts_visible_to(request.user).select_related("supplier"), pk=pk
        )
        try:
            supplier_user_invite(contact, by=request.user)
        except InvitationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": contact.email})
        return redirect(contact.supplier)
