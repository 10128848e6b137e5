"""Product List: required when the declaration covers products (cmrt-format.md §6 and
§7, Checker row 64), and its rows usable."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cmrt.checks.common import layout_of
from cmrt.checks.context import CheckContext
from cmrt.checks.registry import rule
from cmrt.declaration import PRODUCT_LIST, Declaration, Finding, Scope, Severity
from cmrt.layouts import LAYOUT_6X


def _at_product_list(
    code: str, severity: Severity, message: str, *, cell: str = "", row: int | None = None
) -> Finding:
    return Finding(
        code=code, severity=severity, message=message, sheet=PRODUCT_LIST, cell=cell, row=row
    )


@rule
def rule_product_list_required(
    declaration: Declaration, context: CheckContext
) -> Iterator[Finding]:
    """Scope "Product" (6.x/3.x "B", 2.x "D") needs at least one product."""
    company = declaration.company
    if company.scope is not Scope.PRODUCT or declaration.products:
        return
    layout = layout_of(declaration) or LAYOUT_6X
    cell = f"{layout.product_columns.number}{layout.product_first_row}"
    message = _(
        "Product List %(cell)s: no product is listed, but the Declaration's scope "
        '(%(scope_cell)s) is "%(scope)s"; list the products this declaration covers, one per '
        "row."
    )
    params = {"cell": cell, "scope_cell": company.scope_raw.cell, "scope": company.scope_raw.value}
    yield _at_product_list("products.missing", Severity.ERROR, message % params, cell=cell)


@rule
def rule_product_list_unused(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """A company-wide declaration with products listed: the list carries no meaning."""
    company = declaration.company
    count = len(declaration.products)
    if company.scope is not Scope.COMPANY or not count:
        return
    message = ngettext(
        'Product List: %(count)d product is listed, but the scope is "%(scope)s", so the '
        "declaration covers the whole company and the list is ignored.",
        'Product List: %(count)d products are listed, but the scope is "%(scope)s", so the '
        "declaration covers the whole company and the list is ignored.",
        count,
    )
    params = {"count": count, "scope": company.scope_raw.value}
    yield _at_product_list("products.unused", Severity.INFO, message % params)


@rule
def rule_product_rows(declaration: Declaration, context: CheckContext) -> Iterator[Finding]:
    """Each product needs its number (column B, marked required), once."""
    column = (layout_of(declaration) or LAYOUT_6X).product_columns.number
    first_by_number: dict[str, int] = {}
    for product in declaration.products:
        number = product.number.strip()
        if not number:
            message = _(
                "Product List row %(row)d: the product has no product number; enter it in "
                "column %(column)s."
            )
            params = {"row": product.row, "column": column}
            yield _at_product_list(
                "product.number.missing", Severity.WARNING, message % params, row=product.row
            )
            continue
        first = first_by_number.setdefault(number.casefold(), product.row)
        if first != product.row:
            message = _(
                'Product List row %(row)d: product number "%(number)s" repeats row %(first)d; '
                "remove one of the two rows."
            )
            params = {"row": product.row, "number": number, "first": first}
            yield _at_product_list(
                "product.duplicate", Severity.WARNING, message % params, row=product.row
            )
