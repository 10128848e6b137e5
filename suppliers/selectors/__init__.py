"""Read-side queries of the suppliers app, one module per area. ``suppliers_visible_to``
and ``supplier_id_of`` are the permission filters every supplier-facing view starts from."""

from suppliers.selectors.registry import (
    AnyUser,
    SupplierFilter,
    contact_list,
    contacts_visible_to,
    is_supplier_user,
    registry_counts,
    roles_of,
    supplier_countries,
    supplier_id_of,
    supplier_list,
    suppliers_visible_to,
    tag_list,
)

__all__ = [
    "AnyUser",
    "SupplierFilter",
    "contact_list",
    "contacts_visible_to",
    "is_supplier_user",
    "registry_counts",
    "roles_of",
    "supplier_countries",
    "supplier_id_of",
    "supplier_list",
    "suppliers_visible_to",
    "tag_list",
]
