"""What the reference import's steps share: their counts and the column clipping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def clip(text: str, length: int) -> str:
    return text[:length]
