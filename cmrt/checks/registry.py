"""The rule registry and the runner.

A rule is a plain function ``(declaration, context) -> Iterable[Finding]`` decorated with
``@rule``. Registration order is the order the rules run; ``cmrt/checks/__init__.py``
imports the rule modules in one fixed order, so that order never depends on who imported
what first. The report is then sorted by place (see ``finding_order``); Python's sort is
stable, so findings at the same place with the same code keep the rule order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cmrt.checks.context import CheckContext
from cmrt.declaration import DECLARATION, PRODUCT_LIST, SMELTER_LIST, Declaration, Finding

Rule = Callable[[Declaration, CheckContext], Iterable[Finding]]

RULES: list[Rule] = []

_SHEET_ORDER = {DECLARATION: 0, SMELTER_LIST: 1, PRODUCT_LIST: 2}
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def rule(function: Rule) -> Rule:
    """Register ``function`` as a check (once, however often its module is imported)."""
    if function not in RULES:
        RULES.append(function)
    return function


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def finding_order(finding: Finding) -> tuple[int, int, int, str]:
    """Sheet (Declaration, Smelter List, Product List, then anything else), then row,
    then column, then code. Findings about a whole sheet (no cell, no row) come first
    within their sheet."""
    row, column = finding.row or 0, 0
    match = _CELL.match(finding.cell)
    if match is not None:
        column, row = _column_number(match.group(1)), int(match.group(2))
    return (_SHEET_ORDER.get(finding.sheet, len(_SHEET_ORDER)), row, column, finding.code)


def run_checks(declaration: Declaration, context: CheckContext) -> tuple[Finding, ...]:
    """Every finding of every registered rule, in report order."""
    findings = [finding for check in RULES for finding in check(declaration, context)]
    return tuple(sorted(findings, key=finding_order))
