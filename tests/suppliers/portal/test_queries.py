"""How many queries the portal's busiest pages make (bench/load.py found each asking the
database for the user's organisation seven times), and that the answer cached on the user
object is forgotten when a membership changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from suppliers.models import CampaignRequest, Supplier, SupplierMembership
from suppliers.selectors import supplier_id_of
from suppliers.selectors.portal import portal_supplier_id
from tests.cmrt.submissions.rows import make_submission
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Session, user, membership, organisation, the page's own rows, the roles for the menu.
MAX_QUERIES = 8


@pytest.fixture
def versions(request_a: CampaignRequest, supplier_a: Supplier) -> list:
    made = [make_submission(supplier_a, f"v{n}.xlsx", request=request_a) for n in range(3)]
    CampaignRequest.objects.filter(pk=request_a.pk).update(submission=made[-1])
    return made


@pytest.mark.parametrize("page", ["home", "request", "submission"])
def test_portal_pages_ask_for_the_organisation_once(
    page: str,
    supplier_a_client: Client,
    request_a: CampaignRequest,
    versions: list,
    django_assert_max_num_queries,
) -> None:
    path = {
        "home": reverse("portal:home"),
        "request": reverse("portal:request", args=[request_a.pk]),
        "submission": reverse("portal:submission", args=[versions[0].pk]),
    }[page]
    with django_assert_max_num_queries(MAX_QUERIES):
        response = supplier_a_client.get(path)
    assert response.status_code == 200


def test_request_page_lists_every_version_once(
    supplier_a_client: Client, request_a: CampaignRequest, versions: list
) -> None:
    body = supplier_a_client.get(reverse("portal:request", args=[request_a.pk])).content.decode()
    for submission in versions:
        assert body.count(f'href="/portal/files/{submission.pk}/"') == 2  # name and Details


def test_a_new_membership_is_seen_by_the_same_user_object(supplier_a: Supplier) -> None:
    user = make_user("late-joiner")
    assert supplier_id_of(user) is None
    assert portal_supplier_id(user) is None
    SupplierMembership.objects.create(user=user, supplier=supplier_a)
    assert supplier_id_of(user) == supplier_a.pk
    assert portal_supplier_id(user) == supplier_a.pk


def test_deactivating_the_user_closes_the_portal_for_that_object(supplier_a: Supplier) -> None:
    user = make_user("leaver", supplier=supplier_a)
    assert portal_supplier_id(user) == supplier_a.pk
    user.is_active = False
    user.save()
    assert portal_supplier_id(user) is None
