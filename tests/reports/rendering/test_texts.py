"""Default section texts: order, placeholders, overrides, determination wording."""

from __future__ import annotations

import dataclasses

from reports.model import Count
from reports.texts import CMR_KEYS, FORM_SD_KEYS, fill, sections_build, sections_split
from tests.reports.rendering.helpers import sample_profile, sample_report


def _by_key(sections):
    return {s.key: s for s in sections}


def test_sections_in_document_order_form_sd_then_exhibit():
    sections = sections_build(sample_report(), sample_profile(), {})
    assert tuple(s.key for s in sections) == FORM_SD_KEYS + CMR_KEYS
    assert FORM_SD_KEYS == (
        "sd_registrant",
        "sd_item_1_01",
        "sd_rcoi_description",
        "sd_rcoi_result",
        "sd_item_1_02",
        "sd_exhibits",
        "sd_signature",
    )
    assert CMR_KEYS == (
        "cmr_introduction",
        "cmr_framework",
        "cmr_step1",
        "cmr_step2",
        "cmr_step3",
        "cmr_step4",
        "cmr_step5",
        "cmr_results",
        "cmr_mine_origin",
        "cmr_future_steps",
        "cmr_ipsa",
        "cmr_forward_looking",
    )
    sd, cmr = sections_split(sections)
    assert [s.key for s in sd] == list(FORM_SD_KEYS)
    assert [s.key for s in cmr] == list(CMR_KEYS)
    assert not any(s.edited for s in sections)


def test_rcoi_result_is_filled_from_the_figures():
    body = _by_key(sections_build(sample_report(), sample_profile(), {}))["sd_rcoi_result"].body
    assert body == (
        "5 of the 7 suppliers in scope responded, a response rate of 71.4%.\n\n"
        "- Responses accepted after review: 1\n"
        "- Suppliers that declined: 1\n"
        "- Responses with errors, raised with the supplier: 2\n"
        "- Responses indicating possible sourcing from the Covered Countries or other "
        "conflict-affected and high-risk areas: 2\n"
        "- Smelters and refiners named by suppliers: 6, of which RMAP Conformant: 3 and RMAP "
        "Active: 1\n\n"
        "Based on the RCOI, Example Devices Inc. has reason to believe that a portion of the "
        "necessary conflict minerals in its products may have originated in the Covered "
        "Countries and may not be from recycled or scrap sources. Example Devices Inc. has "
        "therefore exercised due diligence on the source and chain of custody of those "
        "conflict minerals and files a Conflict Minerals Report as Exhibit 1.01."
    )


def test_no_placeholder_is_left_unfilled_in_the_defaults():
    for section in sections_build(sample_report(), sample_profile(), {}):
        assert "{" not in section.body and "}" not in section.body, section.key


def test_step2_red_flags_and_results_status_counts():
    sections = _by_key(sections_build(sample_report(), sample_profile(), {}))
    step2 = sections["cmr_step2"].body
    assert (
        "- suppliers stating that they source from the Covered Countries: 1 (metals: Tantalum);"
        in step2
    )
    assert "other conflict-affected and high-risk areas: 1 (metals: Gold)." in step2
    assert "Suppliers that answered after the due date or had not answered by it: 4." in step2
    results = sections["cmr_results"].body
    assert (
        "- Conformant (passed an RMAP or cross-recognised assessment): 3\n"
        "- Active (committed to an assessment): 1\n- Not conformant: 1\n- Unknown status: 0\n"
        "- Not on the list: 1" in results
    )
    assert (
        "Countries where the smelters and refiners identified are located (5): Austria, Japan, "
        "Malaysia, Switzerland, Thailand." in results
    )
    assert "https://example.com/minerals-policy" in sections["cmr_step1"].body


def test_override_replaces_default_and_keeps_placeholders_live():
    overrides = {"cmr_ipsa": "No audit for {company} in {reporting_year}; see {nonsense}."}
    sections = _by_key(sections_build(sample_report(), sample_profile(), overrides))
    assert sections["cmr_ipsa"].body == "No audit for Example Devices Inc. in 2024; see {nonsense}."
    assert sections["cmr_ipsa"].edited is True
    assert sections["cmr_ipsa"].title == "Independent private sector audit"
    assert sections["cmr_step5"].edited is False


def test_unknown_override_keys_are_ignored():
    sections = sections_build(sample_report(), sample_profile(), {"old_key": "x"})
    assert tuple(s.key for s in sections) == FORM_SD_KEYS + CMR_KEYS


def test_fill_does_no_attribute_access_and_no_recursion():
    values = {"company": "{in_scope}", "in_scope": "7"}
    assert fill("{company.__class__} {company} {0} {{in_scope}}", values) == (
        "{company.__class__} {in_scope} {0} {7}"
    )


def test_empty_profile_fields_show_bracketed_reminders():
    profile = sample_profile(policy_url="", committee="", grievance_contact="")
    step1 = _by_key(sections_build(sample_report(), profile, {}))["cmr_step1"].body
    assert "published at [policy URL]." in step1
    assert "overseen by [responsible committee]," in step1
    assert "raised with [grievance contact]." in step1


def test_no_responses_gives_the_undeterminable_wording():
    report = dataclasses.replace(sample_report(), responded=Count(0))
    body = _by_key(sections_build(report, sample_profile(), {}))["sd_rcoi_result"].body
    assert body.endswith(
        "Example Devices Inc. received no supplier responses for 2024 and is therefore unable "
        "to determine the country of origin of the necessary conflict minerals."
    )


def test_complete_conformant_answers_give_the_no_reason_wording():
    report = sample_report()
    report = dataclasses.replace(
        report,
        responded=report.in_scope,
        high_risk=Count(0),
        covered_countries_yes={},
        cahra_yes={},
        unmatched=(),
        smelter_list=tuple(r for r in report.smelter_list if r.rmap_status == "conformant"),
    )
    body = _by_key(sections_build(report, sample_profile(), {}))["sd_rcoi_result"].body
    assert "has no reason to believe" in body


def test_control_characters_are_stripped_from_profile_and_overrides():
    profile = sample_profile(name="Acme\x00\x07 Corp")
    sections = _by_key(sections_build(sample_report(), profile, {"sd_item_1_02": "A\x1bB"}))
    assert sections["sd_item_1_02"].body == "AB"
    assert sections["sd_signature"].body.endswith("- Date: [date of filing]")
    assert "- Acme Corp\n" in sections["sd_signature"].body
