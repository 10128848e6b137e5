"""The Django admin works for compliance staff, including django-import-export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from suppliers.models import Supplier

pytestmark = pytest.mark.django_db


def test_compliance_staff_browse_suppliers_in_the_admin(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    assert "Alpha Metals" in compliance_client.get("/admin/suppliers/supplier/").content.decode()
    assert (
        compliance_client.get(f"/admin/suppliers/supplier/{supplier_a.pk}/change/").status_code
        == 200
    )
    assert compliance_client.get("/admin/suppliers/contact/").status_code == 200


def test_admin_import_records_the_importing_user(
    compliance_client: Client, compliance_user
) -> None:
    upload = SimpleUploadedFile(
        "suppliers.csv", b"id,name,country\n,Omega Metals,DE\n", content_type="text/csv"
    )
    page = compliance_client.post(
        "/admin/suppliers/supplier/import/",
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert page.status_code == 200
    confirm = page.context["confirm_form"]
    data = {**confirm.initial, "resource": "0"}
    compliance_client.post("/admin/suppliers/supplier/process_import/", data)
    omega = Supplier.objects.get(name="Omega Metals")
    assert omega.created_by == compliance_user
