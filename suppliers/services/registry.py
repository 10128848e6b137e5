"""Write-side operations of the supplier registry: roles, suppliers, tags, contacts.

Each service validates (``full_clean``) before saving and records who acted, so views,
forms, the admin, imports and the demo command all go through the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction
from django.utils import timezone

from suppliers.models import Contact, Supplier, Tag
from suppliers.roles import ROLE_PERMISSIONS, Role

User = get_user_model()


# ROLES --------------------------------------------------------------------------------


def roles_sync(*, strict: bool = True) -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    ``strict``: every listed permission must exist (False while migrate is still creating
    the permissions of later apps: the missing ones are left for the next sync)."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is None:
                if strict:
                    raise Permission.DoesNotExist(f"no permission {code} for the role {role}")
                continue
            permissions.append(found)
        group.permissions.set(permissions)


def user_set_roles(user: AbstractUser, roles: Iterable[Role]) -> None:
    wanted = {role.value for role in roles}
    user.groups.set(Group.objects.filter(name__in=wanted))
    user.__dict__.pop("_cached_roles", None)


# SUPPLIERS ----------------------------------------------------------------------------


def supplier_save(
    supplier: Supplier, *, by: AbstractUser | None, tags: Iterable[Tag] | None = None
) -> Supplier:
    """Create or update a supplier (already filled in by a form or an import)."""
    if supplier.pk is None:
        supplier.created_by = by
    supplier.updated_by = by
    supplier.full_clean()
    with transaction.atomic():
        supplier.save()
        if tags is not None:
            supplier.tags.set(tags)
    return supplier


def supplier_set_status(supplier: Supplier, *, status: str, by: AbstractUser | None) -> Supplier:
    """Deactivate or reactivate. Suppliers are never deleted: their history stays."""
    supplier.status = Supplier.Status(status)
    return supplier_save(supplier, by=by)


def tags_get_or_create(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in {n.strip() for n in names if n.strip()}:
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    return sorted(tags, key=lambda tag: tag.name.lower())


# CONTACTS -----------------------------------------------------------------------------


def contact_save(contact: Contact, *, by: AbstractUser | None) -> Contact:
    """Create or update a contact; making one primary demotes the supplier's other one."""
    contact.email = contact.email.strip()
    if contact.pk is None:
        contact.created_by = by
    contact.updated_by = by
    if not contact.is_active:
        contact.is_primary = False
    with transaction.atomic():
        if contact.is_primary:
            Contact.objects.filter(supplier_id=contact.supplier_id, is_primary=True).exclude(
                pk=contact.pk
            ).update(is_primary=False, updated_by=by, updated_at=timezone.now())
        contact.full_clean()
        contact.save()
    return contact


def contact_set_active(contact: Contact, *, active: bool, by: AbstractUser | None) -> Contact:
    contact.is_active = active
    contact_save(contact, by=by)
    if not active:
        # A contact who left must not keep portal access through their account.
        User.objects.filter(supplier_membership__contact=contact).update(is_active=False)
    return contact
