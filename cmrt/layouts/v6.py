"""CMRT 6.01 to 6.6 (cmrt-format.md §2-6)."""

from __future__ import annotations

from cmrt.declaration import Topic
from cmrt.layouts.base import (
    YES_NO,
    YES_NO_UNKNOWN,
    CompanyCells,
    Layout,
    ProductColumns,
    SmelterColumns,
    _q,
)

RESPONSE_6X = (
    "100%",
    "Greater than 90%",
    "Greater than 75%",
    "Greater than 50%",
    "50% or less",
    "None",
)

LAYOUT_6X = Layout(
    family="6",
    company=CompanyCells(
        name="D8",
        scope="D9",
        scope_description="D10",
        unique_id="D12",
        unique_id_authority="D13",
        address="D14",
        contact_name="D15",
        contact_email="D16",
        contact_phone="D17",
        authorizer="D18",
        authorizer_title="D19",
        authorizer_email="D20",
        authorizer_phone="D21",
        effective_date="D22",
    ),
    scope_choices=(
        ("A. Company", "A"),
        ("B. Product (or List of Products)", "B"),
        ("C. User defined [Specify in 'Description of scope']", "C"),
    ),
    questions=(
        _q(
            "Q1",
            Topic.INTENTIONALLY_ADDED,
            25,
            "Is any 3TG intentionally added or used in the product(s) or in the production process?",
            YES_NO,
        ),
        _q("Q2", Topic.REMAINS_IN_PRODUCT, 31, "Does any 3TG remain in the product(s)?", YES_NO),
        _q(
            "Q3",
            Topic.COVERED_COUNTRIES,
            37,
            "Do any of the smelters in your supply chain source the 3TG from the covered countries?",
            YES_NO_UNKNOWN,
        ),
        _q(
            "Q4",
            Topic.CAHRA,
            43,
            "Do any of the smelters in your supply chain source the 3TG from conflict-affected and high-risk areas?",
            YES_NO_UNKNOWN,
        ),
        _q(
            "Q5",
            Topic.RECYCLED_SCRAP,
            49,
            "Does 100 percent of the 3TG (necessary to the functionality or production of your products) originate from recycled or scrap sources?",
            YES_NO_UNKNOWN,
        ),
        _q(
            "Q6",
            Topic.SUPPLIER_RESPONSE,
            55,
            "What percentage of relevant suppliers have provided a response to your supply chain survey?",
            RESPONSE_6X,
        ),
        _q(
            "Q7",
            Topic.ALL_SMELTERS_IDENTIFIED,
            61,
            "Have you identified all of the smelters supplying the 3TG to your supply chain?",
            YES_NO,
        ),
        _q(
            "Q8",
            Topic.ALL_SMELTER_INFO_REPORTED,
            67,
            "Has all applicable smelter information received by your company been reported in this declaration?",
            YES_NO,
        ),
    ),
    company_questions=(
        _q(
            "A",
            Topic.POLICY,
            75,
            "Have you established a responsible minerals sourcing policy?",
            YES_NO,
        ),
        _q(
            "B",
            Topic.POLICY_PUBLIC,
            77,
            "Is your responsible minerals sourcing policy publicly available on your website?",
            YES_NO,
        ),
        _q(
            "C",
            Topic.REQUIRE_AUDITED_SMELTERS,
            79,
            "Do you require your direct suppliers to source the 3TG from smelters whose due diligence practices have been validated by an independent third party audit program?",
            YES_NO,
        ),
        _q(
            "D",
            Topic.DUE_DILIGENCE,
            81,
            "Have you implemented due diligence measures for responsible sourcing?",
            YES_NO,
        ),
        _q(
            "E",
            Topic.SURVEYS_SUPPLIERS,
            83,
            "Does your company conduct Conflict Minerals survey(s) of your relevant supplier(s)?",
            (
                "Yes, in conformance with IPC1755 (e.g., CMRT)",
                "Yes, using other format (describe)",
                "No",
            ),
        ),
        _q(
            "F",
            Topic.REVIEWS_INFORMATION,
            85,
            "Do you review due diligence information received from your suppliers against your company's expectations?",
            YES_NO,
        ),
        _q(
            "G",
            Topic.CORRECTIVE_ACTION,
            87,
            "Does your review process include corrective action management?",
            YES_NO,
        ),
        _q(
            "H",
            Topic.FILES_DISCLOSURE,
            89,
            "Is your company required to file an annual conflict minerals disclosure?",
            ("Yes, with the SEC", "Yes, with the EU", "Yes, with the SEC and the EU", "No"),
        ),
    ),
    smelter_sheet="Smelter List",
    smelter_first_row=5,
    smelter_columns=SmelterColumns(
        cid_input="A",
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
    required_contact_fields=(
        "contact_name",
        "contact_email",
        "contact_phone",
        "authorizer",
        "authorizer_email",
    ),
)

# 6.6 adds the Requester's product columns to the Product List (as EMRT 2.1 / AMRT 1.3).
LAYOUT_66 = Layout(
    **{
        **LAYOUT_6X.__dict__,
        "product_columns": ProductColumns(
            number="B", name="C", requester_number="D", requester_name="E", comments="F"
        ),
    }
)
