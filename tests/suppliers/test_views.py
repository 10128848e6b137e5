"""The registry pages as a compliance user uses them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from suppliers.models import Contact, Supplier, Tag

pytestmark = pytest.mark.django_db


def test_list_searches_and_filters(
    compliance_client: Client, supplier_a: Supplier, supplier_b: Supplier
) -> None:
    tag = Tag.objects.create(name="Tier 1")
    supplier_b.tags.add(tag)
    url = reverse("suppliers:list")

    def names(**params: object) -> list[str]:
        response = compliance_client.get(url, params)
        return [s.name for s in response.context["suppliers"]]

    assert names() == ["Alpha Metals", "Beta Circuits"]
    assert names(q="ben@beta") == ["Beta Circuits"]  # contact e-mails are searched too
    assert names(q="111111111") == ["Alpha Metals"]
    assert names(country="JP") == ["Beta Circuits"]
    assert names(tag=tag.pk) == ["Beta Circuits"]
    supplier_a.status = Supplier.Status.INACTIVE
    supplier_a.save()
    assert names(status="inactive") == ["Alpha Metals"]


def test_create_shows_field_errors_and_keeps_the_input(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    response = compliance_client.post(
        reverse("suppliers:create"),
        {
            "name": "ALPHA METALS",
            "country": "DE",
            "duns_number": "12-34",
            "status": "active",
            "lei": "short",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "__all__": ["A supplier with this name already exists."],
        "duns_number": ["A DUNS number has exactly 9 digits, e.g. 150483782."],
        "lei": ["An LEI has 20 characters: 18 letters or digits and 2 check digits."],
    }
    assert 'value="ALPHA METALS"' in response.content.decode()
    assert Supplier.objects.count() == 1


def test_create_and_edit_record_who_did_it(compliance_client: Client, compliance_user) -> None:
    response = compliance_client.post(
        reverse("suppliers:create"),
        {
            "name": "Gamma Tin",
            "country": "BO",
            "duns_number": "123-456-789",
            "status": "active",
            "new_tags": "Tin, Tier 2",
        },
    )
    gamma = Supplier.objects.get(name="Gamma Tin")
    assert response["Location"] == gamma.get_absolute_url()
    assert (gamma.duns_number, gamma.created_by, gamma.updated_by) == (
        "123456789",
        compliance_user,
        compliance_user,
    )
    assert sorted(gamma.tags.values_list("name", flat=True)) == ["Tier 2", "Tin"]

    compliance_client.post(
        reverse("suppliers:edit", args=[gamma.pk]),
        {
            "name": "Gamma Tin Ltd",
            "country": "BO",
            "status": "active",
            "tags": [t.pk for t in gamma.tags.all()],
        },
    )
    gamma.refresh_from_db()
    assert gamma.name == "Gamma Tin Ltd"
    assert gamma.duns_number == ""


def test_deactivate_and_reactivate_keep_the_supplier(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    url = reverse("suppliers:status", args=[supplier_a.pk])
    response = compliance_client.post(url, {"status": "inactive"}, follow=True)
    assert "“Alpha Metals” is now inactive; its history is kept." in response.content.decode()
    supplier_a.refresh_from_db()
    assert supplier_a.status == Supplier.Status.INACTIVE
    compliance_client.post(url, {"status": "active"})
    supplier_a.refresh_from_db()
    assert supplier_a.is_active
    assert compliance_client.get(url).status_code == 405  # state changes only by POST


def test_adding_a_primary_contact_demotes_the_previous_one(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    response = compliance_client.post(
        reverse("suppliers:contact-create", args=[supplier_a.pk]),
        {
            "name": "Nia New",
            "email": "nia@alpha.example.com",
            "phone": "+49 30 123",
            "role": "Compliance",
            "is_primary": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(supplier_a.contacts.filter(is_primary=True).values_list("name", flat=True)) == [
        "Nia New"
    ]


def test_contact_form_errors(compliance_client: Client, supplier_a: Supplier) -> None:
    response = compliance_client.post(
        reverse("suppliers:contact-create", args=[supplier_a.pk]),
        {"name": "", "email": "ada@", "phone": "call me"},
    )
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "email": ["Enter a valid email address."],
        "phone": ["Use digits, spaces and + ( ) - . only, e.g. +49 30 1234567."],
    }
    duplicate = compliance_client.post(
        reverse("suppliers:contact-create", args=[supplier_a.pk]),
        {"name": "Ada Again", "email": "ADA@alpha.example.com", "is_active": "on"},
    )
    assert duplicate.context["form"].errors == {
        "__all__": ["This supplier already has a contact with this email."]
    }
    assert supplier_a.contacts.count() == 1


def test_deactivating_a_contact_closes_their_portal_account(
    compliance_client: Client, supplier_a: Supplier, supplier_a_user
) -> None:
    contact = supplier_a.contacts.get()
    supplier_a_user.supplier_membership.contact = contact
    supplier_a_user.supplier_membership.save()
    compliance_client.post(reverse("suppliers:contact-active", args=[contact.pk]), {"active": "no"})
    contact.refresh_from_db()
    supplier_a_user.refresh_from_db()
    assert (contact.is_active, contact.is_primary, supplier_a_user.is_active) == (
        False,
        False,
        False,
    )


def test_import_preview_then_confirm(compliance_client: Client, supplier_a: Supplier) -> None:
    upload = SimpleUploadedFile(
        "contacts.csv", b"supplier,name,email\nAlpha Metals,Zoe Z,zoe@alpha.example.com\n"
    )
    preview = compliance_client.post(
        reverse("suppliers:import"), {"kind": "contacts", "file": upload}
    )
    page = preview.content.decode()
    assert (
        "Every row is valid: 1 new, 0 updated, 0 unchanged. Nothing is saved until you confirm."
        in page
    )
    assert Contact.objects.count() == 1
    token = preview.context["token"]

    done = compliance_client.post(
        reverse("suppliers:import-confirm"), {"token": token}, follow=True
    )
    assert "Import finished: 1 new, 0 updated, 0 unchanged." in done.content.decode()
    assert supplier_a.contacts.filter(email="zoe@alpha.example.com").exists()
    # The pending file is gone: the same token cannot import twice.
    again = compliance_client.post(
        reverse("suppliers:import-confirm"), {"token": token}, follow=True
    )
    assert "The import could not be found; upload the file again." in again.content.decode()


def test_import_with_errors_lists_rows_and_offers_no_confirm(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    upload = SimpleUploadedFile(
        "contacts.csv",
        b"supplier,name,email\nAlpha Metals,Ok Person,ok@alpha.example.com\nAlpha Metals,Bad,bad-mail\n",
    )
    response = compliance_client.post(
        reverse("suppliers:import"), {"kind": "contacts", "file": upload}
    )
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "row 3: email: Enter a valid email address." in page
    assert "import-confirm" not in page
    assert Contact.objects.count() == 1


def test_a_pending_import_belongs_to_its_uploader(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    from suppliers.roles import Role
    from tests.factories import make_user

    upload = SimpleUploadedFile("s.csv", b"name\nNew One\n")
    token = compliance_client.post(
        reverse("suppliers:import"), {"kind": "suppliers", "file": upload}
    ).context["token"]
    other = Client()
    other.force_login(make_user("other-compliance", Role.COMPLIANCE))
    response = other.post(reverse("suppliers:import-confirm"), {"token": token}, follow=True)
    assert "The import could not be found; upload the file again." in response.content.decode()
    assert not Supplier.objects.filter(name="New One").exists()


def test_import_refuses_a_file_over_the_size_limit(compliance_client: Client, settings) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("big.csv", b"name\n" + b"x" * 20)
    response = compliance_client.post(
        reverse("suppliers:import"), {"kind": "suppliers", "file": upload}
    )
    assert response.context["form"].errors == {
        "file": ["The file is 25\xa0bytes; the limit is 10\xa0bytes."]
    }


def test_export_downloads_a_file(compliance_client: Client, supplier_a: Supplier) -> None:
    response = compliance_client.get(
        reverse("suppliers:export"), {"kind": "suppliers", "format": "csv"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="suppliers-')
    assert "Alpha Metals" in response.content.decode("utf-8-sig")
    bad = compliance_client.get(reverse("suppliers:export"), {"kind": "smelters"}, follow=True)
    assert "Choose suppliers or contacts, as CSV or XLSX." in bad.content.decode()
