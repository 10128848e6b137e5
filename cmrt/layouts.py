"""Where each field of a CMRT lives, per release family. Pure data (cmrt-format.md §2-6).

Fields are located by address, never by the cached label text (labels are formulas
whose cached text follows the workbook's language).
"""

from __future__ import annotations

from dataclasses import dataclass

from cmrt.declaration import Question, Topic

YES_NO = ("Yes", "No")
YES_NO_UNKNOWN = ("Yes", "No", "Unknown")


@dataclass(frozen=True)
class CompanyCells:
    name: str
    scope: str
    scope_description: str
    unique_id: str
    unique_id_authority: str
    address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    authorizer: str
    authorizer_title: str
    authorizer_email: str
    authorizer_phone: str
    effective_date: str


@dataclass(frozen=True)
class SmelterColumns:
    """Smelter List column letters ("" when the release has no such column)."""

    cid_input: str
    metal: str
    lookup_name: str
    name: str
    country: str
    cid: str
    source: str
    street: str
    city: str
    state: str
    contact_name: str
    contact_email: str
    next_steps: str
    mine_names: str
    mine_countries: str
    recycled: str
    comments: str


@dataclass(frozen=True)
class ProductColumns:
    number: str
    name: str
    comments: str
    requester_number: str = ""
    requester_name: str = ""


@dataclass(frozen=True)
class Layout:
    family: str  # "6", "3", "2"
    company: CompanyCells
    scope_choices: tuple[tuple[str, str], ...]  # (canonical text, Scope value)
    questions: tuple[Question, ...]
    company_questions: tuple[Question, ...]
    smelter_sheet: str
    smelter_first_row: int
    smelter_columns: SmelterColumns
    product_first_row: int
    product_columns: ProductColumns
    required_contact_fields: tuple[str, ...]  # CompanyCells attribute names the Checker requires


def _q(key: str, topic: Topic, row: int, text: str, choices: tuple[str, ...]) -> Question:
    return Question(key=key, topic=topic, text=text, choices=choices, row=row)


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

LAYOUT_2X = Layout(
    family="2",
    company=CompanyCells(
        name="D8",
        scope="D9",
        scope_description="D10",
        unique_id="D12",
        unique_id_authority="",
        address="D13",
        contact_name="",
        contact_email="",
        contact_phone="",
        authorizer="D14",
        authorizer_title="D15",
        authorizer_email="D16",
        authorizer_phone="D17",
        effective_date="D18",
    ),
    scope_choices=(
        ("A. Company Level", "A"),
        ("B. Division Level [Specify in 'Description of scope']", "division"),
        ("C. Product Category Level [Specify in 'Description of scope']", "product_category"),
        ("D. Product Level", "B"),
    ),
    questions=(
        _q(
            "Q1",
            Topic.NECESSARY,
            21,
            "Are any of the following metals necessary to the functionality or production of your company's products that it manufactures or contracts to manufacture?",
            YES_NO,
        ),
        _q(
            "Q2",
            Topic.COVERED_COUNTRIES,
            27,
            "Do the following metals (necessary to the functionality or production of your company's products) originate from the Democratic Republic of the Congo (DRC) or an adjoining country?",
            ("Yes", "No", "Uncertain or Unknown"),
        ),
        _q(
            "Q3",
            Topic.RECYCLED_SCRAP,
            33,
            "Do the following metals (necessary to the functionality or production of your company's products) come from a recycler or scrap supplier?",
            ("Yes", "No", "Uncertain or Unknown"),
        ),
        _q(
            "Q4",
            Topic.SUPPLIER_RESPONSE,
            39,
            "Have you received completed Conflict Minerals Reporting Templates from all of your suppliers?",
            ("Yes", "No but > 75%", "No but > 50%", "No but > 25%", "No but < 25%", "No - none"),
        ),
        _q(
            "Q5",
            Topic.ALL_SMELTERS_IDENTIFIED,
            45,
            "For each conflict metal, have you identified all of the smelters your company and its suppliers use to supply the conflict minerals?",
            ("Yes all smelters have been provided", "No"),
        ),
        _q(
            "Q6",
            Topic.SMELTERS_VALIDATED,
            51,
            "Have all of the smelters your company and its suppliers use been validated as compliant in accordance with the CFS protocol?",
            YES_NO_UNKNOWN,
        ),
    ),
    company_questions=(
        _q(
            "A",
            Topic.POLICY,
            59,
            "Do you have a policy in place that includes DRC conflict-free sourcing?",
            YES_NO,
        ),
        _q(
            "B",
            Topic.POLICY_PUBLIC,
            61,
            "Is this policy publicly available on your website?",
            YES_NO,
        ),
        _q(
            "C",
            Topic.REQUIRE_SUPPLIERS_CONFLICT_FREE,
            63,
            "Are you requiring your direct suppliers to be DRC conflict-free?",
            ("Yes", "Yes included in standard contract language", "No"),
        ),
        _q(
            "D",
            Topic.REQUIRE_AUDITED_SMELTERS,
            65,
            "Are you requiring your direct suppliers to source from smelters validated as compliant by the CFS protocol?",
            ("Yes", "No", "Planned once lists become available"),
        ),
        _q(
            "E",
            Topic.DUE_DILIGENCE,
            67,
            "Have you implemented due diligence measures for conflict-free sourcing?",
            YES_NO,
        ),
        _q(
            "F",
            Topic.SURVEYS_SUPPLIERS,
            69,
            "Do you request your suppliers to fill out this Conflict Minerals Reporting Template?",
            YES_NO,
        ),
        _q(
            "G",
            Topic.REQUESTS_SMELTER_NAMES,
            71,
            "Do you request smelter names from your suppliers?",
            YES_NO,
        ),
        _q(
            "H",
            Topic.REVIEWS_INFORMATION,
            73,
            "Do you verify due diligence information received from your suppliers?",
            (
                "Yes (3rd party audit)",
                "Yes (documentation review only)",
                "Yes (internal audit)",
                "Yes (all methods apply)",
                "No",
            ),
        ),
        _q(
            "I",
            Topic.CORRECTIVE_ACTION,
            75,
            "Does your verification process include corrective action management?",
            YES_NO,
        ),
        _q(
            "J",
            Topic.FILES_DISCLOSURE,
            77,
            "Are you subject to the SEC Conflict Minerals rule?",
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
        source="",
        street="G",
        city="H",
        state="I",
        contact_name="J",
        contact_email="K",
        next_steps="L",
        mine_names="M",
        mine_countries="N",
        recycled="",
        comments="O",
    ),
    product_first_row=6,
    product_columns=ProductColumns(number="B", name="C", comments="D"),
    required_contact_fields=("authorizer", "authorizer_email"),
)

# 2.00 and 2.01 have no Smelter ID column: everything after the country moves left.
LAYOUT_200 = Layout(
    **{
        **LAYOUT_2X.__dict__,
        "smelter_columns": SmelterColumns(
            cid_input="",
            metal="B",
            lookup_name="C",
            name="D",
            country="E",
            cid="",
            source="",
            street="F",
            city="G",
            state="H",
            contact_name="I",
            contact_email="J",
            next_steps="K",
            mine_names="L",
            mine_countries="M",
            recycled="",
            comments="N",
        ),
    }
)


def layout_for(version: str) -> Layout | None:
    """The layout of a CMRT release, or None when we have no map for it (1.00, 4.x, 5.x
    are handled by the reader: outdated, or mapped through the L sheet)."""
    major, _dot, minor = version.partition(".")
    if major == "6":
        return LAYOUT_66 if minor.startswith("6") else LAYOUT_6X
    if major == "3":
        return LAYOUT_3X
    if major == "2":
        return LAYOUT_200 if minor in {"00", "01", "0", "1", ""} else LAYOUT_2X
    return None
