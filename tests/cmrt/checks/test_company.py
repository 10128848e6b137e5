"""Company block, effective date and template release (cmrt/checks/company.py). No database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from cmrt.checks import CheckContext
from cmrt.declaration import DECLARATION, Declaration, Finding, Scope, Severity
from tests.cmrt.checks.support import CONTEXT, OLD_RELEASES, findings
from tests.cmrt.declarations import (
    TODAY,
    clean_declaration,
    clean_declaration_2x,
    clean_declaration_3x,
    with_company,
)


def error(code: str, cell: str, message: str) -> Finding:
    return Finding(code, Severity.ERROR, message, sheet=DECLARATION, cell=cell)


def warning(code: str, cell: str, message: str) -> Finding:
    return Finding(code, Severity.WARNING, message, sheet=DECLARATION, cell=cell)


def test_company_name_missing() -> None:
    declaration = with_company(clean_declaration(), name="")
    assert findings(declaration) == (
        error(
            "company.name.missing",
            "D8",
            "Declaration D8: the company name is missing; enter your company's name.",
        ),
    )


def test_scope_missing() -> None:
    declaration = with_company(clean_declaration(), scope_raw="", scope=None)
    assert findings(declaration) == (
        error(
            "company.scope.missing",
            "D9",
            "Declaration D9: the declaration scope is missing; choose whether this declaration "
            "covers the whole company, a list of products or a scope you define.",
        ),
    )


def test_scope_invalid_lists_the_release_choices() -> None:
    declaration = with_company(clean_declaration(), scope_raw="Everything", scope=None)
    assert findings(declaration) == (
        error(
            "company.scope.invalid",
            "D9",
            'Declaration D9: "Everything" is not a declaration scope of this template; choose '
            'one of: "A. Company", "B. Product (or List of Products)", "C. User defined '
            "[Specify in 'Description of scope']\".",
        ),
    )


@pytest.mark.parametrize(
    "build,scope_raw,scope",
    [
        (
            clean_declaration,
            "C. User defined [Specify in 'Description of scope']",
            Scope.USER_DEFINED,
        ),
        (
            clean_declaration_2x,
            "B. Division Level [Specify in 'Description of scope']",
            Scope.DIVISION,
        ),
    ],
)
def test_user_defined_scope_needs_a_description(
    build: Callable[[], Declaration], scope_raw: str, scope: Scope
) -> None:
    declaration = with_company(build(), scope_raw=scope_raw, scope=scope)
    assert findings(declaration, OLD_RELEASES) == (
        error(
            "company.scope_description.missing",
            "D10",
            f'Declaration D10: the scope is "{scope_raw}", but the description of scope is '
            "missing; describe what this declaration covers.",
        ),
    )
    described = with_company(declaration, scope_description="Automotive division")
    assert findings(described, OLD_RELEASES) == ()


@pytest.mark.parametrize(
    "field,code,cell,message",
    [
        (
            "contact_name",
            "company.contact_name.missing",
            "D15",
            "Declaration D15: the contact's name is missing; enter the person to ask about this "
            "declaration.",
        ),
        (
            "contact_email",
            "company.contact_email.missing",
            "D16",
            "Declaration D16: the contact's email is missing; enter it.",
        ),
        (
            "contact_phone",
            "company.contact_phone.missing",
            "D17",
            "Declaration D17: the contact's phone number is missing; enter it.",
        ),
        (
            "authorizer",
            "company.authorizer.missing",
            "D18",
            "Declaration D18: the authorizer's name is missing; enter the person who authorizes "
            "this declaration.",
        ),
        (
            "authorizer_email",
            "company.authorizer_email.missing",
            "D20",
            "Declaration D20: the authorizer's email is missing; enter it.",
        ),
    ],
)
def test_required_contact_field_missing(field: str, code: str, cell: str, message: str) -> None:
    declaration = with_company(clean_declaration(), **{field: ""})
    assert findings(declaration) == (error(code, cell, message),)


@pytest.mark.parametrize(
    "field,code,cell,who",
    [
        ("contact_email", "company.contact_email.invalid", "D16", "contact"),
        ("authorizer_email", "company.authorizer_email.invalid", "D20", "authorizer"),
    ],
)
def test_email_without_at(field: str, code: str, cell: str, who: str) -> None:
    declaration = with_company(clean_declaration(), **{field: "pat.example.com"})
    assert findings(declaration) == (
        error(
            code,
            cell,
            f'Declaration {cell}: the {who}\'s email "pat.example.com" has no @; enter a full '
            "email address.",
        ),
    )


def test_authorizer_phone_is_required_by_301_only() -> None:
    message = (
        "Declaration D21: the authorizer's phone number is missing; this release requires it, "
        "so enter it."
    )
    declaration = with_company(clean_declaration_3x(), authorizer_phone="")
    assert findings(declaration, OLD_RELEASES) == (
        error("company.authorizer_phone.missing", "D21", message),
    )
    assert findings(with_company(clean_declaration(), authorizer_phone="")) == ()


def test_2x_has_no_contact_fields_and_its_authorizer_sits_higher() -> None:
    declaration = with_company(clean_declaration_2x(), authorizer="")
    assert declaration.company.contact_name.value == ""
    assert findings(declaration, OLD_RELEASES) == (
        error(
            "company.authorizer.missing",
            "D14",
            "Declaration D14: the authorizer's name is missing; enter the person who authorizes "
            "this declaration.",
        ),
    )


def test_effective_date_missing() -> None:
    declaration = with_company(clean_declaration(), effective_date_raw="", effective_date=None)
    assert findings(declaration) == (
        error(
            "date.missing",
            "D22",
            "Declaration D22: the effective date is missing; enter the date this declaration "
            "was completed.",
        ),
    )


def test_effective_date_not_a_date() -> None:
    declaration = with_company(
        clean_declaration(), effective_date_raw="last spring", effective_date=None
    )
    assert findings(declaration) == (
        error(
            "date.invalid",
            "D22",
            'Declaration D22: the effective date "last spring" is not a date; enter it as a date.',
        ),
    )


def test_effective_date_in_the_future() -> None:
    declaration = with_company(clean_declaration(), effective_date=date(2025, 6, 2))
    assert findings(declaration) == (
        error(
            "date.future",
            "D22",
            "Declaration D22: the effective date 2025-06-02 is in the future (today is "
            "2025-06-01); enter the date this declaration was completed.",
        ),
    )
    assert findings(with_company(declaration, effective_date=TODAY)) == ()


def test_effective_date_before_the_template_existed() -> None:
    declaration = with_company(clean_declaration(), effective_date=date(2006, 12, 31))
    assert findings(declaration) == (
        warning(
            "date.implausible",
            "D22",
            "Declaration D22: the effective date 2006-12-31 is before 2007, earlier than the "
            "template accepts; check the year.",
        ),
    )


@pytest.mark.parametrize(
    "effective,flagged",
    [
        (date(2022, 12, 31), True),
        (date(2023, 1, 1), False),
        (date(2025, 6, 1), False),
    ],
)
def test_effective_date_far_from_the_reporting_year(effective: date, flagged: bool) -> None:
    context = CheckContext(today=TODAY, reporting_year=2024)
    declaration = with_company(clean_declaration(), effective_date=effective)
    expected = warning(
        "date.implausible",
        "D22",
        f"Declaration D22: the effective date {effective.isoformat()} is far from reporting "
        "year 2024 (expected 2023-01-01 to 2025-06-30); check that this declaration is for "
        "that year.",
    )
    assert findings(declaration, context) == ((expected,) if flagged else ())


def test_effective_date_after_the_reporting_window() -> None:
    context = CheckContext(today=date(2026, 1, 1), reporting_year=2024)
    declaration = with_company(clean_declaration(), effective_date=date(2025, 7, 1))
    assert [f.code for f in findings(declaration, context)] == ["date.implausible"]


def test_outdated_template() -> None:
    declaration = clean_declaration_3x()
    assert findings(declaration) == (
        warning(
            "template.outdated",
            "J3",
            "Declaration J3: this is CMRT 3.01, older than the oldest accepted release 6.01; "
            "ask the supplier to resend it on the current template.",
        ),
    )


@pytest.mark.parametrize("version,outdated", [("6.01", False), ("6.1", False), ("6.0", True)])
def test_outdated_compares_release_numbers(version: str, outdated: bool) -> None:
    declaration = clean_declaration()
    declaration = replace(declaration, identity=replace(declaration.identity, version=version))
    codes = [f.code for f in findings(declaration, CONTEXT)]
    assert codes == (["template.outdated"] if outdated else [])
