"""Who may open which page: anonymous, supplier A, supplier B, committee, compliance."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from suppliers.models import Supplier

pytestmark = pytest.mark.django_db


def staff_get_urls(supplier: Supplier) -> list[str]:
    contact = supplier.contacts.get()
    return [
        reverse("suppliers:list"),
        reverse("suppliers:create"),
        reverse("suppliers:detail", args=[supplier.pk]),
        reverse("suppliers:edit", args=[supplier.pk]),
        reverse("suppliers:contact-create", args=[supplier.pk]),
        reverse("suppliers:contacts"),
        reverse("suppliers:contact-edit", args=[contact.pk]),
        reverse("suppliers:import"),
        reverse("suppliers:export") + "?kind=suppliers&format=csv",
    ]


def staff_post_urls(supplier: Supplier) -> list[tuple[str, dict[str, str]]]:
    contact = supplier.contacts.get()
    return [
        (reverse("suppliers:status", args=[supplier.pk]), {"status": "inactive"}),
        (reverse("suppliers:contact-active", args=[contact.pk]), {"active": "no"}),
        (reverse("suppliers:contact-invite", args=[contact.pk]), {}),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, supplier_a: Supplier) -> None:
    for url in [reverse("home"), reverse("portal:home"), *staff_get_urls(supplier_a)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    for url, data in staff_post_urls(supplier_a):
        assert client.post(url, data).status_code == 302
    supplier_a.refresh_from_db()
    assert supplier_a.status == Supplier.Status.ACTIVE


def test_a_supplier_user_gets_404_on_every_staff_page_of_another_supplier(
    supplier_a_client: Client, supplier_b: Supplier
) -> None:
    for url in staff_get_urls(supplier_b):
        assert supplier_a_client.get(url).status_code == 404, url
    for url, data in staff_post_urls(supplier_b):
        assert supplier_a_client.post(url, data).status_code == 404, url
    supplier_b.refresh_from_db()
    assert supplier_b.status == Supplier.Status.ACTIVE
    assert supplier_b.contacts.get().is_active


def test_a_supplier_user_gets_404_on_staff_pages_of_their_own_supplier_too(
    supplier_a_client: Client, supplier_a: Supplier
) -> None:
    for url in staff_get_urls(supplier_a):
        assert supplier_a_client.get(url).status_code == 404, url


def test_a_supplier_user_sees_only_their_own_organisation_in_the_portal(
    supplier_a_client: Client, supplier_b_client: Client, supplier_a: Supplier, supplier_b: Supplier
) -> None:
    page_a = supplier_a_client.get(reverse("portal:home")).content.decode()
    assert "Alpha Metals" in page_a and "ada@alpha.example.com" in page_a
    assert "Beta Circuits" not in page_a and "ben@beta.example.com" not in page_a
    page_b = supplier_b_client.get(reverse("portal:home")).content.decode()
    assert "Beta Circuits" in page_b and "Alpha Metals" not in page_b


def test_supplier_users_land_in_the_portal(supplier_a_client: Client) -> None:
    response = supplier_a_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_staff_have_no_portal(compliance_client: Client) -> None:
    assert compliance_client.get(reverse("portal:home")).status_code == 404


def test_compliance_may_open_every_registry_page(
    compliance_client: Client, supplier_a: Supplier
) -> None:
    for url in staff_get_urls(supplier_a):
        assert compliance_client.get(url).status_code == 200, url


def test_the_committee_reads_and_exports_but_cannot_change(
    committee_client: Client, supplier_a: Supplier
) -> None:
    readable = [
        reverse("suppliers:list"),
        reverse("suppliers:detail", args=[supplier_a.pk]),
        reverse("suppliers:contacts"),
        reverse("suppliers:export") + "?kind=contacts&format=xlsx",
    ]
    for url in readable:
        assert committee_client.get(url).status_code == 200, url
    for url in (
        set(staff_get_urls(supplier_a))
        - set(readable)
        - {reverse("suppliers:export") + "?kind=suppliers&format=csv"}
    ):
        assert committee_client.get(url).status_code == 403, url
    for url, data in staff_post_urls(supplier_a):
        assert committee_client.post(url, data).status_code == 403, url


def test_a_user_without_a_role_sees_nothing(client: Client, supplier_a: Supplier) -> None:
    from tests.factories import make_user

    client.force_login(make_user("nobody"))
    assert client.get(reverse("suppliers:list")).status_code == 403
    assert "Your account has no role yet" in client.get(reverse("home")).content.decode()


def test_only_staff_without_a_supplier_membership_reach_the_admin(
    compliance_client: Client, supplier_a_user, committee_client: Client
) -> None:
    assert compliance_client.get("/admin/").status_code == 200
    supplier_a_user.is_staff = True  # a mistake an administrator could make
    supplier_a_user.save()
    supplier_client = Client()
    supplier_client.force_login(supplier_a_user)
    assert supplier_client.get("/admin/").status_code == 302  # to the admin login, no data
    assert committee_client.get("/admin/").status_code == 302


def test_navigation_follows_the_role(
    compliance_client: Client, committee_client: Client, supplier_a_client: Client
) -> None:
    compliance_page = compliance_client.get(reverse("home")).content.decode()
    assert 'href="/suppliers/import/"' in compliance_page and 'href="/admin/"' in compliance_page
    committee_page = committee_client.get(reverse("home")).content.decode()
    assert (
        'href="/suppliers/"' in committee_page and 'href="/suppliers/import/"' not in committee_page
    )
    portal_page = supplier_a_client.get(reverse("portal:home")).content.decode()
    assert 'href="/portal/"' in portal_page and 'href="/suppliers/"' not in portal_page
    assert "Mineral due diligence 0.1.0" in portal_page  # footer with the version
