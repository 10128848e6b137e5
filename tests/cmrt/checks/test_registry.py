"""The registry and the runner (cmrt/checks/__init__.py, registry.py). No database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

import cmrt.checks
from cmrt.checks import RULES, CheckContext, finding_order, rule, run_checks
from cmrt.declaration import (
    DECLARATION,
    PRODUCT_LIST,
    SMELTER_LIST,
    Declaration,
    Finding,
    Metal,
    Scope,
    Severity,
)
from tests.cmrt.checks.support import OLD_RELEASES, findings
from tests.cmrt.declarations import (
    clean_declaration,
    clean_declaration_2x,
    clean_declaration_3x,
    product,
    with_answer,
    with_company,
    with_products,
)


@pytest.mark.parametrize("build", [clean_declaration, clean_declaration_3x, clean_declaration_2x])
def test_clean_declarations_have_no_findings(build: Callable[[], Declaration]) -> None:
    assert findings(build(), OLD_RELEASES) == ()


def test_rules_run_in_module_order() -> None:
    modules = [check.__module__.rpartition(".")[2] for check in RULES]
    order = ["company", "answers", "smelters", "smelter_ids", "products", "sheets"]
    assert sorted(set(modules), key=modules.index) == order
    assert len({check.__name__ for check in RULES}) == len(RULES)


def test_rule_registers_once() -> None:
    def rule_probe(declaration: Declaration, context: CheckContext) -> Iterable[Finding]:
        return ()

    try:
        assert rule(rule_probe) is rule_probe
        rule(rule_probe)
        assert RULES.count(rule_probe) == 1
    finally:
        RULES.remove(rule_probe)


def test_findings_sorted_by_sheet_then_place_then_code() -> None:
    declaration = with_company(
        clean_declaration(), scope_raw="B. Product (or List of Products)", scope=Scope.PRODUCT
    )
    declaration = with_products(declaration, product(7, ""))
    declaration = with_answer(declaration, "Q3", Metal.GOLD, "Yes")
    declaration = with_answer(declaration, "Q1", Metal.TIN, "No")
    declaration = with_answer(declaration, "Q2", Metal.TIN, "")
    declaration = with_company(declaration, name="", contact_email="nobody")
    places = [(f.sheet, f.cell, f.row, f.code) for f in findings(declaration)]
    assert places == [
        (DECLARATION, "D8", None, "company.name.missing"),
        (DECLARATION, "D16", None, "company.contact_email.invalid"),
        (DECLARATION, "D40", None, "risk.covered_countries"),
        (SMELTER_LIST, "", 6, "smelters.metal_not_in_scope"),
        (PRODUCT_LIST, "", 7, "product.number.missing"),
    ]


def test_finding_order_puts_whole_sheet_findings_first_and_columns_in_order() -> None:
    def at(sheet: str, cell: str = "", row: int | None = None, code: str = "x") -> Finding:
        return Finding(code, Severity.INFO, "", sheet=sheet, cell=cell, row=row)

    unordered = [
        at("Elsewhere"),
        at(PRODUCT_LIST, row=6),
        at(SMELTER_LIST, row=12),
        at(SMELTER_LIST),
        at(DECLARATION, "AA26"),
        at(DECLARATION, "G26", code="b"),
        at(DECLARATION, "G26", code="a"),
        at(DECLARATION, "D26"),
        at(DECLARATION, "J3"),
    ]
    ordered = sorted(unordered, key=finding_order)
    assert [(f.sheet, f.cell, f.row, f.code) for f in ordered] == [
        (DECLARATION, "J3", None, "x"),
        (DECLARATION, "D26", None, "x"),
        (DECLARATION, "G26", None, "a"),
        (DECLARATION, "G26", None, "b"),
        (DECLARATION, "AA26", None, "x"),
        (SMELTER_LIST, "", None, "x"),
        (SMELTER_LIST, "", 12, "x"),
        (PRODUCT_LIST, "", 6, "x"),
        ("Elsewhere", "", None, "x"),
    ]


def test_run_checks_returns_a_tuple() -> None:
    assert run_checks(clean_declaration(), OLD_RELEASES) == ()


def test_every_documented_code_is_tested() -> None:
    """The docstring table of cmrt/checks is the list of codes; each has its test."""
    documented = re.findall(
        r"^([a-z_]+(?:\.[a-z_]+)+)\s+(error|warning|info)\s", cmrt.checks.__doc__, re.M
    )
    assert len(documented) > 40
    tests = "".join(path.read_text() for path in Path(__file__).parent.glob("test_*.py"))
    assert [code for code, _severity in documented if f'"{code}"' not in tests] == []


def test_every_code_in_the_rules_is_documented() -> None:
    documented = set(
        re.findall(
            r"^([a-z_]+(?:\.[a-z_]+)+)\s+(?:error|warning|info)\s", cmrt.checks.__doc__, re.M
        )
    )
    sources = Path(cmrt.checks.__file__).parent.glob("*.py")
    used = {
        code
        for path in sources
        if path.name != "__init__.py"
        for code in re.findall(
            r'"((?:company|date|template|answer|risk|smelters?|products?)\.[a-z_.]+)"',
            path.read_text(),
        )
    }
    assert len(used) > 30
    assert used <= documented
