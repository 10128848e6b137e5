"""Answers on the Declaration: the per-metal questions and the company-level questions,
required and allowed as the release's Checker has them (cmrt-format.md §3, §4, §7), and
what the answers say about risk. Questions are found by topic, not by number, so a 2.x
"DRC or adjoining country" answer raises the same finding as a 6.x "covered countries" one.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from cmrt.checks.common import (
    answer_cell,
    answer_of,
    at_declaration,
    choices_text,
    gate_questions,
    metals_in_scope,
    value_of,
)
from cmrt.checks.context import CheckContext
from cmrt.checks.registry import rule
from cmrt.declaration import METAL_ROWS, Declaration, Finding, Severity, Topic

UNKNOWN_ANSWERS = frozenset({"Unknown", "Uncertain or Unknown"})
# Supplier response of half the suppliers or fewer (6.x Q6, 3.x Q5, 2.x Q4).
LOW_RESPONSES = frozenset(
    {
        "50% or less",
        "None",
        "No, but greater than 25%",
        "No, but less than 25%",
        "No but > 25%",
        "No but < 25%",
        "No - none",
    }
)


@rule
def rule_metal_answers_required(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    """The Checker: the first question always; the second gate question (6.x/3.x Q2)
    unless Q1 is "No"; every other question only for metals in scope."""
    in_scope = metals_in_scope(declaration)
    gates = len(gate_questions(declaration))
    first_key = declaration.questions[0].key if declaration.questions else ""
    for index, question in enumerate(declaration.questions):
        if not question.required:
            continue
        for metal in METAL_ROWS:
            answer = answer_of(declaration, question.key, metal)
            if answer is not None and not answer.is_empty:
                continue
            if index == 0:
                required = True
            elif index < gates:
                required = value_of(declaration, first_key, metal) != "No"
            else:
                required = metal in in_scope
            if not required:
                continue
            cell = answer.cell if answer is not None else answer_cell(question, metal)
            message = _(
                "Declaration %(cell)s: %(question)s is not answered for %(metal)s; choose one "
                "of: %(choices)s."
            )
            params = {
                "cell": cell,
                "question": question.key,
                "metal": metal,
                "choices": choices_text(question),
            }
            yield at_declaration("answer.missing", Severity.ERROR, message % params, cell, metal)


@rule
def rule_company_answers_required(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    """Company-level questions are required once any metal is in scope."""
    if not metals_in_scope(declaration):
        return
    for question in declaration.company_questions:
        answer = declaration.company_answers.get(question.key)
        if not question.required or (answer is not None and not answer.is_empty):
            continue
        cell = answer.cell if answer is not None else f"D{question.row}"
        message = _(
            "Declaration %(cell)s: question %(question)s is not answered; choose one of: "
            "%(choices)s."
        )
        params = {"cell": cell, "question": question.key, "choices": choices_text(question)}
        yield at_declaration("answer.missing", Severity.ERROR, message % params, cell)


@rule
def rule_answers_allowed(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """An answer that is none of the release's choices, wherever it is."""
    for question in declaration.questions:
        for metal in METAL_ROWS:
            answer = answer_of(declaration, question.key, metal)
            if answer is None or answer.is_allowed:
                continue
            message = _(
                'Declaration %(cell)s: "%(value)s" is not an allowed answer to %(question)s for '
                "%(metal)s; choose one of: %(choices)s."
            )
            params = {
                "cell": answer.cell,
                "value": answer.raw,
                "question": question.key,
                "metal": metal,
                "choices": choices_text(question),
            }
            yield at_declaration(
                "answer.not_allowed", Severity.ERROR, message % params, answer.cell, metal
            )
    for question in declaration.company_questions:
        answer = declaration.company_answers.get(question.key)
        if answer is None or answer.is_allowed:
            continue
        message = _(
            'Declaration %(cell)s: "%(value)s" is not an allowed answer to question %(question)s; '
            "choose one of: %(choices)s."
        )
        params = {
            "cell": answer.cell,
            "value": answer.raw,
            "question": question.key,
            "choices": choices_text(question),
        }
        yield at_declaration("answer.not_allowed", Severity.ERROR, message % params, answer.cell)


@rule
def rule_policy_url(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A policy declared public needs its URL in the comment (Checker: comment longer
    than one character)."""
    question = declaration.company_question(Topic.POLICY_PUBLIC)
    answer = declaration.company_answers.get(question.key) if question else None
    if question is None or answer is None or answer.value != "Yes":
        return
    if len(answer.comment.strip()) > 1:
        return
    cell = answer.comment_cell or f"G{question.row}"
    message = _(
        "Declaration %(cell)s: question %(question)s says the sourcing policy is public, but "
        "the comment gives no web address; enter the policy's URL."
    )
    params = {"cell": cell, "question": question.key}
    yield at_declaration("answer.policy_url.missing", Severity.ERROR, message % params, cell)


@rule
def rule_high_risk(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """Covered countries (2.x: the DRC or an adjoining country) or conflict-affected and
    high-risk areas answered "Yes"."""
    texts = {
        Topic.COVERED_COUNTRIES: (
            "risk.covered_countries",
            _(
                "Declaration %(cell)s: high risk: %(question)s says some %(metal)s comes from "
                "the covered countries (the DRC or an adjoining country); review its smelters "
                "and the supplier's due diligence."
            ),
        ),
        Topic.CAHRA: (
            "risk.cahra",
            _(
                "Declaration %(cell)s: high risk: %(question)s says some %(metal)s comes from "
                "conflict-affected and high-risk areas; review its smelters and the supplier's "
                "due diligence."
            ),
        ),
    }
    for question in declaration.questions:
        if question.topic not in texts:
            continue
        code, message = texts[question.topic]
        for metal in METAL_ROWS:
            answer = answer_of(declaration, question.key, metal)
            if answer is not None and answer.value == "Yes":
                params = {"cell": answer.cell, "question": question.key, "metal": metal}
                yield at_declaration(code, Severity.WARNING, message % params, answer.cell, metal)


@rule
def rule_unknown_answers(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    for question in declaration.questions:
        for metal in METAL_ROWS:
            answer = answer_of(declaration, question.key, metal)
            if answer is None or answer.value not in UNKNOWN_ANSWERS:
                continue
            message = _(
                'Declaration %(cell)s: %(question)s is answered "%(value)s" for %(metal)s; ask '
                "the supplier to find out and answer Yes or No."
            )
            params = {
                "cell": answer.cell,
                "question": question.key,
                "value": answer.value,
                "metal": metal,
            }
            yield at_declaration(
                "answer.unknown", Severity.WARNING, message % params, answer.cell, metal
            )


@rule
def rule_low_response(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    question = declaration.question(Topic.SUPPLIER_RESPONSE)
    if question is None:
        return
    for metal in METAL_ROWS:
        answer = answer_of(declaration, question.key, metal)
        if answer is None or answer.value not in LOW_RESPONSES:
            continue
        message = _(
            'Declaration %(cell)s: %(question)s is "%(value)s" for %(metal)s: half of the '
            "relevant suppliers or fewer have responded; follow up on the missing responses."
        )
        params = {
            "cell": answer.cell,
            "question": question.key,
            "value": answer.value,
            "metal": metal,
        }
        yield at_declaration(
            "risk.low_response", Severity.WARNING, message % params, answer.cell, metal
        )


@rule
def rule_identified_without_full_response(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    """ "All smelters identified" while not every supplier has responded is a
    contradiction. In every release the first choice of both questions is the complete
    one ("100%", "Yes, 100%", "Yes"; "Yes", "Yes all smelters have been provided")."""
    response = declaration.question(Topic.SUPPLIER_RESPONSE)
    identified = declaration.question(Topic.ALL_SMELTERS_IDENTIFIED)
    if response is None or identified is None:
        return
    for metal in METAL_ROWS:
        said_identified = answer_of(declaration, identified.key, metal)
        said_response = answer_of(declaration, response.key, metal)
        if said_identified is None or said_identified.value != identified.choices[0]:
            continue
        if said_response is None or said_response.value in (None, response.choices[0]):
            continue
        message = _(
            "Declaration %(cell)s: %(question)s says all %(metal)s smelters are identified, but "
            '%(response_question)s (%(response_cell)s) answers "%(response)s", so not every '
            "supplier has responded; ask the supplier to correct one of the two answers."
        )
        params = {
            "cell": said_identified.cell,
            "question": identified.key,
            "metal": metal,
            "response_question": response.key,
            "response_cell": said_response.cell,
            "response": said_response.value,
        }
        yield at_declaration(
            "answer.identified_without_full_response",
            Severity.WARNING,
            message % params,
            said_identified.cell,
            metal,
        )
