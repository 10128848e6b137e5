"""Builders shared by the matching tests: reported rows and a small reference list."""

from __future__ import annotations

from datetime import date
from typing import Any

from cmrt.declaration import Metal, SmelterResolution, SmelterRow
from cmrt.matching import LearnedName, ReferenceEntry, ReferenceIndex, reference_index_build

GOLD, TIN = Metal.GOLD, Metal.TIN

ENTRIES = (
    ReferenceEntry(
        "CID000001",
        GOLD,
        "Metalor Technologies S.A.",
        "Switzerland",
        names=("Metalor Technologies SA", "Metalor SA"),
        former_names=("Metalor SA",),
    ),
    ReferenceEntry(
        "CID000002", GOLD, "Asahi Refining USA Inc.", "United States", names=("Asahi Pretec Corp.",)
    ),
    ReferenceEntry("CID000003", GOLD, "Golden Star Refinery", "China"),
    ReferenceEntry("CID000004", GOLD, "Golden Star Refinery", "Japan"),
    ReferenceEntry("CID000005", GOLD, "Jiangxi Copper Co., Ltd.", "China"),
    ReferenceEntry("CID000006", GOLD, "Nihon Material Co., Ltd.", "Japan", active=False),
    ReferenceEntry("CID000201", TIN, "Malaysia Smelting Corporation", "Malaysia"),
    ReferenceEntry("CID000202", TIN, "Malaysia Smelting Company", "Thailand"),
    ReferenceEntry("CID000203", TIN, "Cerro Tin Works, S.A.", "Peru"),
)

DECIDED_ON = date(2025, 1, 31)


def index(*learned: LearnedName) -> ReferenceIndex:
    return reference_index_build(ENTRIES, learned)


def learned(name: str, cid: str, metal: Metal = GOLD) -> LearnedName:
    return LearnedName(metal, name, cid, decided_by="casey", decided_on=DECIDED_ON)


def row(
    name: str = "",
    *,
    cid: str = "",
    metal: Metal | None = GOLD,
    country: str = "",
    lookup_name: str = "",
    resolution: SmelterResolution = SmelterResolution.NOT_LISTED,
    number: int = 5,
    **fields: Any,
) -> SmelterRow:
    """A Smelter List row as the reader returns it; ``cid`` is column A as typed."""
    values: dict[str, Any] = {
        "row": number,
        "cid_input": cid,
        "metal_raw": metal.value if metal else "",
        "metal": metal,
        "lookup_name": lookup_name,
        "name": name,
        "country": country,
        "cid": "",
        "source": "",
        "street": "",
        "city": "",
        "state": "",
        "contact_name": "",
        "contact_email": "",
        "next_steps": "",
        "mine_names": "",
        "mine_countries": "",
        "recycled_raw": "",
        "recycled": None,
        "comments": "",
        "resolution": resolution,
    }
    values.update(fields)
    return SmelterRow(**values)
