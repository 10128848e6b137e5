"""The company's own CMRT 6.5 answers, derived from the campaign's aggregation and the
company profile. Pure: dataclasses in, canonical English choice texts out.

Per metal (Declaration Q1-Q8):

* Q1, Q2: "Yes" for a metal that any readable supplier declaration answers Q1 "Yes" for
  (the first question of every release is the "used / necessary" gate), "No" otherwise.
  Q2 follows Q1: suppliers rarely say whether the metal remains in *our* product, and
  claiming it does is the side a customer can rely on.
* Q3-Q8 are answered only for metals in scope; for the others the template's own answer
  lists are empty and its Checker requires nothing, so the cells stay blank.
* Q3 covered countries, Q4 conflict-affected and high-risk areas: "Yes" when any supplier
  answered Yes (or the aggregation counts one), else "Unknown" when any answered Unknown,
  else "No". Suppliers' question keys are read per release (a 3.x Q4 is the recycled
  question, not CAHRA), through the release's layout.
* Q5 100% recycled or scrap: "No" (the app does not know every smelter's feedstock).
* Q6 supplier response: the band of the campaign's response rate in the 6.x choice list.
* Q7 all smelters identified: "No" when the metal has unmatched reported rows (a row
  naming no metal counts against every metal), no recognised smelter at all, or when
  not every supplier has responded (Q6 below 100%).
* Q8 all smelter information reported: "Yes" (every recognised smelter is listed).

Company questions A-H come from the profile and from what the campaign shows the
company did (surveyed, reviewed); see ``company_answers``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cmrt.layouts import LAYOUT_6X
from cmrt.layouts.v6 import RESPONSE_6X
from reports.model import METALS, CampaignReport, CompanyProfile, SupplierFacts
from suppliers.campaign_stats import question_keys

YES, NO, UNKNOWN = "Yes", "No", "Unknown"
_COMPANY_CHOICES = {q.key: q.choices for q in LAYOUT_6X.company_questions}
SURVEY_CMRT = _COMPANY_CHOICES["E"][0]  # "Yes, in conformance with IPC1755 (e.g., CMRT)"
FILES_WITH_SEC = _COMPANY_CHOICES["H"][0]  # "Yes, with the SEC"


@dataclass(frozen=True)
class Derived:
    """One answer cell and the comment beside it ("" when none)."""

    value: str
    comment: str = ""


def response_choice(rate: float) -> str:
    """The 6.x Q6 choice whose band holds ``rate`` (0.0-1.0): 100% only when everyone
    answered; "Greater than 90%" is (0.9, 1), and so on; "None" only for no response."""
    bands = ((0.9, RESPONSE_6X[1]), (0.75, RESPONSE_6X[2]), (0.5, RESPONSE_6X[3]))
    if rate >= 1.0:
        return RESPONSE_6X[0]
    for floor, choice in bands:
        if rate > floor:
            return choice
    return RESPONSE_6X[4] if rate > 0 else RESPONSE_6X[5]


def _canonical(answer: str) -> str:
    """ "yes " -> "Yes"; the readers store canonical choices, but stay tolerant."""
    folded = answer.strip().casefold()
    return next((c for c in (YES, NO, UNKNOWN) if c.casefold() == folded), answer.strip())


def risk_answers(suppliers: Iterable[SupplierFacts], position: int, metal: str) -> list[str]:
    """What readable declarations answer for ``metal`` to the covered-countries question
    (``position`` 0) or the CAHRA question (1, asked from 6.x only). Keys per release as
    the aggregation reads them (``question_keys``): a 3.x Q4 is not about CAHRAs."""
    found = []
    for supplier in suppliers:
        keys = question_keys(supplier.template_version)[1]
        if supplier.readable and position < len(keys):
            answer = _canonical(supplier.answers.get(keys[position], {}).get(metal, ""))
            if answer:
                found.append(answer)
    return found


def metals_in_scope(report: CampaignReport) -> tuple[str, ...]:
    """Metals any readable declaration answers Q1 "Yes" for, in the CMRT's order."""
    readable = [s for s in report.inputs.suppliers if s.readable]
    return tuple(
        metal
        for metal in METALS
        if any(_canonical(s.answers.get("Q1", {}).get(metal, "")) == YES for s in readable)
    )


def risk_answer(answers: Iterable[str], counted_yes: int = 0) -> str:
    """Yes if anyone says Yes (or the aggregation counted one), else Unknown if anyone is
    unsure, else No: the company cannot be more certain than its least certain supplier."""
    given = set(answers)
    if counted_yes or YES in given:
        return YES
    return UNKNOWN if UNKNOWN in given or "Uncertain or Unknown" in given else NO


def identified_answer(report: CampaignReport, metal: str) -> Derived:
    """Q7: all smelters can only be identified when every supplier answered (the app's
    checker flags Q7 "Yes" beside a Q6 below 100%), no reported row of the metal is
    unmatched (a row naming no metal counts against every metal) and one smelter is
    known; the comment says why not."""
    unmatched = sum(1 for row in report.unmatched if row.metal in (metal, ""))
    if unmatched:
        names = "name was" if unmatched == 1 else "names were"
        comment = f"{unmatched} smelter {names} reported by suppliers but not matched to "
        return Derived(NO, comment + "a listed smelter.")
    if not any(row.metal == metal for row in report.smelter_list):
        return Derived(NO, "No smelter identified yet.")
    if report.response_rate < 1.0:
        return Derived(NO, "Not every supplier surveyed has responded yet.")
    return Derived(YES)


def metal_answers(report: CampaignReport) -> dict[str, dict[str, Derived]]:
    """Question key ("Q1".."Q8") -> metal -> answer; metals out of scope get Q1/Q2 "No"
    and no answer to the other questions."""
    in_scope = metals_in_scope(report)
    suppliers = report.inputs.suppliers
    response = response_choice(report.response_rate)
    answers: dict[str, dict[str, Derived]] = {f"Q{n}": {} for n in range(1, 9)}
    for metal in METALS:
        gate = Derived(YES if metal in in_scope else NO)
        answers["Q1"][metal] = answers["Q2"][metal] = gate
        if metal not in in_scope:
            continue
        covered = report.covered_countries_yes.get(metal)
        cahra = report.cahra_yes.get(metal)
        answers["Q3"][metal] = Derived(
            risk_answer(
                risk_answers(suppliers, 0, metal),
                covered.value if covered else 0,
            )
        )
        answers["Q4"][metal] = Derived(
            risk_answer(risk_answers(suppliers, 1, metal), cahra.value if cahra else 0)
        )
        answers["Q5"][metal] = Derived(NO)
        answers["Q6"][metal] = Derived(response)
        answers["Q7"][metal] = identified_answer(report, metal)
        answers["Q8"][metal] = Derived(YES)
    return answers


def company_answers(report: CampaignReport, profile: CompanyProfile) -> dict[str, Derived]:
    """Company questions A-H. The profile records no explicit answers, so each is claimed
    only where the app holds evidence for it, and "No" otherwise:

    A, B: a published policy URL (B carries it as the comment the Checker requires).
    C: the profile records no such requirement on suppliers, so "No".
    D, E: the campaign surveyed suppliers with the CMRT (a due-diligence measure).
    F, G: the app reviewed received declarations against its checks, and its review
      returns them for correction or clarification (corrective action).
    H: an SEC file number means the company files Form SD with the SEC.
    """
    surveyed = report.surveyed.value > 0
    reviewed = any(s.readable for s in report.inputs.suppliers)
    policy = profile.policy_url.strip()
    return {
        "A": Derived(YES if policy else NO),
        "B": Derived(YES, policy) if policy else Derived(NO),
        "C": Derived(NO),
        "D": Derived(YES if surveyed else NO),
        "E": Derived(SURVEY_CMRT if surveyed else NO),
        "F": Derived(YES if reviewed else NO),
        "G": Derived(YES if reviewed else NO),
        "H": Derived(FILES_WITH_SEC if profile.sec_file_number.strip() else NO),
    }
