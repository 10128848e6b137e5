"""Reference pages: access per role and the upload → preview → confirm flow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cmrt.models import ReferenceImport, ReferenceSmelter
from cmrt.services.reference import reference_import
from suppliers.roles import Role
from tests.cmrt.reference.builders import facility_list, status_list
from tests.conftest import logged_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db
LIST = facility_list([("CID000001", "Gold", "Gold One", "JAPAN")])


def _upload(content: bytes = LIST, name: str = "list.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("name", ["reference_home", "reference_smelters"])
def test_view_pages_for_compliance_and_committee(name, compliance_user, committee_user) -> None:
    for user in (compliance_user, committee_user):
        assert logged_in(user).get(reverse(f"cmrt:{name}")).status_code == 200


def test_committee_cannot_import(committee_user) -> None:
    client = logged_in(committee_user)
    assert client.get(reverse("cmrt:reference_import")).status_code == 403
    assert client.post(reverse("cmrt:reference_confirm"), {"token": "x"}).status_code == 403


@pytest.mark.parametrize("name", ["reference_home", "reference_smelters", "reference_import"])
def test_supplier_users_get_404(name, supplier_a_user) -> None:
    assert logged_in(supplier_a_user).get(reverse(f"cmrt:{name}")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client) -> None:
    assert client.get(reverse("cmrt:reference_home")).status_code == 302


def test_upload_preview_then_confirm(compliance_user) -> None:
    client = logged_in(compliance_user)
    response = client.post(reverse("cmrt:reference_import"), {"file": _upload()})
    assert response.status_code == 200
    assert "Preview of list.xlsx" in response.content.decode()
    assert not ReferenceSmelter.objects.exists()
    token = response.context["token"]
    response = client.post(reverse("cmrt:reference_confirm"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("cmrt:reference_home")
    assert ReferenceSmelter.objects.get().cid == "CID000001"
    assert ReferenceImport.objects.get().created_by == compliance_user


def test_a_token_of_another_user_is_refused(compliance_user) -> None:
    token = (
        logged_in(compliance_user)
        .post(reverse("cmrt:reference_import"), {"file": _upload()})
        .context["token"]
    )
    colleague = logged_in(make_user("casey-2", Role.COMPLIANCE, staff=True))
    response = colleague.post(reverse("cmrt:reference_confirm"), {"token": token}, follow=True)
    assert "The previewed file could not be found; upload it again." in response.content.decode()
    assert not ReferenceSmelter.objects.exists()


def test_an_unreadable_upload_shows_why(compliance_user) -> None:
    client = logged_in(compliance_user)
    response = client.post(
        reverse("cmrt:reference_import"), {"file": _upload(b"a,b\n1,2\n", "x.csv")}
    )
    assert "Nothing was imported" in response.content.decode()
    assert "This file is not a smelter list" in response.content.decode()


def test_smelter_list_shows_status_of_the_chosen_snapshot(committee_user) -> None:
    reference_import(LIST, "list.xlsx", as_of=date(2024, 1, 1))
    reference_import(
        status_list([("CID000001", "Gold", "Conformant")]), "s.xlsx", as_of=date(2024, 2, 1)
    )
    client = logged_in(committee_user)
    page = client.get(reverse("cmrt:reference_smelters"), {"q": "gold one"}).content.decode()
    assert "CID000001" in page and "Conformant" in page
    smelter = ReferenceSmelter.objects.get()
    detail = client.get(reverse("cmrt:reference_smelter", args=[smelter.pk])).content.decode()
    assert "2024-02-01" in detail and "Gold One" in detail
