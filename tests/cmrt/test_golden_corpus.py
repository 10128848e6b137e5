"""Golden outcomes of the full read + check over every workbook of the shared corpus.

One line per file: template kind and release as recognised, smelter rows read, finding
codes with their counts, and the refusal message when the file is no CMRT we read. Each
file skips cleanly when ../shared/corpus is absent. A change here is a change in what
suppliers are told: review it as such.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from cmrt.checks import CheckContext
from cmrt.pipeline import cmrt_check_bytes
from tests.cmrt.corpus import corpus_file

# 3.x and 2.x files are read as they are (minimum release 2.00), on a fixed day.
CONTEXT = CheckContext(today=date(2026, 12, 1), minimum_version="2.00")

GOLDEN = [
    (
        "cmrt/RMI_CMRT_6.01_blank.xlsx",
        "CMRT",
        "6.01",
        0,
        {
            "answer.missing": 8,
            "company.authorizer.missing": 1,
            "company.authorizer_email.missing": 1,
            "company.contact_email.missing": 1,
            "company.contact_name.missing": 1,
            "company.contact_phone.missing": 1,
            "company.name.missing": 1,
            "company.scope.missing": 1,
            "date.missing": 1,
        },
        None,
    ),
    (
        "cmrt/RMI_CMRT_6.1_blank.xlsx",
        "CMRT",
        "6.1",
        0,
        {
            "answer.missing": 8,
            "company.authorizer.missing": 1,
            "company.authorizer_email.missing": 1,
            "company.contact_email.missing": 1,
            "company.contact_name.missing": 1,
            "company.contact_phone.missing": 1,
            "company.name.missing": 1,
            "company.scope.missing": 1,
            "date.missing": 1,
        },
        None,
    ),
    (
        "cmrt/RMI_CMRT_6.31_blank.xlsx",
        "CMRT",
        "6.31",
        0,
        {
            "answer.missing": 14,
            "answer.unknown": 1,
            "company.authorizer.missing": 1,
            "company.authorizer_email.missing": 1,
            "company.contact_email.missing": 1,
            "company.contact_name.missing": 1,
            "company.contact_phone.missing": 1,
            "company.name.missing": 1,
            "date.missing": 1,
            "risk.covered_countries": 1,
            "smelters.missing_for_metal": 1,
        },
        None,
    ),
    (
        "cmrt/RMI_CMRT_6.5_blank.xlsx",
        "CMRT",
        "6.5",
        0,
        {
            "answer.missing": 8,
            "company.authorizer.missing": 1,
            "company.authorizer_email.missing": 1,
            "company.contact_email.missing": 1,
            "company.contact_name.missing": 1,
            "company.contact_phone.missing": 1,
            "company.name.missing": 1,
            "company.scope.missing": 1,
            "date.missing": 1,
        },
        None,
    ),
    (
        "cmrt/CMRT_3.01_filled_green.xlsx",
        "CMRT",
        "3.01",
        4,
        {"answer.unknown": 1, "products.unused": 1, "smelter.recycled_contradiction": 4},
        None,
    ),
    (
        "cmrt/CMRT_3.01_filled_high_risk.xlsx",
        "CMRT",
        "3.01",
        4,
        {"answer.identified_without_full_response": 1, "risk.covered_countries": 4},
        None,
    ),
    (
        "cmrt/CMRT_3.01_filled_validation_needed.xlsx",
        "CMRT",
        "3.01",
        4,
        {
            "answer.identified_without_full_response": 1,
            "answer.unknown": 1,
            "company.name.missing": 1,
            "company.scope.missing": 1,
        },
        None,
    ),
    (
        "cmrt/CMRT_2.03a_filled_green.xlsx",
        "CMRT",
        "2.03a",
        4,
        {"answer.unknown": 2, "products.unused": 1},
        None,
    ),
    (
        "cmrt/CMRT_2.03a_filled_high_risk.xlsx",
        "CMRT",
        "2.03a",
        4,
        {"answer.unknown": 2, "risk.covered_countries": 1},
        None,
    ),
    (
        "cmrt/CMRT_2.00_filled.xls",
        "CMRT",
        "2.00",
        4,
        {"answer.unknown": 4, "smelter.unresolved": 4},
        None,
    ),
    ("cmrt/CMRT_2.03_filled_encrypted.xls", "CMRT", "2.03", 4, {"answer.unknown": 4}, None),
    (
        "cmrt/CMRT_1.00_blank.xlsx",
        "CMRT",
        "1.00",
        None,
        {},
        "This is a CMRT 1.00, a template from 2011 that is long outdated. Please send your declaration on the current RMI CMRT (6.x).",
    ),
    (
        "other-templates/RMI_EMRT_2.0_blank.xlsx",
        "EMRT",
        "2.0",
        None,
        {},
        "This is the EMRT 2.0 template (cobalt, copper, graphite, lithium, mica and nickel), not a CMRT. Please upload the Conflict Minerals Reporting Template for tin, tantalum, tungsten and gold.",
    ),
    (
        "other-templates/RMI_EMRT_2.1_blank.xlsx",
        "EMRT",
        "2.1",
        None,
        {},
        "This is the EMRT 2.1 template (cobalt, copper, graphite, lithium, mica and nickel), not a CMRT. Please upload the Conflict Minerals Reporting Template for tin, tantalum, tungsten and gold.",
    ),
    (
        "other-templates/RMI_AMRT_1.3_blank.xlsx",
        "AMRT",
        "1.3",
        None,
        {},
        "This is the AMRT 1.3 template (minerals beyond 3TG chosen on its Minerals Scope sheet), not a CMRT. Please upload the Conflict Minerals Reporting Template for tin, tantalum, tungsten and gold.",
    ),
    (
        "other-templates/RMI_CRT_2.21_blank.xlsx",
        "CRT",
        "2.2",
        None,
        {},
        "This is the CRT 2.2 template (cobalt), not a CMRT. Please upload the Conflict Minerals Reporting Template for tin, tantalum, tungsten and gold.",
    ),
    (
        "not-cmrt/jpeg_renamed.xls",
        None,
        None,
        None,
        {},
        "This file is not an Excel workbook. Upload the CMRT as .xlsx (or .xls).",
    ),
    (
        "not-cmrt/two_worksheets.xlsx",
        None,
        None,
        None,
        {},
        "This workbook is not an RMI reporting template: it has no Declaration sheet with a template title. Please upload the Conflict Minerals Reporting Template (CMRT).",
    ),
]


@pytest.mark.parametrize(
    ("relative", "kind", "version", "smelters", "codes", "problem"),
    GOLDEN,
    ids=[entry[0] for entry in GOLDEN],
)
def test_corpus_file(
    relative: str,
    kind: str | None,
    version: str | None,
    smelters: int | None,
    codes: dict[str, int],
    problem: str | None,
) -> None:
    report = cmrt_check_bytes(corpus_file(relative), CONTEXT)
    identity = report.identity
    assert (identity.kind.value if identity else None, identity.version if identity else None) == (
        kind,
        version,
    )
    assert (len(report.declaration.smelters) if report.declaration else None) == smelters
    assert dict(sorted(Counter(f.code for f in report.findings).items())) == codes
    assert report.problem == problem
