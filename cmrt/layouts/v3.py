"""CMRT 3.x: seven per-metal questions, company questions A-J (cmrt-format.md §3-5)."""

from __future__ import annotations

from cmrt.declaration import Topic
from cmrt.layouts.base import (
    YES_NO,
    YES_NO_UNKNOWN,
    Layout,
    ProductColumns,
    SmelterColumns,
    _q,
)
from cmrt.layouts.v6 import LAYOUT_6X

RESPONSE_3X = (
    "Yes, 100%",
    "No, but greater than 75%",
    "No, but greater than 50%",
    "No, but greater than 25%",
    "No, but less than 25%",
    "None",
)

LAYOUT_3X = Layout(
    family="3",
    company=LAYOUT_6X.company,
    scope_choices=LAYOUT_6X.scope_choices,
    questions=(
        _q(
            "Q1",
            Topic.INTENTIONALLY_ADDED,
            25,
            "Is the conflict metal intentionally added to your product?",
            YES_NO,
        ),
        _q(
            "Q2",
            Topic.REMAINS_IN_PRODUCT,
            31,
            "Is the conflict metal necessary to the production of your company's products and contained in the finished product that your company manufactures or contracts to manufacture?",
            YES_NO,
        ),
        _q(
            "Q3",
            Topic.COVERED_COUNTRIES,
            37,
            "Does any of the conflict metal originate from the covered countries?",
            YES_NO_UNKNOWN,
        ),
        _q(
            "Q4",
            Topic.RECYCLED_SCRAP,
            43,
            "Does 100 percent of the conflict metal (necessary to the functionality or production of your products) originate from recycled or scrap sources?",
            YES_NO_UNKNOWN,
        ),
        _q(
            "Q5",
            Topic.SUPPLIER_RESPONSE,
            49,
            "Have you received conflict metals data/information for each metal from all relevant suppliers of 3TG?",
            RESPONSE_3X,
        ),
        _q(
            "Q6",
            Topic.ALL_SMELTERS_IDENTIFIED,
            55,
            "For each conflict metal, have you identified all of the smelters supplying the 3TG to your supply chain?",
            YES_NO,
        ),
        _q(
            "Q7",
            Topic.ALL_SMELTER_INFO_REPORTED,
            61,
            "Has all applicable smelter information received by your company been reported in this declaration?",
            YES_NO_UNKNOWN,
        ),
    ),
    company_questions=(
        _q(
            "A",
            Topic.POLICY,
            69,
            "Do you have a policy in place that addresses conflict minerals sourcing?",
            YES_NO,
        ),
        _q(
            "B",
            Topic.POLICY_PUBLIC,
            71,
            "Is your conflict minerals sourcing policy publicly available on your website?",
            YES_NO,
        ),
        _q(
            "C",
            Topic.REQUIRE_SUPPLIERS_CONFLICT_FREE,
            73,
            "Do you require your direct suppliers to be DRC conflict-free?",
            YES_NO,
        ),
        _q(
            "D",
            Topic.REQUIRE_AUDITED_SMELTERS,
            75,
            "Do you require your direct suppliers to source from smelters whose due diligence practices have been validated by an independent private sector audit firm?",
            YES_NO,
        ),
        _q(
            "E",
            Topic.DUE_DILIGENCE,
            77,
            "Have you implemented due diligence measures for conflict-free sourcing?",
            YES_NO,
        ),
        _q(
            "F",
            Topic.SURVEYS_SUPPLIERS,
            79,
            "Do you collect conflict minerals due diligence information from your suppliers which is in conformance with the IPC-1755 Conflict Minerals Data Exchange standard?",
            YES_NO,
        ),
        _q(
            "G",
            Topic.REQUESTS_SMELTER_NAMES,
            81,
            "Do you request smelter names from your suppliers?",
            YES_NO,
        ),
        _q(
            "H",
            Topic.REVIEWS_INFORMATION,
            83,
            "Do you review due diligence information received from your suppliers against your company's expectations?",
            YES_NO,
        ),
        _q(
            "I",
            Topic.CORRECTIVE_ACTION,
            85,
            "Does your review process include corrective action management?",
            YES_NO,
        ),
        _q(
            "J",
            Topic.FILES_DISCLOSURE,
            87,
            "Are you subject to the SEC Conflict Minerals disclosure requirement?",
            YES_NO,
        ),
    ),
    smelter_sheet="Smelter List",
    smelter_first_row=5,
    smelter_columns=SmelterColumns(
        cid_input="",
        metal="B",
        lookup_name="C",
        name="D",
        country="E",
        cid="F",
        source="G",
        street="H",
        city="I",
        state="J",
        contact_name="K",
        contact_email="L",
        next_steps="M",
        mine_names="N",
        mine_countries="O",
        recycled="P",
        comments="Q",
    ),
    product_first_row=6,
    product_columns=ProductColumns(number="B", name="C", comments="D"),
    # 3.01's Checker also required the authorizer's phone.
    required_contact_fields=(
        "contact_name",
        "contact_email",
        "contact_phone",
        "authorizer",
        "authorizer_email",
        "authorizer_phone",
    ),
)
