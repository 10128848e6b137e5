"""The supplier directory kept per process (cmrt/services/bulk_directory.py): loaded once,
rebuilt when the registry changes, in this process (signals) or another (the version)."""

from __future__ import annotations

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cmrt.bulk import supplier_guess
from cmrt.models import BulkItem
from cmrt.selectors.bulk import supplier_directory_version
from cmrt.services import bulk_directory
from cmrt.services.bulk import bulk_item_assign
from cmrt.services.bulk_directory import supplier_directory_cached
from suppliers.models import Supplier, SupplierAlias
from tests.cmrt.bulk.helpers import cmrt_for
from tests.cmrt.bulk.test_service import run

pytestmark = pytest.mark.django_db


def guessed(name: str) -> int | None:
    return supplier_guess(name, supplier_directory_cached()).supplier_id


@pytest.fixture
def other_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changes made elsewhere: this process's signals do not reach the kept copy."""
    monkeypatch.setattr(bulk_directory._directory, "clear", lambda: None)


def test_the_directory_is_loaded_once_then_checked_with_one_query(
    supplier_a: Supplier, django_assert_num_queries
) -> None:
    assert guessed("Alpha Metals GmbH") == supplier_a.pk
    with django_assert_num_queries(1):  # the version, nothing else
        assert guessed("ALPHA METALS") == supplier_a.pk


def test_a_supplier_added_or_renamed_elsewhere_is_seen(supplier_a: Supplier, other_process) -> None:
    assert guessed("Zeta Mining") is None
    zeta = Supplier.objects.bulk_create([Supplier(name="Zeta Mining", country="DE")])[0]
    assert guessed("Zeta Mining") == zeta.pk
    Supplier.objects.filter(pk=supplier_a.pk).update(name="Omega Alloys", updated_at=timezone.now())
    assert guessed("Omega Alloys") == supplier_a.pk
    assert guessed("Alpha Metals") is None


def test_an_alias_moved_to_another_supplier_is_seen_in_other_processes(
    supplier_a: Supplier,
    supplier_b: Supplier,
    compliance_user,
    django_capture_on_commit_callbacks,
    other_process,
) -> None:
    """A person's second decision on a name replaces the alias; a worker that kept the
    directory must not go on assigning the name to the first supplier."""
    files = [("one.xlsx", cmrt_for("Acme Trading")), ("two.xlsx", cmrt_for("Acme Trading KK"))]
    bulk = run(django_capture_on_commit_callbacks, files)
    first, second = BulkItem.objects.filter(bulk=bulk).order_by("path")
    assert (first.status, second.status) == ("needs_supplier", "needs_supplier")
    # One at a time: the second file stays waiting for the second decision.
    BulkItem.objects.filter(pk=second.pk).update(status="queued")
    bulk_item_assign(first, supplier_a, compliance_user)
    assert guessed("Acme Trading") == supplier_a.pk
    before = supplier_directory_version()
    BulkItem.objects.filter(pk=second.pk).update(status="needs_supplier")
    bulk_item_assign(second, supplier_b, compliance_user)
    assert supplier_directory_version() != before
    assert SupplierAlias.objects.get().supplier == supplier_b
    assert guessed("ACME TRADING") == supplier_b.pk


def test_a_change_in_this_process_drops_the_copy_at_once(supplier_a: Supplier) -> None:
    supplier_directory_cached()
    assert bulk_directory._directory._entry is not None
    SupplierAlias.objects.create(supplier=supplier_a, name="Alpha Europe", folded="alpha europe")
    assert bulk_directory._directory._entry is None


def test_the_version_is_one_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        supplier_directory_version()


def test_a_guess_from_the_prepared_directory_reads_no_rows(supplier_a: Supplier) -> None:
    from django.db import connection

    supplier_directory_cached()
    with CaptureQueriesContext(connection) as captured:
        guessed("Alpha Metals")
    assert all("COUNT(*)" in query["sql"] for query in captured.captured_queries)
