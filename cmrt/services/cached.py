"""Data a worker needs for every file, kept in the process until the database says it changed.

A bulk import runs thousands of files through the same worker processes; loading the whole
reference list or supplier registry for each of them costs more than the file's own rows.
``VersionedCache`` keeps one value per process and rebuilds it when its version (one cheap
query, ``cmrt.selectors.versions``) differs. Django's cache is no substitute: it is per
process by default, and web processes and workers must not depend on sharing one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class VersionedCache(Generic[T]):
    def __init__(self, version: Callable[[], Hashable], build: Callable[[], T]) -> None:
        self._version = version
        self._build = build
        self._entry: tuple[Hashable, T] | None = None

    def get(self, version: Hashable | None = None) -> T:
        """``version``: when the caller already read it (several caches, one query)."""
        # The version is read before the data, so what is kept is never older than the
        # version it is kept under; a change in between only costs one more rebuild.
        if version is None:
            version = self._version()
        entry = self._entry
        if entry is None or entry[0] != version:
            entry = (version, self._build())
            self._entry = entry  # one assignment: a concurrent reader sees old or new
        return entry[1]

    def clear(self) -> None:
        self._entry = None
