"""A small fixed-window rate limiter on Django's cache.

A ``Limit`` says how many hits one key may make per window. Windows are aligned to the epoch
(``now // window``), so the counter is one cache key per window, created with ``add`` and
raised with ``incr``: both are atomic on Redis and memcached, so concurrent requests cannot
lose a hit. A burst that straddles a window boundary may get up to twice the limit; that is
fine for slowing down password guessing and upload floods, which is all this is for.

The counters live in the ``default`` cache. With the embedded default (local memory) each
process counts on its own; several web processes should share a cache (Redis, database).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches

Clock = Callable[[], float]


@dataclass(frozen=True)
class Limit:
    """``limit`` hits per ``window`` seconds for each key, counted under ``name``."""

    name: str
    limit: int
    window: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int  # hits counted in the current window, this one included
    retry_after: int  # seconds until the window ends (and the count starts again)

    @property
    def retry_minutes(self) -> int:
        """Whole minutes to wait, never 0 (people read "try again in 0 minutes" as now)."""
        return max(1, math.ceil(self.retry_after / 60))


def _cache_key(limit: Limit, key: str, window_index: int) -> str:
    # Hashed: keys carry user names and addresses, which may hold characters (spaces,
    # control characters) or lengths that memcached refuses, and should not sit in clear.
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"ratelimit:{limit.name}:{window_index}:{digest}"


def _window(limit: Limit, now: float) -> tuple[int, int]:
    index = int(now // limit.window)
    retry_after = max(1, math.ceil((index + 1) * limit.window - now))
    return index, retry_after


def ratelimit_hit(
    limit: Limit, key: str, *, clock: Clock | None = None, cache: str = "default"
) -> Verdict:
    """Count one hit for ``key`` and say whether it is within the limit."""
    index, retry_after = _window(limit, (clock or time.time)())
    store = caches[cache]
    name = _cache_key(limit, key, index)
    # add() is a no-op when the key exists; the timeout outlives the window a little so a
    # slow clock on another process still finds it.
    store.add(name, 0, timeout=limit.window + 5)
    try:
        count = store.incr(name)
    except ValueError:  # evicted between add() and incr()
        store.set(name, 1, timeout=limit.window + 5)
        count = 1
    return Verdict(allowed=count <= limit.limit, count=count, retry_after=retry_after)


def ratelimit_peek(
    limit: Limit, key: str, *, clock: Clock | None = None, cache: str = "default"
) -> Verdict:
    """Whether ``key`` is still within the limit, without counting a hit: the login view
    looks before it checks a password, and counts only the failures."""
    index, retry_after = _window(limit, (clock or time.time)())
    count = int(caches[cache].get(_cache_key(limit, key, index), 0))
    return Verdict(allowed=count < limit.limit, count=count, retry_after=retry_after)


def ratelimit_reset(
    limit: Limit, key: str, *, clock: Clock | None = None, cache: str = "default"
) -> None:
    """Forget the current window's hits for ``key`` (after a successful sign-in)."""
    index, _retry = _window(limit, (clock or time.time)())
    caches[cache].delete(_cache_key(limit, key, index))
