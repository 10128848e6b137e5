"""The default section texts of the Form SD and of Exhibit 1.01 (the Conflict Minerals
Report), as (key, title, body) with ``{placeholders}``; ``reports.texts`` fills them. The
keys are stable: stored overrides refer to them. A draft for counsel, not legal advice."""

from __future__ import annotations

DISCLOSURE_URL = "[website address of this disclosure]"

FORM_SD_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "sd_registrant",
        "Registrant",
        """- Exact name of registrant as specified in its charter: {company}
- Commission file number: {sec_file_number}
- Address of principal executive offices: {registrant_address}
- Name and telephone number of the person to contact in connection with this report: \
{contact_name}, {contact_phone}, {contact_email}
- Form SD is filed under Rule 13p-1 for the reporting period from {period_start} to \
{period_end}.""",
    ),
    (
        "sd_item_1_01",
        "Item 1.01 Conflict Minerals Disclosure and Report",
        """{company} has determined that tin, tantalum, tungsten and gold ("3TG" or "conflict \
minerals") are necessary to the functionality or production of products it manufactured or \
contracted to manufacture during the calendar year {reporting_year}. The products concerned \
are: {products}.

This Form SD and the Conflict Minerals Report filed as Exhibit 1.01 are publicly available \
at """
        + DISCLOSURE_URL
        + """. The content of any website referred to in this Form SD is \
not incorporated by reference into it.""",
    ),
    (
        "sd_rcoi_description",
        "Reasonable Country of Origin Inquiry",
        """{company} conducted a good-faith reasonable country of origin inquiry ("RCOI") \
reasonably designed to determine whether any of the necessary conflict minerals originated \
in the Democratic Republic of the Congo or an adjoining country (the "Covered Countries": \
{covered_countries}) or came from recycled or scrap sources.

As a downstream company, {company} does not buy conflict minerals from mines, smelters or \
refiners and is several tiers removed from them, so its inquiry relied on its direct \
suppliers. {company} identified {in_scope} suppliers in scope for {reporting_year} and asked \
{surveyed} of them to complete the Responsible Minerals Initiative ("RMI") Conflict Minerals \
Reporting Template ("CMRT"). Each response was checked for completeness and internal \
consistency, and the smelters and refiners it named were matched to RMI smelter \
identification numbers and compared with the RMAP status list as of {snapshot_date}. \
Suppliers that did not answer were reminded, and incomplete or inconsistent responses were \
returned for correction.""",
    ),
    (
        "sd_rcoi_result",
        "Results of the Reasonable Country of Origin Inquiry",
        """{responded} of the {in_scope} suppliers in scope responded, a response rate of \
{response_rate}.

- Responses accepted after review: {accepted}
- Suppliers that declined: {declined}
- Responses with errors, raised with the supplier: {with_errors}
- Responses indicating possible sourcing from the Covered Countries or other \
conflict-affected and high-risk areas: {high_risk}
- Smelters and refiners named by suppliers: {smelters}, of which RMAP Conformant: \
{conformant} and RMAP Active: {active}

{rcoi_result}""",
    ),
    (
        "sd_item_1_02",
        "Item 1.02 Exhibit",
        """{company} has filed its Conflict Minerals Report as Exhibit 1.01 to this Form SD. \
It is also available at """
        + DISCLOSURE_URL
        + """.""",
    ),
    (
        "sd_exhibits",
        "Item 3.01 Exhibits",
        """- Exhibit 1.01: Conflict Minerals Report of {company} for the reporting period from \
{period_start} to {period_end}, as required by Items 1.01 and 1.02 of this Form SD.""",
    ),
    (
        "sd_signature",
        "Signature",
        """Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant \
has duly caused this report to be signed on its behalf by the duly authorized undersigned.

- {company}
- By: {authorizer}, {authorizer_title}
- Date: [date of filing]""",
    ),
)

CMR_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "cmr_introduction",
        "Introduction",
        """This Conflict Minerals Report of {company} for the calendar year {reporting_year} \
is filed as Exhibit 1.01 to Form SD under Rule 13p-1 of the Securities Exchange Act of 1934. \
"Conflict minerals" means cassiterite, columbite-tantalite (coltan), gold, wolframite and \
their derivatives, limited to tin, tantalum, tungsten and gold ("3TG"). "Covered Countries" \
means {covered_countries}.

Products covered by this report: {products}.""",
    ),
    (
        "cmr_framework",
        "Due diligence framework",
        """{company} designed its due diligence to conform, in all material respects, with the \
OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from Conflict-Affected \
and High-Risk Areas (Third Edition) and its Supplements on Tin, Tantalum and Tungsten and on \
Gold (the "OECD Guidance"), as they apply to a downstream company. The following sections \
follow the five steps of the OECD Guidance.""",
    ),
    (
        "cmr_step1",
        "Step 1: Establish strong company management systems",
        """- Policy: {company} has adopted a responsible minerals sourcing policy, published at \
{policy_url}. It expects suppliers to source from smelters and refiners that take part in an \
independent third-party audit programme such as the RMI Responsible Minerals Assurance \
Process ("RMAP") and to pass this expectation to their own suppliers.
- Internal team: the programme is overseen by {committee}, which reviews the results of the \
inquiry and approves this report.
- Control systems: the supplier survey, the review of each response and the smelter \
comparison are recorded in a due-diligence application that keeps who did what and when, and \
binds each reporting year to a dated copy of the RMAP status list.
- Supplier engagement: suppliers receive the policy and the request to complete the CMRT, \
with reminders until they answer.
- Grievance mechanism: concerns about the sourcing of minerals in {company}'s supply chain \
can be raised with {grievance_contact}.
- Records: documents relating to this due diligence are kept for at least five years.""",
    ),
    (
        "cmr_step2",
        "Step 2: Identify and assess risks in the supply chain",
        """{company} identified {in_scope} suppliers whose products may contain 3TG and \
surveyed {surveyed} of them with the CMRT. {responded} of them responded, a response rate \
of {response_rate}. Suppliers that answered after the due date or had not answered by it: \
{late}.

Each response was checked against the CMRT's completeness rules and for consistency between \
the declaration and the smelter list. Responses with errors or that could not be read were \
returned to the supplier for correction ({with_errors} in total).

Red flags were assessed from the answers and escalated as described in Step 3:

- suppliers stating that they source from the Covered Countries: {covered_yes} (metals: \
{covered_metals});
- suppliers stating that they source from other conflict-affected and high-risk areas: \
{cahra_yes} (metals: {cahra_metals}).

The smelters and refiners named by suppliers ({smelters}) were compared with the RMAP status \
list as of {snapshot_date}. Reported names that could not be matched to a listed smelter or \
refiner ({unmatched}) were raised with the suppliers who reported them.""",
    ),
    (
        "cmr_step3",
        "Step 3: Design and implement a strategy to respond to identified risks",
        """The results of the risk assessment are reported to {committee}. {company}'s \
risk-management plan responds to identified risks by:

- following up with suppliers that did not respond, responded late or sent incomplete or \
inconsistent information until a complete response is received;
- asking suppliers whose responses indicate sourcing from the Covered Countries or other \
conflict-affected and high-risk areas for the smelters and origin concerned and for evidence \
that those smelters are RMAP Conformant;
- asking suppliers that name smelters or refiners that are not RMAP Conformant or Active to \
encourage those facilities to take part in the RMAP, or to move their sourcing to \
conformant facilities;
- escalating to the supplier's management where a supplier does not cooperate or a risk is \
not mitigated within a reasonable time and, as a last resort, taking this into account in \
sourcing decisions.""",
    ),
    (
        "cmr_step4",
        "Step 4: Carry out independent third-party audit of smelter/refiner due diligence \
practices",
        """As a downstream company, {company} has no direct relationship with smelters and \
refiners and does not audit them itself. It relies on independent third-party assessments of \
smelters and refiners under the RMAP and the programmes it cross-recognises, the London \
Bullion Market Association (LBMA) Responsible Gold Guidance and the Responsible Jewellery \
Council (RJC) Chain-of-Custody Standard. The RMAP status of each smelter and refiner named by \
suppliers is listed in Annex I.""",
    ),
    (
        "cmr_step5",
        "Step 5: Report annually on supply chain due diligence",
        """{company} files this Form SD and Conflict Minerals Report with the U.S. Securities \
and Exchange Commission and publishes them at """
        + DISCLOSURE_URL
        + """ each year. Its \
responsible minerals sourcing policy is available at {policy_url}.""",
    ),
    (
        "cmr_results",
        "Due diligence results",
        """Suppliers identified {smelters} smelters and refiners that may have processed the \
necessary conflict minerals in {company}'s products. Their status on the RMAP status list as \
of {snapshot_date}:

- Conformant (passed an RMAP or cross-recognised assessment): {conformant}
- Active (committed to an assessment): {active}
- Not conformant: {not_conformant}
- Unknown status: {unknown_status}
- Not on the list: {not_listed}

Annex I lists each smelter and refiner with its metal, RMI smelter \
identification number, country of location and RMAP status.

Countries where the smelters and refiners identified are located ({countries}): \
{country_list}.

Most suppliers answer at company level rather than for the products they supply to \
{company}, so {company} cannot determine which of the listed smelters and refiners processed \
the conflict minerals contained in its products.""",
    ),
    (
        "cmr_mine_origin",
        "Efforts to determine the mine or location of origin",
        """{company} sought to determine the mine or location of origin with the greatest \
possible specificity by asking suppliers for the smelters and refiners in their supply chain \
and by relying on the RMAP, whose assessments review the origin of the minerals each \
smelter or refiner processes. The RMI makes country-of-origin information available only in \
aggregated form. The countries listed above are where the smelters and refiners are \
located, which are not necessarily the countries where the minerals were mined.""",
    ),
    (
        "cmr_future_steps",
        "Steps to mitigate risk and future steps",
        """{company} intends to take the following steps to improve its due diligence and to \
further mitigate the risk that the necessary conflict minerals in its products benefit armed \
groups in the Covered Countries:

- continue to engage suppliers to raise the response rate from {response_rate} and to obtain \
complete responses;
- follow up on reported names that could not be matched to a listed smelter or refiner and \
on smelters and refiners that are not RMAP Conformant;
- encourage suppliers to source from RMAP Conformant smelters and refiners and to pass this \
requirement to their own suppliers;
- include responsible minerals sourcing requirements in new or renewed supplier agreements;
- review the programme against the OECD Guidance each year.""",
    ),
    (
        "cmr_ipsa",
        "Independent private sector audit",
        """{company} does not describe any of its products as "DRC conflict free". An \
independent private sector audit of this Conflict Minerals Report is therefore not required \
for the reporting period, consistent with the statements of the SEC's Division of \
Corporation Finance of 29 April 2014 and 7 April 2017.""",
    ),
    (
        "cmr_forward_looking",
        "Forward-looking statements",
        """This report contains forward-looking statements, including statements about \
{company}'s intended due diligence steps. They are based on current expectations and are \
subject to risks and uncertainties, including the cooperation of suppliers, smelters and \
refiners, the continued availability of the RMAP and other audit programmes, and changes in \
regulation. Actual results may differ materially. {company} undertakes no obligation to \
update forward-looking statements except as required by law.""",
    ),
)
