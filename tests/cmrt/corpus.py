"""Access to the shared corpus of real workbooks (../shared/corpus beside the checkout).

Tests that use it skip cleanly when it is absent, as on a user's fresh clone."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def corpus_file(relative: str) -> bytes:
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip(f"corpus file {relative} is not available (../shared/corpus)")
    return path.read_bytes()
