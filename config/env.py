"""Strict readers for settings that come from the environment.

A value we do not understand is a configuration error raised at start-up, never a
silent fallback: "DEBUG=ture" must not quietly run production with DEBUG off (or on).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self._source = os.environ if source is None else source

    def raw(self, name: str) -> str | None:
        value = self._source.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def is_set(self, name: str) -> bool:
        return self.raw(name) is not None

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw(name)
        return default if value is None else value

    def required_str(self, name: str, why: str) -> str:
        value = self.raw(name)
        if value is None:
            raise ImproperlyConfigured(f"{name} must be set: {why}")
        return value

    def bool(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a boolean; use one of true/false, yes/no, on/off, 1/0."
        )

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value.replace("_", ""))
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
        return number

    def bytes(self, name: str, default: int) -> int:
        """A size such as ``10485760``, ``512K``, ``10M`` or ``1G`` (binary units)."""
        value = self.raw(name)
        if value is None:
            return default
        units = {"K": 1024, "M": 1024**2, "G": 1024**3}
        number, unit = value.upper().rstrip("IB"), 1
        if number and number[-1] in units:
            number, unit = number[:-1], units[number[-1]]
        try:
            size = int(number) * unit
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a size; write bytes or a number with K, M or G."
            ) from None
        if size <= 0:
            raise ImproperlyConfigured(f"{name}={value!r} must be greater than zero.")
        return size

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.raw(name)
        if value is None:
            return default
        if value not in choices:
            raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
        return value
