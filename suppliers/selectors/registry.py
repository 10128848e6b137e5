"""Read-side queries of the supplier registry, and the one permission filter.

Every view that shows supplier data starts from ``suppliers_visible_to(user)``: staff
roles see the registry, a supplier user sees only their own organisation, anyone else
sees nothing. Later apps build their own filters on ``supplier_id_of(user)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from suppliers.models import Contact, Supplier, SupplierMembership, Tag
from suppliers.roles import Role

AnyUser = AbstractBaseUser | AnonymousUser
# Per-request answers kept on the user object (see supplier_id_of).
SUPPLIER_ID_CACHE = "_cached_supplier_id"
PORTAL_SUPPLIER_CACHE = "_cached_portal_supplier"


def roles_of(user: AnyUser) -> frozenset[Role]:
    """The roles a user holds (cached on the user object for the request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cached_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._cached_roles = cached
    return cached


def supplier_id_of(user: AnyUser) -> int | None:
    """The organisation of a supplier user, or None for everybody else.

    Cached on the user object, like ``roles_of``: one portal page asks this through several
    selectors, and the query each time was most of the page's queries (bench/load.py). The
    user object lives for one request; saving or deleting a membership forgets it
    (``user_caches_forget``)."""
    if not user.is_authenticated:
        return None
    try:
        return user.__dict__[SUPPLIER_ID_CACHE]
    except KeyError:
        pass
    membership = SupplierMembership.objects.filter(user=user).values_list("supplier_id", flat=True)
    supplier_id = membership.first()
    user.__dict__[SUPPLIER_ID_CACHE] = supplier_id
    return supplier_id


def user_caches_forget(sender: object, instance: object, **kwargs: object) -> None:
    """post_save / post_delete receiver (suppliers.apps): a membership or a user changed, so
    the answers cached on that user object (its organisation, its portal access) go."""
    user = instance
    if isinstance(instance, SupplierMembership):
        # The user object the membership was saved with, if it holds one: the same object
        # the caller keeps using (SupplierMembership.objects.create(user=user, ...)).
        user = instance._state.fields_cache.get("user")
    if user is not None:
        user.__dict__.pop(SUPPLIER_ID_CACHE, None)
        user.__dict__.pop(PORTAL_SUPPLIER_CACHE, None)


def is_supplier_user(user: AnyUser) -> bool:
    return supplier_id_of(user) is not None


def suppliers_visible_to(user: AnyUser) -> QuerySet[Supplier]:
    if not user.is_authenticated or not user.is_active:
        return Supplier.objects.none()
    own_supplier = supplier_id_of(user)
    if own_supplier is not None:
        return Supplier.objects.filter(pk=own_supplier)
    if user.has_perm("suppliers.view_supplier"):
        return Supplier.objects.all()
    return Supplier.objects.none()


def contacts_visible_to(user: AnyUser) -> QuerySet[Contact]:
    return Contact.objects.filter(supplier__in=suppliers_visible_to(user))


@dataclass(frozen=True)
class SupplierFilter:
    """What the registry list was asked for (all optional)."""

    query: str = ""
    status: str = ""
    country: str = ""
    tag_id: int | None = None


def supplier_list(user: AnyUser, filters: SupplierFilter) -> QuerySet[Supplier]:
    """Suppliers the user may see, filtered and annotated for the registry table."""
    suppliers = suppliers_visible_to(user)
    if filters.query:
        term = filters.query
        suppliers = suppliers.filter(
            Q(name__icontains=term)
            | Q(vendor_number__icontains=term)
            | Q(duns_number__icontains=term)
            | Q(lei__icontains=term)
            | Q(contacts__email__icontains=term)
            | Q(contacts__name__icontains=term)
        ).distinct()
    if filters.status:
        suppliers = suppliers.filter(status=filters.status)
    if filters.country:
        suppliers = suppliers.filter(country=filters.country)
    if filters.tag_id:
        suppliers = suppliers.filter(tags__id=filters.tag_id)
    return (
        suppliers.annotate(
            active_contact_count=Count(
                "contacts", filter=Q(contacts__is_active=True), distinct=True
            )
        )
        .order_by("name")
        .prefetch_related(
            "tags",
            Prefetch("contacts", Contact.objects.filter(is_primary=True), "primary_contacts"),
        )
    )


def contact_list(user: AnyUser, *, query: str = "", active: str = "") -> QuerySet[Contact]:
    contacts = contacts_visible_to(user).select_related("supplier")
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(role__icontains=query)
            | Q(supplier__name__icontains=query)
        )
    if active in {"yes", "no"}:
        contacts = contacts.filter(is_active=active == "yes")
    return contacts.order_by("supplier__name", "-is_primary", "name")


def supplier_countries() -> list[str]:
    """Country codes that occur in the registry, for the list filter."""
    return list(
        Supplier.objects.exclude(country="")
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )


def tag_list() -> QuerySet[Tag]:
    return Tag.objects.all()


def registry_counts() -> dict[str, int]:
    """Figures for the home page."""
    totals = Supplier.objects.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(status=Supplier.Status.ACTIVE)),
        inactive=Count("id", filter=Q(status=Supplier.Status.INACTIVE)),
    )
    totals["without_contact"] = (
        Supplier.objects.filter(status=Supplier.Status.ACTIVE)
        .exclude(contacts__is_active=True)
        .count()
    )
    totals["portal_users"] = SupplierMembership.objects.filter(user__is_active=True).count()
    return totals
