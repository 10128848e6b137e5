from django.urls import path

from suppliers.views import registry, transfer

app_name = "suppliers"

urlpatterns = [
    path("", registry.SupplierListView.as_view(), name="list"),
    path("new/", registry.SupplierCreateView.as_view(), name="create"),
    path("<int:pk>/", registry.SupplierDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", registry.SupplierUpdateView.as_view(), name="edit"),
    path("<int:pk>/status/", registry.SupplierStatusView.as_view(), name="status"),
    path(
        "<int:supplier_pk>/contacts/new/",
        registry.ContactCreateView.as_view(),
        name="contact-create",
    ),
    path("contacts/", registry.ContactListView.as_view(), name="contacts"),
    path("contacts/<int:pk>/edit/", registry.ContactUpdateView.as_view(), name="contact-edit"),
    path("contacts/<int:pk>/active/", registry.ContactActiveView.as_view(), name="contact-active"),
    path("contacts/<int:pk>/invite/", registry.ContactInviteView.as_view(), name="contact-invite"),
    path("import/", transfer.RegistryImportView.as_view(), name="import"),
    path("import/confirm/", transfer.RegistryImportConfirmView.as_view(), name="import-confirm"),
    path("export/", transfer.RegistryExportView.as_view(), name="export"),
]
