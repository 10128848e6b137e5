"""Import and export of the registry (services, with the database)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from suppliers.models import Contact, Supplier, Tag
from suppliers.services.transfer import ExportFormat, RegistryKind, registry_export, registry_import
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

SUPPLIERS_WITH_ERRORS = (
    b"name,country,duns_number,status,tags\n"
    b'Gamma Tin,Japan,123-456-789,active,"Metals, Tier 1"\n'
    b"Delta,Narnia,12,weird,\n"
    b"Alpha Metals,DE,,inactive,\n"
    b"Gamma Tin,JP,,,\n"
)


def test_preview_lists_every_row_problem_and_saves_nothing(supplier_a: Supplier) -> None:
    report = registry_import(RegistryKind.SUPPLIERS, SUPPLIERS_WITH_ERRORS, by=None, commit=False)

    assert report.errors == [
        "row 3: country: “Narnia” is not a country; use a code such as DE or a name such as Germany.",
        "row 3: status: “weird” is not active or inactive.",
        "row 3: duns_number: A DUNS number has exactly 9 digits, e.g. 150483782.",
        "row 5: repeats row 2 (Gamma Tin).",
    ]
    assert [(row.number, row.action) for row in report.rows] == [
        (2, "new"),
        (3, "invalid"),
        (4, "update"),
        (5, "invalid"),
    ]
    assert not report.committed
    assert list(Supplier.objects.values_list("name", flat=True)) == ["Alpha Metals"]
    assert not Tag.objects.exists()


def test_commit_with_a_bad_row_imports_nothing(supplier_a: Supplier) -> None:
    report = registry_import(RegistryKind.SUPPLIERS, SUPPLIERS_WITH_ERRORS, by=None, commit=True)

    assert not report.committed
    assert (
        Supplier.objects.get().status == Supplier.Status.ACTIVE
    )  # row 4 was valid, still not saved


def test_a_clean_file_creates_and_updates_with_audit_fields(
    supplier_a: Supplier, compliance_user
) -> None:
    content = (
        b"Name,Country,DUNS,Status,Tags\n"
        b'Gamma Tin,Japan,123-456-789,active,"Metals; Tier 1"\n'
        b"alpha metals,DE,,inactive,\n"
    )
    report = registry_import(RegistryKind.SUPPLIERS, content, by=compliance_user, commit=True)

    assert report.ok and report.committed
    assert report.counts == {"new": 1, "update": 1}
    gamma = Supplier.objects.get(name="Gamma Tin")
    assert (gamma.country.code, gamma.duns_number, gamma.created_by) == (
        "JP",
        "123456789",
        compliance_user,
    )
    assert sorted(gamma.tags.values_list("name", flat=True)) == ["Metals", "Tier 1"]
    supplier_a.refresh_from_db()
    assert supplier_a.status == Supplier.Status.INACTIVE
    assert supplier_a.updated_by == compliance_user


def test_unknown_and_missing_columns_are_named() -> None:
    report = registry_import(RegistryKind.CONTACTS, b"foo,name\n1,2\n", by=None, commit=False)
    assert report.errors == [
        "Column “foo” is not known; the columns are: id, supplier, name, email, phone, role, is_primary, is_active.",
        "Required columns are missing: supplier, email.",
    ]


def test_unreadable_files_get_a_plain_message() -> None:
    report = registry_import(
        RegistryKind.SUPPLIERS, b"\xff\xd8\xff\xe0JFIF\x00", by=None, commit=True
    )
    assert report.errors == ["The file is neither a CSV text file nor an Excel workbook."]


def test_contact_rows_are_checked_against_the_registry(supplier_a: Supplier) -> None:
    content = (
        b"supplier,name,email,phone,is_primary\n"
        b"Alpha Metals,Zed Zero,zed@alpha.example.com,+49 1,no\n"
        b"A-1,Bad Mail,not-an-email,,maybe\n"
        b"Nope Ltd,X,x@y.example.com,,\n"
    )
    report = registry_import(RegistryKind.CONTACTS, content, by=None, commit=True)

    assert report.errors == [
        "row 3: is_primary: “maybe” is not yes or no.",
        "row 3: email: Enter a valid email address.",
        "row 4: supplier: No supplier is named or numbered “Nope Ltd”.",
    ]
    assert Contact.objects.count() == 1  # only the fixture's contact


def test_a_new_primary_contact_replaces_the_old_one(supplier_a: Supplier) -> None:
    content = b"supplier,name,email,is_primary\nA-1,Nia New,nia@alpha.example.com,yes\n"
    report = registry_import(RegistryKind.CONTACTS, content, by=None, commit=True)

    assert report.committed
    primaries = supplier_a.contacts.filter(is_primary=True)
    assert list(primaries.values_list("email", flat=True)) == ["nia@alpha.example.com"]


def test_two_primary_contacts_for_one_supplier_in_a_file_is_an_error(supplier_a: Supplier) -> None:
    content = (
        b"supplier,name,email,is_primary\n"
        b"Alpha Metals,One,one@alpha.example.com,yes\n"
        b"Alpha Metals,Two,two@alpha.example.com,yes\n"
    )
    report = registry_import(RegistryKind.CONTACTS, content, by=None, commit=True)
    assert report.errors == [
        "row 3: is_primary: row 2 already makes another contact of this supplier primary."
    ]
    assert supplier_a.contacts.count() == 1


def test_an_unknown_id_is_reported() -> None:
    report = registry_import(RegistryKind.SUPPLIERS, b"id,name\n999,Ghost\n", by=None, commit=False)
    assert report.errors == ["row 2: id: No record has id 999; leave id empty to add a new one."]


def test_an_export_imports_back_unchanged(supplier_a: Supplier, supplier_b: Supplier) -> None:
    supplier_a.tags.add(Tag.objects.create(name="Tier 1"))
    make_contact(supplier_b, "Second Person", email="second@beta.example.com", phone="+81 3 1234")
    for kind, queryset in (
        (RegistryKind.SUPPLIERS, Supplier.objects.order_by("name")),
        (RegistryKind.CONTACTS, Contact.objects.order_by("supplier__name", "name")),
    ):
        for fmt in ExportFormat:
            exported = registry_export(kind, queryset, fmt)
            report = registry_import(kind, exported, by=None, commit=True)
            assert report.ok, report.errors
            assert set(report.counts) == {"skip"}, (kind, fmt, report.counts)


def test_xlsx_export_has_a_header_and_one_row_per_supplier(
    supplier_a: Supplier, supplier_b: Supplier
) -> None:
    content = registry_export(
        RegistryKind.SUPPLIERS, Supplier.objects.order_by("name"), ExportFormat.XLSX
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "id",
        "name",
        "country",
        "vendor_number",
        "duns_number",
        "lei",
        "status",
        "tags",
        "notes",
    )
    assert [row[1] for row in rows[1:]] == ["Alpha Metals", "Beta Circuits"]


def test_csv_export_starts_with_a_bom_for_excel(supplier_a: Supplier) -> None:
    content = registry_export(RegistryKind.SUPPLIERS, Supplier.objects.all(), ExportFormat.CSV)
    assert content.startswith("\ufeffid,name,".encode())


def test_unique_ids_are_checked_against_the_registry_and_within_the_file(
    supplier_a: Supplier,
) -> None:
    content = (
        b"name,vendor_number,duns_number\n"
        b"Gamma Tin,A-1,\n"  # vendor number of Alpha Metals
        b"Delta Gold,,111111111\n"  # DUNS of Alpha Metals
        b"Epsilon W,E-5,555555555\n"
        b"Zeta Ta,E-5,\n"  # same vendor number as the row above
    )
    report = registry_import(RegistryKind.SUPPLIERS, content, by=None, commit=True)
    assert report.errors == [
        "row 2: vendor_number: Another supplier has this vendor number.",
        "row 3: duns_number: Another supplier has this DUNS number.",
        "row 5: vendor_number: Another supplier has this vendor number.",
    ]
    assert Supplier.objects.count() == 1


def test_renaming_by_id_onto_an_existing_name_is_refused(
    supplier_a: Supplier, supplier_b: Supplier
) -> None:
    content = f"id,name\n{supplier_b.pk},alpha metals\n".encode()
    report = registry_import(RegistryKind.SUPPLIERS, content, by=None, commit=True)
    assert report.errors == ["row 2: name: A supplier with this name already exists."]


def test_a_contact_email_already_on_file_for_the_supplier_updates_that_contact(
    supplier_a: Supplier,
) -> None:
    content = b"supplier,name,email,role\nAlpha Metals,Ada Alpha,ADA@alpha.example.com,Compliance\n"
    report = registry_import(RegistryKind.CONTACTS, content, by=None, commit=True)
    assert report.counts == {"update": 1}
    assert supplier_a.contacts.get().role == "Compliance"


def test_unconfirmed_previews_are_pruned_when_they_expire(compliance_user) -> None:
    import os
    import time

    from django.core.files.storage import default_storage

    from suppliers.services.transfer import PENDING_MAX_AGE_SECONDS, pending_import_store

    pending_import_store(RegistryKind.SUPPLIERS, b"name\nOld\n", by=compliance_user)
    (old_name,) = default_storage.listdir("imports")[1]
    old_path = default_storage.path(f"imports/{old_name}")
    past = time.time() - PENDING_MAX_AGE_SECONDS - 60
    os.utime(old_path, (past, past))

    pending_import_store(RegistryKind.SUPPLIERS, b"name\nNew\n", by=compliance_user)
    remaining = default_storage.listdir("imports")[1]
    assert len(remaining) == 1 and old_name not in remaining
