"""Database rows for the matching tests, created directly."""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from django.core.files.base import ContentFile

from cmrt.models import (
    ReferenceImport,
    ReferenceSmelter,
    SmelterAlias,
    SmelterRecord,
    Submission,
)
from cmrt.reading.values import fold
from suppliers.models import Supplier

_numbers = itertools.count(1)


def make_import() -> ReferenceImport:
    number = next(_numbers)
    return ReferenceImport.objects.create(
        kind=ReferenceImport.Kind.FACILITY_LIST,
        sha256=hashlib.sha256(f"import {number}".encode()).hexdigest(),
        original_name=f"facilities-{number}.xlsx",
        file=ContentFile(b"x", name=f"facilities-{number}.xlsx"),
    )


def make_smelter(
    cid: str, metal: str, name: str, country: str = "", *aliases: tuple[str, str], **fields: Any
) -> ReferenceSmelter:
    """``aliases``: (name, kind) pairs; the standard name is added as an alias too."""
    source = make_import()
    smelter = ReferenceSmelter.objects.create(
        cid=cid,
        metal=metal,
        standard_name=name,
        country=country,
        first_import=source,
        last_import=source,
        **fields,
    )
    for alias, kind in ((name, SmelterAlias.Kind.STANDARD), *aliases):
        SmelterAlias.objects.create(
            smelter=smelter, metal=metal, name=alias, folded=fold(alias), kind=kind
        )
    return smelter


def make_submission(supplier: Supplier | None, name: str = "cmrt.xlsx") -> Submission:
    content = f"{name} {next(_numbers)}".encode()
    return Submission.objects.create(
        supplier=supplier,
        file=ContentFile(content, name=name),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=name,
        size=len(content),
        status=Submission.Status.CHECKED,
    )


def make_record(submission: Submission, row: int, name: str, **fields: Any) -> SmelterRecord:
    fields.setdefault("metal", "Gold")
    fields.setdefault("match_status", SmelterRecord.MatchStatus.REVIEW)
    fields.setdefault("resolution", "not_listed")
    return SmelterRecord.objects.create(submission=submission, row=row, name=name, **fields)
