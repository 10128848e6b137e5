"""Small builders for test rows. Plain functions: the registry has few models."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from suppliers.models import Contact, Supplier, SupplierMembership
from suppliers.roles import Role
from suppliers.services.registry import user_set_roles

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


def make_supplier(name: str | None = None, **fields: Any) -> Supplier:
    number = next(_numbers)
    fields.setdefault("country", "DE")
    return Supplier.objects.create(name=name or f"Supplier {number}", **fields)


def make_contact(supplier: Supplier, name: str = "Pat Example", **fields: Any) -> Contact:
    number = next(_numbers)
    fields.setdefault("email", f"contact{number}@example.com")
    return Contact.objects.create(supplier=supplier, name=name, **fields)


def make_user(
    username: str,
    role: Role | None = None,
    *,
    supplier: Supplier | None = None,
    staff: bool = False,
) -> AbstractUser:
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD, is_staff=staff
    )
    if role is not None:
        user_set_roles(user, [role])
    if supplier is not None:
        SupplierMembership.objects.create(user=user, supplier=supplier)
    return user
