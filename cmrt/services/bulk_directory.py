"""The supplier registry folded for name matching, kept per process (``VersionedCache``).

Every file of a bulk import is assigned by its declared company name against the whole
registry and its aliases. Loading and folding that for each file cost more than the rest
of the assignment (5,000 suppliers: ~40 ms a file); a worker now keeps it and asks one
query per file whether it changed (``supplier_directory_version``).

Changes in this process (a person assigning a file in the web process, tests) also drop
the copy at once through the model signals below; other processes see the new version on
their next file.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cmrt.bulk import SupplierDirectory, supplier_directory_prepare
from cmrt.selectors.bulk import supplier_directory, supplier_directory_version
from cmrt.services.cached import VersionedCache
from suppliers.models import Supplier, SupplierAlias

_directory: VersionedCache[SupplierDirectory] = VersionedCache(
    supplier_directory_version, lambda: supplier_directory_prepare(supplier_directory())
)


def supplier_directory_cached(version: tuple[object, ...] | None = None) -> SupplierDirectory:
    """``version``: ``supplier_directory_version()`` when the caller already read it."""
    return _directory.get(version)


@receiver(post_save, sender=Supplier, dispatch_uid="cmrt.supplier_directory.supplier_saved")
@receiver(post_delete, sender=Supplier, dispatch_uid="cmrt.supplier_directory.supplier_gone")
@receiver(post_save, sender=SupplierAlias, dispatch_uid="cmrt.supplier_directory.alias_saved")
@receiver(post_delete, sender=SupplierAlias, dispatch_uid="cmrt.supplier_directory.alias_gone")
def _registry_changed(**_kwargs: Any) -> None:
    _directory.clear()
