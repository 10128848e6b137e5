"""``build_report`` on the demo campaign: four documents, paths printed, readable back."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cmrt.checks import CheckContext
from cmrt.pipeline import cmrt_check_bytes

pytestmark = pytest.mark.django_db


def test_build_report_writes_the_four_documents(tmp_path: Path) -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("build_report", "--campaign", "2025", "--out", str(tmp_path), stdout=out)
    paths = out.getvalue().split()
    assert [Path(p).name for p in paths] == [
        "rcoi_summary.xlsx",
        "cmr_draft.docx",
        "cmr_draft.pdf",
        "company_cmrt.xlsx",
    ]
    assert (tmp_path / "cmr_draft.pdf").read_bytes().startswith(b"%PDF")
    company = cmrt_check_bytes(
        (tmp_path / "company_cmrt.xlsx").read_bytes(), CheckContext(today=date.today())
    )
    assert company.readable
    # Only what the (not yet editable) company profile lacks: contact and authorizer.
    assert {f.code for f in company.findings if f.severity.value == "error"} == {
        "company.contact_name.missing",
        "company.contact_email.missing",
        "company.contact_phone.missing",
        "company.authorizer.missing",
        "company.authorizer_email.missing",
    }
    assert {row.cid for row in company.declaration.smelters} >= {"CID000035", "CID001076"}


def test_build_report_names_a_missing_year(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="^No campaign for the reporting year 1999.$"):
        call_command("build_report", "--campaign", "1999", "--out", str(tmp_path))
