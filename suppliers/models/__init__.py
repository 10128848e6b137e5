"""The suppliers app's tables: the registry (suppliers, contacts, tags, memberships,
aliases) and campaigns (requests to suppliers, their history, clarifications)."""

from suppliers.models.campaigns import (
    Campaign,
    CampaignRequest,
    Clarification,
    FindingReview,
    RequestEvent,
    UserPreference,
)
from suppliers.models.registry import (
    Audited,
    Contact,
    Supplier,
    SupplierAlias,
    SupplierMembership,
    Tag,
    duns_validator,
    lei_validator,
    normalise_duns,
    normalise_lei,
    phone_validator,
)

__all__ = [
    "Audited",
    "Campaign",
    "CampaignRequest",
    "Clarification",
    "Contact",
    "FindingReview",
    "RequestEvent",
    "Supplier",
    "SupplierAlias",
    "SupplierMembership",
    "Tag",
    "UserPreference",
    "duns_validator",
    "lei_validator",
    "normalise_duns",
    "normalise_lei",
    "phone_validator",
]
