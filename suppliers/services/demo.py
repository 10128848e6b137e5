"""Load the demo data set (idempotent: running it twice changes nothing new)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from suppliers.demo import DEMO_SUPPLIERS, DEMO_USERS, DemoSupplier, demo_email
from suppliers.models import Contact, Supplier, SupplierMembership
from suppliers.roles import Role
from suppliers.services.registry import roles_sync, tags_get_or_create, user_set_roles

User = get_user_model()
_ROLE_KEYS = {"compliance": Role.COMPLIANCE, "committee": Role.COMMITTEE, "supplier": Role.SUPPLIER}


@dataclass(frozen=True)
class DemoSummary:
    suppliers_created: int
    suppliers_total: int
    users: tuple[str, ...]


def _demo_supplier(data: DemoSupplier) -> tuple[Supplier, bool]:
    supplier, created = Supplier.objects.get_or_create(
        name=data.name,
        defaults={
            "country": data.country,
            "vendor_number": data.vendor_number,
            "duns_number": data.duns_number,
            "status": Supplier.Status.INACTIVE if data.inactive else Supplier.Status.ACTIVE,
            "notes": "Demo data: invented for trying the app.",
            "is_demo": True,
        },
    )
    if created:
        supplier.tags.set(tags_get_or_create(data.tags))
        for position, (name, role, phone) in enumerate(data.contacts):
            Contact.objects.create(
                supplier=supplier,
                name=name,
                email=demo_email(name, data.name),
                phone=phone,
                role=role,
                is_primary=position == 0,
            )
    return supplier, created


@transaction.atomic
def demo_load(*, password: str) -> DemoSummary:
    roles_sync()
    created = 0
    suppliers = {}
    for data in DEMO_SUPPLIERS:
        supplier, was_created = _demo_supplier(data)
        suppliers[supplier.name] = supplier
        created += was_created
    for username, role_key, supplier_name in DEMO_USERS:
        role = _ROLE_KEYS[role_key]
        user, _new = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@demo.example.com"}
        )
        user.first_name = {"compliance": "Casey", "committee": "Morgan"}.get(username, "Sam")
        user.last_name = "(demo)"
        user.is_active = True
        user.is_staff = role is Role.COMPLIANCE
        user.set_password(password)
        user.save()
        user_set_roles(user, [role])
        if supplier_name is not None:
            supplier = suppliers[supplier_name]
            contact = supplier.contacts.order_by("-is_primary", "name").first()
            SupplierMembership.objects.update_or_create(
                user=user,
                defaults={
                    "supplier": supplier,
                    "contact": contact,
                    "activated_at": timezone.now(),
                },
            )
    return DemoSummary(
        suppliers_created=created,
        suppliers_total=Supplier.objects.filter(is_demo=True).count(),
        users=tuple(username for username, _role, _supplier in DEMO_USERS),
    )
