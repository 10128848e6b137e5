"""A version's stored inputs come back as the same ``CampaignInputs`` (pure)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from reports.aggregation import campaign_report
from reports.texts import PLACEHOLDER_NAMES, placeholders
from reports.versions import inputs_from_json, inputs_json
from tests.reports.aggregation.builders import TODAY, sample_inputs
from tests.reports.company_cmrt.helpers import PROFILE


def test_stored_inputs_read_back_equal_to_the_original() -> None:
    inputs = sample_inputs()
    stored = json.loads(json.dumps(inputs_json(inputs)))  # as the JSONField keeps it
    assert inputs_from_json(stored) == inputs


def test_dates_and_empty_dates_survive() -> None:
    inputs = replace(sample_inputs(), snapshot_as_of=None)
    smelter = inputs.smelters[0]._replace(last_audit_date=date(2024, 6, 30))
    inputs = replace(inputs, smelters=(smelter, *inputs.smelters[1:]))
    back = inputs_from_json(json.loads(json.dumps(inputs_json(inputs))))
    assert back.snapshot_as_of is None
    assert back.smelters[0].last_audit_date == date(2024, 6, 30)
    assert back.suppliers == inputs.suppliers


def test_the_edit_page_lists_every_placeholder_the_texts_fill() -> None:
    report = campaign_report(sample_inputs(), TODAY)
    assert set(PLACEHOLDER_NAMES) == set(placeholders(report, PROFILE))
    assert len(PLACEHOLDER_NAMES) == len(set(PLACEHOLDER_NAMES))


def test_a_smelter_row_is_stored_as_a_mapping_of_its_fields() -> None:
    """The stored form (and so the content hash) is the same as when rows were dataclasses."""
    smelter = sample_inputs().smelters[0]
    stored = inputs_json(sample_inputs())["smelters"][0]
    assert stored == {
        "supplier_id": smelter.supplier_id,
        "submission_id": smelter.submission_id,
        "row": smelter.row,
        "metal": smelter.metal,
        "reported_name": smelter.reported_name,
        "reported_country": smelter.reported_country,
        "cid": smelter.cid,
        "standard_name": smelter.standard_name,
        "country": smelter.country,
        "match_status": smelter.match_status,
        "rmap_status": smelter.rmap_status,
        "rmap_status_raw": smelter.rmap_status_raw,
        "last_audit_date": smelter.last_audit_date.isoformat() if smelter.last_audit_date else None,
    }
