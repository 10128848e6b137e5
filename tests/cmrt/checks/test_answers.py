"""Per-metal and company-level answers (cmrt/checks/answers.py). No database."""

from __future__ import annotations

from cmrt.declaration import DECLARATION, Declaration, Finding, Metal, Severity
from tests.cmrt.checks.support import OLD_RELEASES, findings
from tests.cmrt.declarations import (
    clean_declaration,
    clean_declaration_2x,
    with_answer,
    with_answers,
    with_company_answer,
    with_smelters,
)


def at(
    code: str, severity: Severity, cell: str, message: str, metal: Metal | None = None
) -> Finding:
    return Finding(code, severity, message, sheet=DECLARATION, cell=cell, metal=metal)


def without_smelters_of(metal: Metal, declaration: Declaration | None = None) -> Declaration:
    declaration = declaration or clean_declaration()
    return with_smelters(declaration, *(r for r in declaration.smelters if r.metal is not metal))


def test_q1_is_always_required() -> None:
    declaration = with_answer(clean_declaration(), "Q1", Metal.TIN, "")
    assert findings(declaration) == (
        at(
            "answer.missing",
            Severity.ERROR,
            "D27",
            'Declaration D27: Q1 is not answered for Tin; choose one of: "Yes", "No".',
            Metal.TIN,
        ),
    )


def test_q2_is_required_unless_q1_is_no() -> None:
    declaration = with_answer(clean_declaration(), "Q2", Metal.GOLD, "")
    assert findings(declaration) == (
        at(
            "answer.missing",
            Severity.ERROR,
            "D34",
            'Declaration D34: Q2 is not answered for Gold; choose one of: "Yes", "No".',
            Metal.GOLD,
        ),
    )
    out_of_scope = without_smelters_of(Metal.GOLD, with_answer(declaration, "Q1", Metal.GOLD, "No"))
    assert findings(out_of_scope) == ()


def test_later_questions_are_required_for_metals_in_scope_only() -> None:
    declaration = with_answer(clean_declaration(), "Q6", Metal.TUNGSTEN, "")
    assert findings(declaration) == (
        at(
            "answer.missing",
            Severity.ERROR,
            "D59",
            "Declaration D59: Q6 is not answered for Tungsten; choose one of: "
            '"100%", "Greater than 90%", "Greater than 75%", "Greater than 50%", "50% or less", '
            '"None".',
            Metal.TUNGSTEN,
        ),
    )
    declaration = with_answer(declaration, "Q1", Metal.TUNGSTEN, "No")
    declaration = with_answer(declaration, "Q2", Metal.TUNGSTEN, "No")
    assert findings(without_smelters_of(Metal.TUNGSTEN, declaration)) == ()


def test_company_questions_are_required_when_any_metal_is_in_scope() -> None:
    declaration = with_company_answer(clean_declaration(), "H", "")
    assert findings(declaration) == (
        at(
            "answer.missing",
            Severity.ERROR,
            "D89",
            "Declaration D89: question H is not answered; choose one of: "
            '"Yes, with the SEC", "Yes, with the EU", "Yes, with the SEC and the EU", "No".',
        ),
    )
    nothing_in_scope = with_smelters(with_answers(declaration, "Q1", "No"))
    assert findings(nothing_in_scope) == ()


def test_answer_not_allowed() -> None:
    declaration = with_answer(clean_declaration(), "Q3", Metal.TANTALUM, "Maybe")
    assert findings(declaration) == (
        at(
            "answer.not_allowed",
            Severity.ERROR,
            "D38",
            'Declaration D38: "Maybe" is not an allowed answer to Q3 for Tantalum; choose one '
            'of: "Yes", "No", "Unknown".',
            Metal.TANTALUM,
        ),
    )


def test_company_answer_not_allowed() -> None:
    declaration = with_company_answer(clean_declaration(), "E", "Yes")
    assert findings(declaration) == (
        at(
            "answer.not_allowed",
            Severity.ERROR,
            "D83",
            'Declaration D83: "Yes" is not an allowed answer to question E; choose one of: '
            '"Yes, in conformance with IPC1755 (e.g., CMRT)", "Yes, using other format '
            '(describe)", "No".',
        ),
    )


def test_public_policy_needs_its_url() -> None:
    declaration = with_company_answer(clean_declaration(), "B", "Yes", comment=" ")
    assert findings(declaration) == (
        at(
            "answer.policy_url.missing",
            Severity.ERROR,
            "G77",
            "Declaration G77: question B says the sourcing policy is public, but the comment "
            "gives no web address; enter the policy's URL.",
        ),
    )
    assert findings(with_company_answer(declaration, "B", "No")) == ()


def test_covered_countries_yes_is_high_risk() -> None:
    declaration = with_answer(clean_declaration(), "Q3", Metal.TIN, "Yes")
    assert findings(declaration) == (
        at(
            "risk.covered_countries",
            Severity.WARNING,
            "D39",
            "Declaration D39: high risk: Q3 says some Tin comes from the covered countries (the "
            "DRC or an adjoining country); review its smelters and the supplier's due diligence.",
            Metal.TIN,
        ),
    )


def test_2x_drc_origin_yes_is_the_same_high_risk() -> None:
    declaration = with_answer(clean_declaration_2x(), "Q2", Metal.GOLD, "Yes")
    assert findings(declaration, OLD_RELEASES) == (
        at(
            "risk.covered_countries",
            Severity.WARNING,
            "D30",
            "Declaration D30: high risk: Q2 says some Gold comes from the covered countries (the "
            "DRC or an adjoining country); review its smelters and the supplier's due diligence.",
            Metal.GOLD,
        ),
    )


def test_cahra_yes_is_high_risk() -> None:
    declaration = with_answer(clean_declaration(), "Q4", Metal.TANTALUM, "Yes")
    assert findings(declaration) == (
        at(
            "risk.cahra",
            Severity.WARNING,
            "D44",
            "Declaration D44: high risk: Q4 says some Tantalum comes from conflict-affected and "
            "high-risk areas; review its smelters and the supplier's due diligence.",
            Metal.TANTALUM,
        ),
    )


def test_unknown_answer() -> None:
    declaration = with_answer(clean_declaration(), "Q5", Metal.GOLD, "Unknown")
    assert findings(declaration) == (
        at(
            "answer.unknown",
            Severity.WARNING,
            "D52",
            'Declaration D52: Q5 is answered "Unknown" for Gold; ask the supplier to find out '
            "and answer Yes or No.",
            Metal.GOLD,
        ),
    )


def test_2x_uncertain_or_unknown_answer() -> None:
    declaration = with_answer(clean_declaration_2x(), "Q3", Metal.TIN, "Uncertain or Unknown")
    assert findings(declaration, OLD_RELEASES) == (
        at(
            "answer.unknown",
            Severity.WARNING,
            "D35",
            'Declaration D35: Q3 is answered "Uncertain or Unknown" for Tin; ask the supplier to '
            "find out and answer Yes or No.",
            Metal.TIN,
        ),
    )


def test_low_supplier_response() -> None:
    declaration = with_answer(clean_declaration(), "Q6", Metal.TIN, "50% or less")
    declaration = with_answer(declaration, "Q7", Metal.TIN, "No")
    assert findings(declaration) == (
        at(
            "risk.low_response",
            Severity.WARNING,
            "D57",
            'Declaration D57: Q6 is "50% or less" for Tin: half of the relevant suppliers or '
            "fewer have responded; follow up on the missing responses.",
            Metal.TIN,
        ),
    )


def test_all_smelters_identified_without_every_supplier_responding() -> None:
    declaration = with_answer(clean_declaration(), "Q6", Metal.GOLD, "Greater than 90%")
    assert findings(declaration) == (
        at(
            "answer.identified_without_full_response",
            Severity.WARNING,
            "D64",
            "Declaration D64: Q7 says all Gold smelters are identified, but Q6 (D58) answers "
            '"Greater than 90%", so not every supplier has responded; ask the supplier to '
            "correct one of the two answers.",
            Metal.GOLD,
        ),
    )
    assert findings(with_answer(declaration, "Q7", Metal.GOLD, "No")) == ()
