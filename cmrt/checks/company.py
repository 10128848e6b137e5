"""Company block of the Declaration: name, scope, contact and authorizer, effective date,
and the template release itself (cmrt-format.md §2 and §7, Checker rows 4-12)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cmrt.checks.common import at_declaration, layout_of, quoted
from cmrt.checks.context import CheckContext
from cmrt.checks.registry import rule
from cmrt.declaration import Declaration, Finding, Scope, Severity, TextField
from cmrt.layouts import LAYOUT_6X
from cmrt.recognition import version_key

# Scopes whose meaning the supplier must spell out in "Description of scope" (6.x/3.x "C.
# User defined"; 2.x "B. Division" and "C. Product Category").
SCOPES_NEEDING_DESCRIPTION = frozenset({Scope.USER_DEFINED, Scope.DIVISION, Scope.PRODUCT_CATEGORY})
# The template's data validation accepts effective dates after 31 December 2006 only.
EARLIEST_EFFECTIVE_DATE = date(2006, 12, 31)
VERSION_CELL = "J3"

_MISSING = {
    "contact_name": gettext_noop(
        "Declaration %(cell)s: the contact's name is missing; enter the person to ask about "
        "this declaration."
    ),
    "contact_email": gettext_noop(
        "Declaration %(cell)s: the contact's email is missing; enter it."
    ),
    "contact_phone": gettext_noop(
        "Declaration %(cell)s: the contact's phone number is missing; enter it."
    ),
    "authorizer": gettext_noop(
        "Declaration %(cell)s: the authorizer's name is missing; enter the person who "
        "authorizes this declaration."
    ),
    "authorizer_email": gettext_noop(
        "Declaration %(cell)s: the authorizer's email is missing; enter it."
    ),
    "authorizer_phone": gettext_noop(
        "Declaration %(cell)s: the authorizer's phone number is missing; this release requires "
        "it, so enter it."
    ),
}
_NO_AT = {
    "contact_email": gettext_noop(
        'Declaration %(cell)s: the contact\'s email "%(value)s" has no @; enter a full email '
        "address."
    ),
    "authorizer_email": gettext_noop(
        'Declaration %(cell)s: the authorizer\'s email "%(value)s" has no @; enter a full email '
        "address."
    ),
}


@rule
def rule_company_name(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    name = declaration.company.name
    if not name.value:
        message = _("Declaration %(cell)s: the company name is missing; enter your company's name.")
        yield at_declaration(
            "company.name.missing", Severity.ERROR, message % {"cell": name.cell}, name.cell
        )


@rule
def rule_company_scope(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    company = declaration.company
    cell = company.scope_raw.cell
    if not company.scope_raw.value:
        message = _(
            "Declaration %(cell)s: the declaration scope is missing; choose whether this "
            "declaration covers the whole company, a list of products or a scope you define."
        )
        yield at_declaration(
            "company.scope.missing", Severity.ERROR, message % {"cell": cell}, cell
        )
    elif company.scope is None:
        layout = layout_of(declaration)
        choices = quoted([text for text, _scope in layout.scope_choices]) if layout else ""
        message = _(
            'Declaration %(cell)s: "%(value)s" is not a declaration scope of this template; '
            "choose one of: %(choices)s."
        )
        params = {"cell": cell, "value": company.scope_raw.value, "choices": choices}
        yield at_declaration("company.scope.invalid", Severity.ERROR, message % params, cell)
    elif company.scope in SCOPES_NEEDING_DESCRIPTION and not company.scope_description.value:
        description_cell = company.scope_description.cell
        message = _(
            'Declaration %(cell)s: the scope is "%(scope)s", but the description of scope is '
            "missing; describe what this declaration covers."
        )
        params = {"cell": description_cell, "scope": company.scope_raw.value}
        yield at_declaration(
            "company.scope_description.missing", Severity.ERROR, message % params, description_cell
        )


def _required_contact_fields(declaration: Declaration) -> tuple[str, ...]:
    """What this release's Checker requires; for releases without a map, the 6.x list
    minus the fields the release does not have (no cell)."""
    layout = layout_of(declaration)
    return (layout or LAYOUT_6X).required_contact_fields


@rule
def rule_contact_fields(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """Contact and authorizer as the release's Checker requires them: 6.x contact name,
    email, phone, authorizer and authorizer email; 3.01 also the authorizer's phone;
    2.x (no contact fields) authorizer and authorizer email. Emails must contain "@"."""
    for field_name in _required_contact_fields(declaration):
        field: TextField = getattr(declaration.company, field_name)
        if not field.cell:
            continue
        if not field.value:
            message = _(_MISSING[field_name]) % {"cell": field.cell}
            code = f"company.{field_name}.missing"
            yield at_declaration(code, Severity.ERROR, message, field.cell)
        elif field_name in _NO_AT and "@" not in field.value:
            message = _(_NO_AT[field_name]) % {"cell": field.cell, "value": field.value}
            code = f"company.{field_name}.invalid"
            yield at_declaration(code, Severity.ERROR, message, field.cell)


@rule
def rule_effective_date_present(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    raw = declaration.company.effective_date_raw
    if not raw.value:
        message = _(
            "Declaration %(cell)s: the effective date is missing; enter the date this "
            "declaration was completed."
        )
        yield at_declaration("date.missing", Severity.ERROR, message % {"cell": raw.cell}, raw.cell)
    elif declaration.company.effective_date is None:
        message = _(
            'Declaration %(cell)s: the effective date "%(value)s" is not a date; enter it as a '
            "date."
        )
        params = {"cell": raw.cell, "value": raw.value}
        yield at_declaration("date.invalid", Severity.ERROR, message % params, raw.cell)


@rule
def rule_effective_date_plausible(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    """A date in the future is an error; a date before the template allows it, or far
    from the campaign's reporting year (more than a year before it starts, or more than
    six months after it ends), is a warning."""
    effective = declaration.company.effective_date
    cell = declaration.company.effective_date_raw.cell
    if effective is None:
        return
    params: dict[str, object] = {"cell": cell, "date": effective.isoformat()}
    if effective > context.today:
        message = _(
            "Declaration %(cell)s: the effective date %(date)s is in the future (today is "
            "%(today)s); enter the date this declaration was completed."
        )
        params["today"] = context.today.isoformat()
        yield at_declaration("date.future", Severity.ERROR, message % params, cell)
    elif effective <= EARLIEST_EFFECTIVE_DATE:
        message = _(
            "Declaration %(cell)s: the effective date %(date)s is before 2007, earlier than the "
            "template accepts; check the year."
        )
        yield at_declaration("date.implausible", Severity.WARNING, message % params, cell)
    elif context.reporting_year is not None:
        year = context.reporting_year
        start, end = date(year - 1, 1, 1), date(year + 1, 6, 30)
        if not start <= effective <= end:
            message = _(
                "Declaration %(cell)s: the effective date %(date)s is far from reporting year "
                "%(year)s (expected %(start)s to %(end)s); check that this declaration is for "
                "that year."
            )
            params |= {"year": year, "start": start.isoformat(), "end": end.isoformat()}
            yield at_declaration("date.implausible", Severity.WARNING, message % params, cell)


@rule
def rule_template_version(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    identity = declaration.identity
    if version_key(identity.version) < version_key(context.minimum_version):
        message = _(
            "Declaration %(cell)s: this is %(kind)s %(version)s, older than the oldest accepted "
            "release %(minimum)s; ask the supplier to resend it on the current template."
        )
        params = {
            "cell": VERSION_CELL,
            "kind": identity.kind,
            "version": identity.version or "?",
            "minimum": context.minimum_version,
        }
        yield at_declaration("template.outdated", Severity.WARNING, message % params, VERSION_CELL)
