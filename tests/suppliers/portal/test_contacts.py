"""A supplier user keeps their own organisation's contacts, and only those."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from suppliers.models import Contact, SupplierMembership
from tests.factories import make_contact, make_user

pytestmark = pytest.mark.django_db


def url(name: str, *args: int) -> str:
    return reverse(f"portal:{name}", args=args)


def test_the_list_shows_only_the_own_organisations_contacts(
    supplier_a_client: Client, supplier_a, supplier_b
) -> None:
    make_contact(supplier_a, "Old Alpha", email="old@alpha.example.com", is_active=False)
    content = supplier_a_client.get(url("contacts")).content.decode()
    assert "ada@alpha.example.com" in content and "old@alpha.example.com" in content
    assert "ben@beta.example.com" not in content
    assert "Reactivate" in content


def test_add_a_contact(supplier_a_client: Client, supplier_a, supplier_a_user) -> None:
    response = supplier_a_client.post(
        url("contact_add"),
        {"name": "Cleo Alpha", "email": "cleo@alpha.example.com", "role": "Quality"},
    )
    assert response["Location"] == url("contacts")
    cleo = Contact.objects.get(email="cleo@alpha.example.com")
    assert (cleo.supplier, cleo.created_by, cleo.is_active) == (supplier_a, supplier_a_user, True)
    page = supplier_a_client.get(url("contacts")).content.decode()
    assert "Saved contact Cleo Alpha &lt;cleo@alpha.example.com&gt;." in page


def test_a_new_primary_contact_replaces_the_old_one(supplier_a_client: Client, supplier_a) -> None:
    supplier_a_client.post(
        url("contact_add"),
        {"name": "Cleo Alpha", "email": "cleo@alpha.example.com", "is_primary": "on"},
    )
    primary = supplier_a.contacts.get(is_primary=True)
    assert primary.email == "cleo@alpha.example.com"


def test_a_duplicate_email_is_refused(supplier_a_client: Client) -> None:
    response = supplier_a_client.post(
        url("contact_add"), {"name": "Ada Again", "email": "ADA@alpha.example.com"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This supplier already has a contact with this email."
    ]


def test_edit_a_contact(supplier_a_client: Client, supplier_a) -> None:
    ada = supplier_a.contacts.get()
    response = supplier_a_client.post(
        url("contact_edit", ada.pk),
        {"name": "Ada Alpha", "email": "ada@alpha.example.com", "phone": "+49 30 1234567"},
    )
    assert response["Location"] == url("contacts")
    ada.refresh_from_db()
    assert ada.phone == "+49 30 1234567"


def test_deactivate_a_contact_closes_their_portal_account(
    supplier_a_client: Client, supplier_a
) -> None:
    ada = supplier_a.contacts.get()
    colleague = SupplierMembership.objects.create(
        user=make_user("ada"),
        supplier=supplier_a,
        contact=ada,
    ).user
    response = supplier_a_client.post(url("contact_active", ada.pk), {"active": "no"})
    assert response["Location"] == url("contacts")
    ada.refresh_from_db()
    colleague.refresh_from_db()
    assert (ada.is_active, colleague.is_active) == (False, False)
    supplier_a_client.post(url("contact_active", ada.pk), {"active": "yes"})
    ada.refresh_from_db()
    assert ada.is_active


def test_a_supplier_user_cannot_deactivate_themselves(
    supplier_a_client: Client, supplier_a, supplier_a_user
) -> None:
    ada = supplier_a.contacts.get()
    SupplierMembership.objects.filter(user=supplier_a_user).update(contact=ada)
    response = supplier_a_client.post(url("contact_active", ada.pk), {"active": "no"})
    page = supplier_a_client.get(response["Location"]).content.decode()
    assert (
        "You cannot deactivate yourself: that would close your own portal account. "
        "Ask a colleague or your customer&#x27;s compliance team."
    ) in page
    ada.refresh_from_db()
    supplier_a_user.refresh_from_db()
    assert ada.is_active and supplier_a_user.is_active


def test_another_organisations_contact_is_a_404(supplier_a_client: Client, supplier_b) -> None:
    ben = supplier_b.contacts.get()
    assert supplier_a_client.get(url("contact_edit", ben.pk)).status_code == 404
    assert (
        supplier_a_client.post(url("contact_active", ben.pk), {"active": "no"}).status_code == 404
    )
    ben.refresh_from_db()
    assert ben.is_active
