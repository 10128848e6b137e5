"""The three roles of the app and what each may do. Pure data: no ORM here.

A role is a Django group; its permissions are (re)applied after every migrate by
``suppliers.services.registry.roles_sync`` so a fresh database and an old one agree.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    COMPLIANCE = "Compliance"
    COMMITTEE = "Disclosure committee"
    SUPPLIER = "Supplier user"


# app_label.codename for each role. Supplier users get no model permissions: what they
# see is decided by their membership (suppliers.selectors), never by a global permission.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.COMPLIANCE: (
        "suppliers.view_supplier",
        "suppliers.add_supplier",
        "suppliers.change_supplier",
        "suppliers.view_contact",
        "suppliers.add_contact",
        "suppliers.change_contact",
        "suppliers.view_tag",
        "suppliers.add_tag",
        "suppliers.change_tag",
        "suppliers.import_registry",
        "suppliers.export_registry",
        "suppliers.invite_supplier_user",
        "suppliers.view_supplieralias",
        "suppliers.add_supplieralias",
        "suppliers.view_campaign",
        "suppliers.add_campaign",
        "suppliers.change_campaign",
        "suppliers.view_campaignrequest",
        "suppliers.add_campaignrequest",
        "suppliers.change_campaignrequest",
        "suppliers.view_clarification",
        "suppliers.add_clarification",
        "suppliers.change_clarification",
        "suppliers.view_findingreview",
        "suppliers.add_findingreview",
        "suppliers.change_findingreview",
        "cmrt.view_submission",
        "cmrt.add_submission",
        "cmrt.change_submission",
        "cmrt.view_bulkimport",
        "cmrt.add_bulkimport",
        "cmrt.view_referenceimport",
        "cmrt.add_referenceimport",
        "cmrt.view_referencesmelter",
        "cmrt.view_rmapsnapshot",
        "cmrt.view_smelternamedecision",
        "cmrt.add_smelternamedecision",
        "cmrt.change_smelternamedecision",
    ),
    Role.COMMITTEE: (
        "suppliers.view_supplier",
        "suppliers.view_contact",
        "suppliers.view_tag",
        "suppliers.export_registry",
        "suppliers.view_campaign",
        "suppliers.view_campaignrequest",
        "suppliers.view_clarification",
        "suppliers.view_findingreview",
        "cmrt.view_submission",
        "cmrt.view_bulkimport",
        "cmrt.view_referenceimport",
        "cmrt.view_referencesmelter",
        "cmrt.view_rmapsnapshot",
        "cmrt.view_smelternamedecision",
    ),
    Role.SUPPLIER: (),
}
